"""The call's rules for each activity: its type and length, where it goes (abroad, or to us for
incoming visitors), pupils in groups and accompanied, learning agreements, persons per visit, the
travel days, and dates inside the project period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.errors import Issue
from generator.inputs.parts import Activity
from generator.inputs.project import Project
from generator.rules.ruleset import PUPIL_ACTIVITIES

AT_HOME = ("virtual", "local")  # activities without travel


def activity_issues(project: Project, act: dict[str, Any], end: dt.date) -> list[Issue]:
    """Every activity rule the project breaks (errors) or should reconsider (warnings)."""
    issues: list[Issue] = []
    for i, a in enumerate(project.activities):
        issues += _type_and_length(project.action, act, i, a)
        issues += _places(project, act, i, a)
        issues += _pupils(project.action, act, i, a)
        issues += _persons_and_travel(act, i, a)
        if a.when is not None:
            month = dt.date.fromisoformat(a.when + "-01")
            if not project.period.start.replace(day=1) <= month <= end:
                issues.append(
                    Issue(
                        ("activities", i, "when"),
                        f"{a.when} is outside the project period "
                        f"({project.period.start:%Y-%m} to {end:%Y-%m})",
                        "move it inside the period",
                        code="rule-activity-period",
                    )
                )
    return issues


def _a(kind: str) -> str:
    """ "a course", "an invited-expert"."""
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _values(act: dict[str, Any], key: str) -> Any:
    return act[key].value if key in act else None


def _type_and_length(action: str, act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    allowed = act["activity_types"].value
    if a.type not in allowed:
        yield Issue(
            ("activities", i, "type"),
            f"{action} has no activity type '{a.type}'",
            "types of this action: " + ", ".join(allowed),
            code="rule-activity-type",
        )
        return
    lengths = act["activity_days"].value
    if a.type in lengths:
        low, high = lengths[a.type]
        if not low <= a.days <= high:
            yield Issue(
                ("activities", i, "days"),
                f"{_a(a.type)} in {action} lasts {low}–{high} days (travel excluded), not {a.days}",
                f"plan {low} to {high} days",
                code="rule-activity-length",
            )


def _places(project: Project, act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    home = project.applicant.country
    incoming = a.type in (_values(act, "incoming") or [])
    if incoming:
        if a.origin is None:
            yield Issue(
                ("activities", i),
                f"{_a(a.type)} comes to you: say where the visitors come from",
                "add 'origin: {country: DE, city: Berlin}'",
                code="rule-origin",
            )
        elif a.origin.country == home:
            yield Issue(
                ("activities", i, "origin", "country"),
                f"{_a(a.type)} comes from abroad, not from {home}, the applicant's own country",
                "write the country and town the visitors travel from",
                code="rule-origin-abroad",
            )
        if a.destination is not None:
            yield Issue(
                ("activities", i, "destination"),
                f"{_a(a.type)} takes place at the applicant's: it has no destination",
                "remove 'destination'; 'origin' says where the visitors come from",
                code="rule-destination",
            )
        return
    indicative = "plan_activities" in act and act["plan_activities"].value
    if a.destination is None and a.type not in AT_HOME and not indicative:
        yield Issue(
            ("activities", i),
            f"{_a(a.type)} needs a destination",
            "add 'destination: {country: DE, city: Berlin}'",
            code="rule-destination",
        )
    elif a.destination is not None and a.destination.country == home:
        yield Issue(
            ("activities", i, "destination", "country"),
            f"a mobility goes abroad: {a.destination.city} is in {home}, the applicant's own country",
            "write the host's country and town abroad; visitors who come to you are an "
            "invited-expert or hosting-teachers activity with 'origin'",
            code="rule-destination-abroad",
        )


def _pupils(action: str, act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    if a.type not in PUPIL_ACTIVITIES:
        return
    group = a.type == "pupil-group-exchange"
    least = _values(act, "pupils_min_per_group")
    if group and least is not None and a.participants < least:
        yield Issue(
            ("activities", i, "participants"),
            f"a pupil group in {action} has at least {least} pupils, not {a.participants}",
            f"plan {least} or more pupils, or an individual pupil mobility",
            code="rule-pupil-group",
        )
    if group and a.accompanying == 0:
        required = bool(_values(act, "pupils_accompanied"))
        yield Issue(
            ("activities", i, "accompanying"),
            f"pupils in {action} are accompanied throughout"
            if required
            else "pupils travel with accompanying adults",
            "add 'accompanying: N' (teachers or other adults who travel with the group)",
            "error" if required else "warning",
            code="rule-accompanying",
        )
    if a.type in (_values(act, "learning_agreement") or []) and not a.learning_agreement:
        yield Issue(
            ("activities", i),
            f"{_a(a.type)} requires a learning agreement between the pupil, the sending and the "
            "hosting school",
            "plan it and say so: 'learning_agreement: true'",
            code="rule-learning-agreement",
        )


def _persons_and_travel(act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    most = (_values(act, "persons_max") or {}).get(a.type)
    if most is not None and a.participants + a.accompanying > most:
        yield Issue(
            ("activities", i, "participants"),
            f"{_a(a.type)} takes at most {most} persons, not {a.participants + a.accompanying}",
            f"send at most {most}",
            code="rule-persons",
        )
    key = "green_travel_days" if a.green_travel and "green_travel_days" in act else "travel_days"
    allowed = _values(act, key)
    if a.travel_days is not None and allowed is not None and a.travel_days > allowed:
        how = "with green travel" if key == "green_travel_days" else "with standard travel"
        yield Issue(
            ("activities", i, "travel_days"),
            f"at most {allowed} travel day{'s' if allowed != 1 else ''} {'are' if allowed != 1 else 'is'} "
            f"funded {how}, not {a.travel_days}",
            f"write at most {allowed}"
            + (
                "; green travel (train, bus, car-sharing) allows more"
                if key == "travel_days"
                else ""
            ),
            code="rule-travel-days",
        )
