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
from generator.messages import said
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
                        *said(
                            "rule.activity-period",
                            when=a.when,
                            first=f"{project.period.start:%Y-%m}",
                            last=f"{end:%Y-%m}",
                        ),
                        code="rule-activity-period",
                    )
                )
    return issues


def _values(act: dict[str, Any], key: str) -> Any:
    return act[key].value if key in act else None


def _type_and_length(action: str, act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    allowed = act["activity_types"].value
    if a.type not in allowed:
        yield Issue(
            ("activities", i, "type"),
            *said("rule.activity-type", action=action, type=a.type, types=", ".join(allowed)),
            code="rule-activity-type",
        )
        return
    lengths = act["activity_days"].value
    if a.type in lengths:
        low, high = lengths[a.type]
        if not low <= a.days <= high:
            yield Issue(
                ("activities", i, "days"),
                *said(
                    "rule.activity-length",
                    type=a.type,
                    action=action,
                    low=low,
                    high=high,
                    days=a.days,
                ),
                code="rule-activity-length",
            )


def _places(project: Project, act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    home = project.applicant.country
    incoming = a.type in (_values(act, "incoming") or [])
    if incoming:
        if a.origin is None:
            yield Issue(("activities", i), *said("rule.origin", type=a.type), code="rule-origin")
        elif a.origin.country == home:
            yield Issue(
                ("activities", i, "origin", "country"),
                *said("rule.origin-abroad", type=a.type, home=home),
                code="rule-origin-abroad",
            )
        if a.destination is not None:
            yield Issue(
                ("activities", i, "destination"),
                *said("rule.incoming-destination", type=a.type),
                code="rule-destination",
            )
        return
    indicative = "plan_activities" in act and act["plan_activities"].value
    if a.destination is None and a.type not in AT_HOME and not indicative:
        yield Issue(
            ("activities", i), *said("rule.destination", type=a.type), code="rule-destination"
        )
    elif a.destination is not None and a.destination.country == home:
        yield Issue(
            ("activities", i, "destination", "country"),
            *said("rule.destination-abroad", city=a.destination.city, home=home),
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
            *said("rule.pupil-group", action=action, least=least, n=a.participants),
            code="rule-pupil-group",
        )
    if group and a.accompanying == 0:
        required = bool(_values(act, "pupils_accompanied"))
        yield Issue(
            ("activities", i, "accompanying"),
            *said("rule.accompanied" if required else "rule.accompanying", action=action),
            "error" if required else "warning",
            code="rule-accompanying",
        )
    if a.type in (_values(act, "learning_agreement") or []) and not a.learning_agreement:
        yield Issue(
            ("activities", i),
            *said("rule.learning-agreement", type=a.type),
            code="rule-learning-agreement",
        )


def _persons_and_travel(act: dict[str, Any], i: int, a: Activity) -> Iterator[Issue]:
    most = (_values(act, "persons_max") or {}).get(a.type)
    if most is not None and a.participants + a.accompanying > most:
        yield Issue(
            ("activities", i, "participants"),
            *said("rule.persons", type=a.type, most=most, n=a.participants + a.accompanying),
            code="rule-persons",
        )
    key = "green_travel_days" if a.green_travel and "green_travel_days" in act else "travel_days"
    allowed = _values(act, key)
    if a.travel_days is not None and allowed is not None and a.travel_days > allowed:
        green = key == "green_travel_days"
        yield Issue(
            ("activities", i, "travel_days"),
            *said(
                "rule.travel-days-green" if green else "rule.travel-days",
                most=allowed,
                n=a.travel_days,
            ),
            code="rule-travel-days",
        )
