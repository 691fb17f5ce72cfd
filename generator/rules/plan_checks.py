"""The rules of the 2021–27 forms beyond mobility: an Erasmus plan's years, objectives and numbers
(KA120-SCH), a cooperation partnership's work packages, topics and organisations (KA220-SCH)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from generator.errors import Issue
from generator.inputs.parts import Activity
from generator.inputs.project import Project
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
                f"{len(project.topics)} topics; {project.action} takes at most "
                f"{act['topics_max'].value}",
                "keep the topics closest to the project",
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
                "an activity of the Erasmus plan needs its year",
                f"add 'year:' ({years[0]}–{years[-1]})",
                code="rule-plan-year",
            )
        elif year not in years:
            yield Issue(
                ("activities", i, "year" if a.year is not None else "when"),
                f"{year} is outside the plan ({years[0]}–{years[-1]})",
                "move the activity into one of the plan's years",
                code="rule-plan-year",
            )


def _objectives_reached(project: Project) -> Iterator[Issue]:
    planned = {g for a in project.activities for g in a.goals}
    for i, goal in enumerate(project.goals):
        if goal.id not in planned:
            yield Issue(
                ("goals", i),
                f"objective '{goal.id}' is reached by no planned activity",
                "plan activities that serve it (their 'goals'), or drop the objective",
                code="rule-plan-objective",
            )


def _plausible(project: Project, share: dict[str, float]) -> Iterator[Issue]:
    """Advice when a year's mobilities are many for the organisation's size."""
    staff, pupils = project.applicant.staff, project.applicant.pupils
    if staff is None or pupils is None:
        yield Issue(
            ("applicant",),
            "the organisation's size is not given, so the numbers per year cannot be judged",
            "add 'staff:' and 'pupils:' to the applicant (for a consortium: all its members)",
            "info",
            code="plan-numbers",
        )
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
                    f"{counts[kind]} {kind} travel in {year}, more than {share[kind]:.0%} of the "
                    f"organisation's {size}",
                    "spread the mobilities over the plan's years, or check the numbers",
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
                f"{wp.id} ends ({wp.end}) before it starts ({wp.start})",
                "write the first and the last month of the work package",
                code="rule-work-packages",
            )
        for key in ("start", "end"):
            month = getattr(wp, key)
            if month and not first <= month <= last:
                yield Issue(
                    ("work_packages", i, key),
                    f"{month} is outside the project period ({first} to {last})",
                    "move it inside the period",
                    code="rule-work-packages",
                )
    managing = [i for i, wp in enumerate(packages) if wp.management]
    if len(managing) != 1:
        yield Issue(
            ("work_packages",),
            f"{len(managing)} project-management work packages; a partnership has exactly one (WP1)",
            "give 'management: true' to the first work package, Project management",
            code="rule-work-packages",
        )
    others = len(packages) - len(managing)
    if not rules["others_min"] <= others <= rules["others_max"]:
        yield Issue(
            ("work_packages",),
            f"{others} work packages besides project management; {project.action} takes "
            f"{rules['others_min']} to {rules['others_max']}",
            "plan the project's work in one or more work packages besides WP1",
            code="rule-work-packages",
        )
    elif len(packages) > rules["advised_max"]:
        yield Issue(
            ("work_packages",),
            f"{len(packages)} work packages; at most {rules['advised_max']} in all are advised",
            "merge work packages that serve the same results",
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
                f"{o.name} was established in {o.established}; {project.action} organisations "
                f"are at least {years} years old at the call",
                "only organisations established for two years or more can take part",
                code="partner-established",
            )
    if unknown:
        yield Issue(
            ("partners",),
            f"organisations in {project.action} must be established for at least {years} years: "
            f"ask {', '.join(unknown)}",
            "write each one's 'established:' year",
            "info",
            code="partner-established",
        )
