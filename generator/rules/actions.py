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
from typing import Literal

Family = Literal["mobility", "partnership"]

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


@dataclass(frozen=True)
class ActionSpec:
    """What the code needs to know of one action (its figures are in the rule files)."""

    family: Family  # mobility: one organisation sends staff/pupils; partnership: schools together
    programme: str  # the programme period, e.g. 2021-2027
    form_order: tuple[str, ...]  # the web form's fields in order (documents.fields builds each)
    checklist: tuple[tuple[str, tuple[str, ...]], ...]


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
            "activities",
            "participants",
            "preparation",
            "learning_outcomes",
            "dissemination",
            "follow_up",
            "summary",
        ),
        _PARTNERSHIP_CHECKLIST,
    ),
}


def of_family(family: Family) -> tuple[str, ...]:
    """The actions of one family, in the registry's order: ("KA229", "KA210-SCH")."""
    return tuple(name for name, spec in ACTIONS.items() if spec.family == family)


def is_partnership(action: str) -> bool:
    """Whether an action is a partnership of schools (partners, roles, common goals)."""
    return ACTIONS[action].family == "partnership"
