"""One row per Erasmus+ action: what kind of action it is, its web form's field order, and the
checklist a workshop shows for it. The call's figures (lengths, limits, unit costs) are data in
data/rules/<year>.yaml; what an action says is in templates/ (its application template and its
labels in each language). tests/test_registry.py names anything an action lacks.

Adding an action: a row here, its name in `inputs.types.Action`, a block in the rule file of each
call that offers it, `templates/application/<ACTION>.md.j2`, and the keys in `LABEL_KEYS` in
every `templates/labels/<language>.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from generator.errors import Issue
from generator.messages import said

Family = Literal["mobility", "partnership", "accreditation"]

# The label entries every action needs in each language ({action} is the action's code).
LABEL_KEYS = (
    "actions.{action}",
    "deck.action_names.{action}",
    "deck.action_points.{action}",
    "handout.who.{action}",
    "handout.budget.{action}",
)

# The workshop checklists, "Important in the application": each item (a key of the
# deck.checklist labels) with the finding codes `gen check` reports when a project misses it.
_NEEDS_GOALS = (
    "trace-need-unanswered",
    "trace-goal-without-activity",
    "trace-goal-without-outcome",
)
_ROUTINES = ("selection-vague", "preparation-vague", "follow-up-vague")
_OUTCOMES = ("trace-goal-without-outcome", "outcome-not-ability", "dissemination-use")
_MOBILITY_CHECKLIST = (
    ("needs-goals", _NEEDS_GOALS),
    ("routines", _ROUTINES),
    ("outcomes", _OUTCOMES),
    ("think-small", ("think-small",)),
)
_PARTNERSHIP_CHECKLIST = (
    ("needs-goals-common", (*_NEEDS_GOALS, "goals-common")),
    ("partners", ("partner-description",)),
    ("routines", _ROUTINES),
    ("outcomes", _OUTCOMES),
)
_ACCREDITATION_CHECKLIST = (
    ("needs-goals", _NEEDS_GOALS),
    ("plan", ("plan-numbers", "trace-goal-without-activity")),
    ("quality-standards", ("form-part",)),
)
_REQUEST_CHECKLIST = (
    ("objectives-referenced", ("form-part",)),
    ("activities-planned", ("rule-activity-type", "rule-activity-length")),
)
_COOPERATION_CHECKLIST = (
    ("needs-goals-common", (*_NEEDS_GOALS, "goals-common")),
    ("partners", ("partner-description", "partner-established")),
    ("work-packages", ("rule-work-packages", "budget-work-package-shares")),
    ("outcomes", _OUTCOMES),
)


# The parts of a project file each kind of form asks for (a missing one is an error where the
# form has it): the routines of a mobility or partnership application.
_ROUTINE_PARTS = (
    "needs",
    "goals",
    "selection",
    "preparation",
    "follow_up",
    "learning_outcomes",
    "dissemination",
)


@dataclass(frozen=True)
class ActionSpec:
    """What the code needs to know of one action (its figures are in the rule files)."""

    # mobility: one organisation sends staff or pupils; partnership: schools together;
    # accreditation: an Erasmus plan for years, whose mobilities are requested yearly.
    family: Family
    programme: str  # the programme period, e.g. 2021-2027
    form_order: tuple[str, ...]  # the web form's fields in order (documents.fields builds each)
    checklist: tuple[tuple[str, tuple[str, ...]], ...]
    requires: tuple[str, ...] = _ROUTINE_PARTS  # the project keys the form needs
    newcomers: bool = False  # an action for first applications (gen check: "think small")


ACTIONS: dict[str, ActionSpec] = {
    "KA101": ActionSpec(
        "mobility",
        "2014-2020",
        (
            "title",
            "acronym",
            "organisation",
            "needs",
            "goals",
            "participants",
            "preparation",
            "activities",
            "learning_outcomes",
            "dissemination",
            "follow_up",
            "summary",
        ),
        _MOBILITY_CHECKLIST,
        newcomers=True,
    ),
    "KA229": ActionSpec(
        "partnership",
        "2014-2020",
        (
            "title",
            "acronym",
            "organisation",
            "partners",
            "needs",
            "goals",
            "participants",
            "preparation",
            "activities",
            "learning_outcomes",
            "follow_up",
            "dissemination",
            "summary",
        ),
        _PARTNERSHIP_CHECKLIST,
        newcomers=True,
    ),
    "KA122-SCH": ActionSpec(
        "mobility",
        "2021-2027",
        (
            "title",
            "acronym",
            "organisation",
            "needs",
            "goals",
            "activities",
            "participants",
            "preparation",
            "learning_outcomes",
            "dissemination",
            "follow_up",
            "summary",
        ),
        _MOBILITY_CHECKLIST,
        newcomers=True,
    ),
    "KA210-SCH": ActionSpec(
        "partnership",
        "2021-2027",
        (
            "title",
            "acronym",
            "organisation",
            "needs",
            "goals",
            "partners",
            "cooperation",  # "Partnership and cooperation arrangements", if written
            "activities",
            "participants",
            "preparation",
            "learning_outcomes",
            "dissemination",
            "follow_up",
            "summary",
        ),
        _PARTNERSHIP_CHECKLIST,
        newcomers=True,
    ),
    "KA120-SCH": ActionSpec(
        "accreditation",
        "2021-2027",
        (
            "title",
            "acronym",
            "organisation",
            "consortium",
            "needs",
            "goals",
            "plan_activities",
            "management",
            "summary",
        ),
        _ACCREDITATION_CHECKLIST,
        ("needs", "goals", "management", "quality_standards"),
    ),
    "KA121-SCH": ActionSpec(
        "mobility",
        "2021-2027",
        ("title", "organisation", "goals", "activities", "participants", "budget"),
        _REQUEST_CHECKLIST,
        ("accreditation",),
    ),
    "KA220-SCH": ActionSpec(
        "partnership",
        "2021-2027",
        (
            "title",
            "acronym",
            "organisation",
            "partners",
            "topics",  # the form's "Relevance" starts with the priorities and topics
            "needs",
            "goals",
            "cooperation",
            "work_packages",
            "activities",
            "budget",
            "learning_outcomes",
            "dissemination",
            "follow_up",
            "summary",
        ),
        _COOPERATION_CHECKLIST,
        (
            "needs",
            "goals",
            "learning_outcomes",
            "dissemination",
            "follow_up",
            "cooperation",
            "work_packages",
        ),
    ),
}


def of_family(family: Family) -> tuple[str, ...]:
    """The actions of one family, in the registry's order: ("KA229", "KA210-SCH")."""
    return tuple(name for name, spec in ACTIONS.items() if spec.family == family)


def requires(action: str, key: str) -> bool:
    """Whether the action's form asks for the project key `key`."""
    return key in ACTIONS[action].requires


def is_partnership(action: str) -> bool:
    """Whether an action is a partnership of schools (partners, roles, common goals)."""
    return ACTIONS[action].family == "partnership"


# Keys that only some actions' forms have: elsewhere they are not used (a warning).
SPECIFIC = (
    "accreditation",
    "management",
    "quality_standards",
    "cooperation",
    "work_packages",
    "topics",
)
OPTIONAL = {"KA220-SCH": ("topics",), "KA210-SCH": ("cooperation",)}


def form_parts(action: str, data: dict[str, Any], committed: bool) -> list[Issue]:
    """The parts of a project file (its raw data; `committed`: its quality_standards as parsed)
    that the action's form needs and lacks (errors), or that it does not use (warnings)."""
    spec, issues = ACTIONS[action], []
    for key in spec.requires:
        value = committed if key == "quality_standards" else data.get(key)
        if value is True or (value not in (None, [], "", False)):
            continue
        if key == "quality_standards":
            text = said("rule.quality-standards", action=action)
        elif key in data and data[key] is not None:
            text = said("validate.too-short", n=1)
        else:
            text = said("rule.form-part-missing", key=key, action=action)
        issues.append(Issue((key,), *text, code="form-part"))
    if "accreditation" in spec.requires:
        issues += [
            Issue((key,), *said(f"rule.request-{key}", action=action), code="form-part")
            for key in ("needs", "goals")
            if key in data
        ]
    used = set(spec.requires) | set(OPTIONAL.get(action, ()))
    issues += [
        Issue(
            (key,),
            *said("rule.form-part-unused", key=key, action=action),
            "warning",
            code="form-part-unused",
        )
        for key in SPECIFIC
        if key in data and key not in used
    ]
    return issues
