"""The rules of the 2021–27 forms beyond mobility: an Erasmus plan's years, objectives and numbers
(KA120-SCH), a cooperation partnership's work packages, topics and organisations (KA220-SCH)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from generator.errors import Issue
from generator.inputs.parts import Activity
from generator.inputs.project import Project
from generator.messages import Listing, said
from generator.rules.ruleset import PUPIL_ACTIVITIES


def plan_issues(project: Project, act: dict[str, Any]) -> list[Issue]:
    """Every rule of the plan or partnership forms the project breaks (errors) or should
    reconsider (warnings)."""
    issues: list[Issue] = []
    if "plan_activities" in act and act["plan_activities"].value:
        issues += _plan_years(project)
        issues += _objectives_reached(project)
        if "plausible_share" in act:
            issues += _plausible(project, act["plausible_share"].value)
    if "work_packages" in act:
        issues += _work_packages(project, act["work_packages"].value)
    if "topics_max" in act and len(project.topics) > act["topics_max"].value:
        issues.append(
            Issue(
                ("topics",),
                *said(
                    "rule.topics",
                    n=len(project.topics),
                    action=project.action,
                    most=act["topics_max"].value,
                ),
                code="rule-topics",
            )
        )
    if "established_years_min" in act:
        issues += _established(project, act["established_years_min"].value)
    return issues


def plan_years(project: Project) -> list[int]:
    """The calendar years an Erasmus plan runs through."""
    start = project.period.start
    last_month = start.month - 1 + project.period.months - 1
    return list(range(start.year, start.year + last_month // 12 + 1))


def activity_year(a: Activity) -> int | None:
    """The plan year of an activity: its `year`, else the year of its `when`."""
    return a.year if a.year is not None else int(a.when[:4]) if a.when else None


def _plan_years(project: Project) -> Iterator[Issue]:
    years = plan_years(project)
    for i, a in enumerate(project.activities):
        year = activity_year(a)
        if year is None:
            yield Issue(
                ("activities", i),
                *said("rule.plan-year-missing", first=years[0], last=years[-1]),
                code="rule-plan-year",
            )
        elif year not in years:
            yield Issue(
                ("activities", i, "year" if a.year is not None else "when"),
                *said("rule.plan-year", year=year, first=years[0], last=years[-1]),
                code="rule-plan-year",
            )


def _objectives_reached(project: Project) -> Iterator[Issue]:
    planned = {g for a in project.activities for g in a.goals}
    for i, goal in enumerate(project.goals):
        if goal.id not in planned:
            yield Issue(
                ("goals", i), *said("rule.plan-objective", goal=goal.id), code="rule-plan-objective"
            )


def _plausible(project: Project, share: dict[str, float]) -> Iterator[Issue]:
    """Advice when a year's mobilities are many for the organisation's size."""
    staff, pupils = project.applicant.staff, project.applicant.pupils
    if staff is None or pupils is None:
        yield Issue(("applicant",), *said("rule.plan-size"), "info", code="plan-numbers")
        return
    per_year: dict[int, Counter[str]] = {}
    for a in project.activities:
        year = activity_year(a)
        if year is None:
            continue
        kind = "pupils" if a.type in PUPIL_ACTIVITIES else "staff"
        per_year.setdefault(year, Counter())[kind] += a.participants
        per_year[year]["staff"] += a.accompanying
    for year, counts in sorted(per_year.items()):
        for kind, size in (("staff", staff), ("pupils", pupils)):
            limit = share[kind] * size
            if counts[kind] > limit:
                yield Issue(
                    ("activities",),
                    *said(
                        f"rule.plan-numbers-{kind}",
                        n=counts[kind],
                        year=year,
                        share=share[kind],
                        size=size,
                    ),
                    "warning",
                    code="plan-numbers",
                )


def _work_packages(project: Project, rules: dict[str, Any]) -> Iterator[Issue]:
    packages = project.work_packages
    first = f"{project.period.start:%Y-%m}"
    last_month = project.period.start.month - 1 + project.period.months - 1
    last = f"{project.period.start.year + last_month // 12}-{last_month % 12 + 1:02d}"
    for i, wp in enumerate(packages):
        if wp.start and wp.end and wp.end < wp.start:
            yield Issue(
                ("work_packages", i, "end"),
                *said("rule.wp-order", id=wp.id, start=wp.start, end=wp.end),
                code="rule-work-packages",
            )
        for key in ("start", "end"):
            month = getattr(wp, key)
            if month and not first <= month <= last:
                yield Issue(
                    ("work_packages", i, key),
                    *said("rule.wp-period", month=month, first=first, last=last),
                    code="rule-work-packages",
                )
    managing = [i for i, wp in enumerate(packages) if wp.management]
    if len(managing) != 1:
        yield Issue(
            ("work_packages",),
            *said("rule.wp-management", n=len(managing)),
            code="rule-work-packages",
        )
    others = len(packages) - len(managing)
    if not rules["others_min"] <= others <= rules["others_max"]:
        yield Issue(
            ("work_packages",),
            *said(
                "rule.wp-others",
                n=others,
                action=project.action,
                low=rules["others_min"],
                high=rules["others_max"],
            ),
            code="rule-work-packages",
        )
    elif len(packages) > rules["advised_max"]:
        yield Issue(
            ("work_packages",),
            *said("rule.wp-many", n=len(packages), most=rules["advised_max"]),
            "warning",
            code="rule-work-packages",
        )


def _established(project: Project, years: int) -> Iterator[Issue]:
    organisations: list[tuple[Any, Any]] = [(("applicant",), project.applicant)]
    organisations += [(("partners", i), p) for i, p in enumerate(project.partners or [])]
    unknown = [o.name for _, o in organisations if o.established is None]
    for path, o in organisations:
        if o.established is not None and project.call - o.established < years:
            yield Issue(
                (*path, "established"),
                *said(
                    "rule.established",
                    name=o.name,
                    year=o.established,
                    action=project.action,
                    years=years,
                ),
                code="partner-established",
            )
    if unknown:
        yield Issue(
            ("partners",),
            *said(
                "rule.established-unknown",
                action=project.action,
                years=years,
                names=Listing.of(unknown),
            ),
            "info",
            code="partner-established",
        )
