"""`gen check`: review a project the way reviewers score it, before it is submitted.

The seed's advice ("identified needs and clear goals", "clear routines for selection, preparation
and follow-up", "expected learning outcomes and how they will be disseminated and used", for
partnerships "goals common to all schools" and "why should we cooperate and how") becomes
findings with a level, a stable code, the key path and a hint. The call's rules and the budget cap
(from `rules` and `budget`) are findings too. Each code touches one or more award criteria, so the
applicant sees where the application is weak: guidance, not a predicted score.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from generator.errors import Issue, KeyPath, Problem
from generator.facts.budget import over_cap_as_errors
from generator.inputs.placeholders import leftover
from generator.loaded import Draft
from generator.messages import Msg, language_of, said
from generator.rules.actions import ACTIONS, is_partnership

# Words that make a learning outcome say what participants will be able to do.
ABILITY = re.compile(r"\b(kan|kunne|can|able to)\b", re.IGNORECASE)
# Words that say how results are used after the project (besides being spread).
USE = re.compile(
    r"\b(bruk\w*|brukes|videref\w+|implementer\w*|innarbeid\w*|forankr\w*|plan\w*|use[sd]?|using|"
    r"embed\w*|integrat\w*|continu\w*)\b",
    re.IGNORECASE,
)
# Words that say a goal is shared by all the schools.
COMMON = re.compile(
    r"\b(alle|felles|sammen|saman|partner\w*|skolene|skulane|all|common|shared|together)\b",
    re.IGNORECASE,
)
MIN_ITEMS, MIN_WORDS = 2, 15  # below this, a routine is "one vague line"

# Award criteria each finding touches (the Programme Guide: relevance, quality of design, impact and
# dissemination; partnership for the partnerships).
CRITERIA: dict[str, tuple[str, ...]] = {
    "trace-need-unanswered": ("relevance",),
    "trace-goal-without-activity": ("relevance", "quality"),
    "request-goal-without-activity": ("relevance",),
    "trace-goal-without-outcome": ("relevance", "impact"),
    "selection-vague": ("quality",),
    "preparation-vague": ("quality",),
    "follow-up-vague": ("quality", "impact"),
    "outcome-not-ability": ("impact",),
    "dissemination-use": ("impact",),
    "partner-description": ("partnership",),
    "goals-common": ("relevance", "partnership"),
    "think-small": ("quality",),
    "leftover": ("quality",),
    "form-field-too-long": ("quality",),
    "form-field-empty": ("quality",),
    "rule-priority": ("relevance",),
    "rule-schools": ("partnership",),
    "rule-countries": ("partnership",),
    "rule-coordinator": ("partnership",),
    "rule-partner-type": ("partnership",),
    "rule-organisations": ("partnership",),
    "rule-activity-type": ("quality",),
    "rule-activity-length": ("quality",),
    "form-part": ("quality",),
    "plan-numbers": ("quality",),
    "rule-plan-year": ("quality",),
    "rule-plan-objective": ("relevance", "quality"),
    "rule-work-packages": ("quality",),
    "budget-work-package-shares": ("quality",),
    "partner-established": ("partnership",),
    "rule-topics": ("relevance",),
}


class FormField(Protocol):
    """A web-form field as pasted (documents.fields builds them): what the review needs of it."""

    @property
    def label(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def path(self) -> KeyPath: ...

    @property
    def limit(self) -> int: ...

    @property
    def limit_confidence(self) -> str: ...

    @property
    def length(self) -> int: ...

    @property
    def over(self) -> bool: ...


@dataclass(frozen=True)
class Review:
    """The findings of one file and what a reader needs beside them, said in `language` (the
    file's)."""

    file: str
    findings: tuple[Problem, ...]
    criteria: tuple[str, ...]  # the award criteria of the action
    chain: tuple[tuple[str, str, str, str], ...]  # need → goal → activities → outcomes, numbered
    deadline: Msg | None = None  # the call's deadline for the action, where the rules have one
    language: str = "en"


def review(loaded: Draft, fields: Sequence[FormField]) -> Review:
    """Every finding about a project and its web-form fields as pasted, in file order."""
    project = loaded.project
    issues = [
        *_traceability(loaded),
        *_routines(loaded),
        *_partnership(loaded),
        *_think_small(loaded),
        *_travel_and_fees(loaded),
        *_leftovers(loaded.doc.data, ()),
        *_form_limits(fields),
    ]
    found = {loaded.doc.locate(i) for i in issues}
    # The call's rules and the budget: a cap exceeded is an error here, as in `gen budget`.
    found |= set(over_cap_as_errors(loaded.problems))
    # Advice on a part that still holds a placeholder waits until the placeholder is written
    # (a fresh `gen new` file gets one finding per placeholder, not two).
    waiting = {p.key for p in found if p.code == "leftover"}
    found = {
        p
        for p in found
        if p.level == "error"
        or p.code.startswith("form-field")  # a length counts the placeholder too
        or not any(_within(key, p.key) for key in waiting)
    }
    criteria = ("relevance", "quality", "impact") + (
        ("partnership",) if is_partnership(project.action) else ()
    )
    return Review(
        loaded.doc.file,
        tuple(sorted(found, key=lambda p: (p.line, p.col, p.code))),
        criteria,
        _chain(loaded),
        _deadline(loaded),
        loaded.doc.language,
    )


def _within(key: str, part: str) -> bool:
    """ "partners[0].name" is within "partners" (and within itself)."""
    return key == part or key.startswith((f"{part}.", f"{part}["))


def _deadline(loaded: Draft) -> Msg | None:
    rules = loaded.rules
    if rules is None or loaded.project.action not in rules.deadline:
        return None
    value = rules.deadline[loaded.project.action]
    when = dt.datetime.fromisoformat(value.value)
    sure = Msg(f"report.deadline-{value.confidence}") if value.confidence in "SA" else ""
    return Msg("report.deadline", when=when, sure=sure)


def _travel_and_fees(loaded: Draft) -> Iterator[Issue]:
    """Advice on what the budget pays: more travel days with green travel, course days beyond
    those with fees."""
    if loaded.rules is None:
        return
    act = loaded.rules.action(loaded.project.action)
    most = loaded.rules.rates.get("course_fee_max_days")
    for i, a in enumerate(loaded.project.activities):
        if a.green_travel and a.travel_days is None and "green_travel_days" in act:
            yield Issue(
                ("activities", i, "green_travel"),
                *said(
                    "check.green-travel-days",
                    most=act["green_travel_days"].value,
                    counted=act["travel_days"].value,
                ),
                "info",
                "green-travel-days",
            )
        pays_fees = act.get("budget", {}).get("course_fees")
        if a.type == "course" and pays_fees and most is not None and a.days > int(most.value):
            yield Issue(
                ("activities", i, "days"),
                *said("check.course-fee-days", most=int(most.value), rest=a.days - int(most.value)),
                "info",
                "course-fee-days",
            )


def _chain(loaded: Draft) -> tuple[tuple[str, str, str, str], ...]:
    """One row per goal; the outcomes are "" where the form asks for none (an accreditation's
    Erasmus plan and its yearly requests)."""
    p, f = loaded.project, loaded.facts
    asks_outcomes = "learning_outcomes" in ACTIONS[p.action].requires
    # Each goal's activities and outcomes, gathered in one pass over each list (not one pass
    # per goal: with thousands of both, that was quadratic).
    serving: dict[str, list[str]] = {}
    reaching: dict[str, list[str]] = {}
    for i, a in enumerate(p.activities, 1):
        for g in dict.fromkeys(a.goals):
            serving.setdefault(g, []).append(str(i))
    for i, o in enumerate(p.learning_outcomes, 1):
        for g in dict.fromkeys(o.goals):
            reaching.setdefault(g, []).append(str(i))
    rows = []
    for goal in p.goals:
        acts, outcomes = serving.get(goal.id, []), reaching.get(goal.id, [])
        needs = ", ".join(str(f.need_numbers[n]) for n in goal.needs)
        rows.append(
            (
                needs,
                str(f.goal_numbers[goal.id]),
                ", ".join(acts) or "—",
                (", ".join(outcomes) or "—") if asks_outcomes else "",
            )
        )
    return tuple(rows)


def _traceability(loaded: Draft) -> Iterator[Issue]:
    p = loaded.project
    parts = ACTIONS[p.action].requires
    if "goals" not in parts:
        # A request: its accreditation's goals are traced in that file. Here: which of them
        # wait for a later request (the application says so too).
        served = {g for a in p.activities for g in a.goals}
        for number, goal in enumerate(p.goals, 1):
            if goal.id not in served:
                yield Issue(
                    ("activities",),
                    *said("check.request-goal", number=number, goal=goal.id),
                    "info",
                    "request-goal-without-activity",
                )
        return
    answered = {n for g in p.goals for n in g.needs}
    served = {g for a in p.activities for g in a.goals}
    reached = {g for o in p.learning_outcomes for g in o.goals}
    for i, need in enumerate(p.needs):
        if need.id not in answered:
            yield Issue(
                ("needs", i),
                *said("check.need-unanswered", need=need.id),
                "warning",
                "trace-need-unanswered",
            )
    for i, goal in enumerate(p.goals):
        if goal.id not in served:
            yield Issue(
                ("goals", i),
                *said("check.goal-without-activity", goal=goal.id),
                "warning",
                "trace-goal-without-activity",
            )
        if "learning_outcomes" in parts and goal.id not in reached:
            yield Issue(
                ("goals", i),
                *said("check.goal-without-outcome", goal=goal.id),
                "warning",
                "trace-goal-without-outcome",
            )


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _routines(loaded: Draft) -> Iterator[Issue]:
    p = loaded.project
    parts = ACTIONS[p.action].requires
    thin = p.selection is not None and (
        len(p.selection.criteria) < MIN_ITEMS or _words([p.selection.procedure]) < MIN_WORDS
    )
    if "selection" in parts and thin:
        yield Issue(
            ("selection",),
            *said("check.selection-vague", items=MIN_ITEMS, words=MIN_WORDS),
            "warning",
            "selection-vague",
        )
    for key, items, code in (
        ("preparation", p.preparation, "preparation-vague"),
        ("follow_up", p.follow_up, "follow-up-vague"),
    ):
        if key in parts and (len(items) < MIN_ITEMS or _words(list(items)) < MIN_WORDS):
            yield Issue((key,), *said(f"check.{code}", key=key, items=MIN_ITEMS), "warning", code)
    for i, outcome in enumerate(p.learning_outcomes):
        if not ABILITY.search(outcome.text):
            yield Issue(
                ("learning_outcomes", i, "text"),
                *said("check.outcome-not-ability"),
                "warning",
                "outcome-not-ability",
            )
    texts = [d.audience + " " + d.channel + " " + (d.when or "") for d in p.dissemination] + list(
        p.follow_up
    )
    if "dissemination" in parts and not any(USE.search(t) for t in texts):
        yield Issue(
            ("dissemination",), *said("check.dissemination-use"), "warning", "dissemination-use"
        )


def _partnership(loaded: Draft) -> Iterator[Issue]:
    p = loaded.project
    if not is_partnership(p.action):
        return
    for i, partner in enumerate(p.partners or []):
        if not partner.description:
            yield Issue(
                ("partners", i),
                *said("check.partner-description", name=partner.name),
                "warning",
                "partner-description",
            )
    if not any(COMMON.search(g.text) for g in p.goals):
        yield Issue(("goals",), *said("check.goals-common"), "warning", "goals-common")


def _think_small(loaded: Draft) -> Iterator[Issue]:
    p, f = loaded.project, loaded.facts
    kinds = {a.type for a in p.activities}
    if p.first_application and (len(f.destination_countries) > 2 or len(kinds) > 2):
        yield Issue(
            ("activities",),
            *said("check.think-small", countries=len(f.destination_countries), kinds=len(kinds)),
            "info",
            "think-small",
        )


def _leftovers(node: Any, path: KeyPath) -> Iterator[Issue]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leftovers(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leftovers(value, (*path, i))
    elif isinstance(node, str) and (found := leftover(node)) is not None:
        yield Issue(path, *said("check.leftover", text=found), "error", "leftover")


def _form_limits(fields: Sequence[FormField]) -> Iterator[Issue]:
    for field in fields:
        assumed = Msg("check.assumed-limit") if field.limit_confidence == "A" else ""
        if field.over:
            yield Issue(
                field.path,
                *said(
                    "check.form-field-too-long",
                    field=field.label,
                    length=field.length,
                    limit=field.limit,
                    assumed=assumed,
                ),
                "warning",
                "form-field-too-long",
            )
        elif not field.text.strip():
            yield Issue(
                field.path,
                *said("check.form-field-empty", field=field.label),
                "warning",
                "form-field-empty",
            )


def failed_review(file: str, problems: list[Problem]) -> Review:
    """A file that cannot be reviewed (invalid YAML or schema): its problems are the findings,
    said in the language they are in (the file's, as far as it could be read)."""
    own = [p.language for p in problems if p.file == file] or [p.language for p in problems]
    return Review(file, tuple(problems), (), (), None, own[0] if own else language_of(None))
