"""The grant estimate: one line per cost item (facts.lines), the project's own items (project
management, exceptional costs, a lump sum), the action's cap and the amount requested.

Every line names the rule-set value it uses, with its source and confidence; a value the rule
set marks A (assumed) makes the whole budget an estimate. Users override unit costs in the
project file (`budget.rates`, same keys as the rule set); such lines say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from generator.errors import Issue, Problem
from generator.facts import travel
from generator.facts.lines import Costs, Line
from generator.inputs.project import Project
from generator.messages import Listing, Msg, said
from generator.rules.ruleset import RuleSet, Value


def _own_share(amount: float, key: str) -> Value:
    """A share of a lump sum: the applicant's own split (the lump sum itself is the call's)."""
    return Value(amount, f"project file ({key})", travel.USER)


OVER_CAP = "budget-over-cap"  # a warning in documents, an error in `gen budget`


def over_cap_as_errors(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """A budget over the action's cap is advice in a document, and an error in `gen budget` and
    `gen check`: the findings with that one promoted."""
    return tuple(replace(p, level="error") if p.code == OVER_CAP else p for p in problems)


@dataclass(frozen=True)
class Budget:
    """The estimate of a project's grant (the JSON contract of `gen budget --format json`)."""

    project: str
    action: str
    call: int
    lines: tuple[Line, ...]
    total: float
    cap: float | None
    requested: float | None

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.total > self.cap

    @property
    def estimate(self) -> bool:
        return any(line.confidence == "A" for line in self.lines)

    def as_json(self) -> dict[str, object]:
        return {
            "project": self.project,
            "action": self.action,
            "call": self.call,
            "currency": "EUR",
            "lines": [line.as_json() for line in self.lines],
            "total": self.total,
            "cap": self.cap,
            "over_cap": self.over_cap,
            "requested": self.requested,
            "estimate": self.estimate,
        }


class _Estimator(Costs):
    """The lines of every activity, then those of the project as a whole."""

    # -- per project -----------------------------------------------------------------------

    def project_items(self) -> None:
        project = self.project
        if self.act.get("budget", {}).get("project_management") and project.role:
            value = self.rate(f"project_management.{project.role}")
            self.add(
                "project-management",
                None,
                f"Project management and implementation ({project.role})",
                project.period.months,
                "month",
                [value],
            )
        if project.budget and project.budget.exceptional:
            share = self.rate("exceptional_costs_share")
            for item in project.budget.exceptional:
                self.add(
                    "exceptional-costs",
                    None,
                    f"Exceptional costs: {item.description} "
                    f"({float(share.value):.0%} of EUR {item.amount:,.0f})",
                    1,
                    "item",
                    [share],
                    item.amount * float(share.value),
                    label=item.description,
                    base=item.amount,
                    factor=float(share.value),
                )

    def lump_sum(self) -> float:
        project, allowed = self.project, self.act["lump_sums"]
        unused = [
            key
            for key in ("rates", "exceptional")
            if project.budget and getattr(project.budget, key)
        ]
        for key in unused:
            self.issues.append(
                Issue(
                    ("budget", key),
                    *said(
                        "budget.lump-sum-unused-packages"
                        if "work_packages" in self.act
                        else "budget.lump-sum-unused",
                        action=project.action,
                        key=key,
                    ),
                    "warning",
                    code="budget-lump-sum-unused",
                )
            )
        chosen = project.budget.lump_sum if project.budget else None
        if chosen is None or chosen not in allowed.value:
            sums = Listing.of([Msg("budget.euros", amount=v) for v in allowed.value], "or")
            written = project.budget is not None and project.budget.lump_sum is not None
            self.issues.append(
                Issue(
                    ("budget", "lump_sum") if project.budget else ("budget",),
                    Msg("budget.lump-sum.message", action=project.action, sums=sums),
                    Msg(
                        "budget.lump-sum.hint-other" if written else "budget.lump-sum.hint-add",
                        first=allowed.value[0],
                    ),
                    code="budget-lump-sum",
                )
            )
            return 0.0
        if "work_packages" in self.act:
            return self.work_package_shares(chosen)
        for i, a in enumerate(project.activities):
            self.add(
                "lump-sum",
                a.id,
                f"Activity: {a.title or a.id}",
                1,
                "activity",
                [_own_share(a.amount or 0.0, f"activities[{i}].amount")],
                label=a.title or a.id,
            )
        shared = sum(a.amount or 0.0 for a in project.activities)
        if abs(shared - chosen) > 0.005:
            self.issues.append(
                Issue(
                    ("activities",),
                    *said("budget.lump-sum-shares", shared=shared, chosen=chosen),
                    code="budget-lump-sum-shares",
                )
            )
        return chosen

    def work_package_shares(self, chosen: float) -> float:
        """A cooperation partnership's lump sum: each work package's share, for its lead."""
        project = self.project
        for i, wp in enumerate(project.work_packages):
            lead = project.organisation_name(wp.lead)
            self.add(
                "lump-sum",
                None,
                f"{wp.id.upper()} {wp.title} ({lead})",
                1,
                "work-package",
                [_own_share(wp.share, f"work_packages[{i}].share")],
                label=f"{wp.id.upper()} {wp.title}",
                organisation=lead,
            )
        shared = sum(wp.share for wp in project.work_packages)
        if abs(shared - chosen) > 0.005:
            self.issues.append(
                Issue(
                    ("work_packages",),
                    *said("budget.work-package-shares", shared=shared, chosen=chosen),
                    code="budget-work-package-shares",
                )
            )
        return chosen

    def run(self) -> Budget:
        project = self.project
        total: float
        switches = self.act.get("budget", {})
        if not any(switches.values()):  # an accreditation: its grants come with each request
            total = 0.0
        elif switches.get("lump_sum"):
            total = self.lump_sum()
        else:
            where = travel.home(project.applicant, self.issues)
            counted = 0
            for i, a in enumerate(project.activities):
                self.activity(i, a, travel.point(where), counted)
                counted += a.participants
            first = next((a.destination for a in project.activities if a.destination), None)
            self.issues += travel.home_ambiguity(self.rules, project.applicant, where, first)
            self.project_items()
            total = round(sum(line.amount for line in self.lines), 2)
        cap = None
        if "cap_per_school_year" in self.act:
            years = math.ceil(project.period.months / 12)
            cap = float(self.act["cap_per_school_year"].value) * years
            if total > cap:
                self.issues.append(
                    Issue(
                        ("budget",),
                        *said(
                            "budget.over-cap",
                            total=total,
                            cap=cap,
                            per_year=self.act["cap_per_school_year"].value,
                            years=years,
                        ),
                        "warning",
                        OVER_CAP,
                    )
                )
        requested = project.budget.requested if project.budget else None
        if requested is not None and requested > total + 0.005:
            self.issues.append(
                Issue(
                    ("budget", "requested"),
                    *said("budget.requested-above", requested=requested, total=total),
                    "warning",
                    code="budget-requested-above",
                )
            )
        return Budget(
            project.id or "project",
            project.action,
            self.rules.call,
            tuple(self.lines),
            total,
            cap,
            requested,
        )


def estimate(project: Project, rules: RuleSet) -> tuple[Budget, list[Issue]]:
    """The budget of a project under its call's rules, and the problems found on the way."""
    estimator = _Estimator(project, rules)
    return estimator.run(), estimator.issues


def affordable_mobilities(
    rules: RuleSet, action: str, role: str, days: int, km: float, travel_days: int = 0
) -> float:
    """How many staff mobilities of `days` activity days (and `travel_days` funded travel days)
    over `km` a school's yearly cap under `action` pays for, after a year of project management:
    the seed's "roughly 17 mobilities" (KA229)."""
    act = rules.action(action)
    per_year = float(act["cap_per_school_year"].value) - 12 * float(
        rules.rate(f"project_management.{role}").value
    )
    _, fare = travel.band(rules.data["travel_bands"], km)
    daily = float(rules.rate("individual_support.staff").value)
    return per_year / (fare + (days + travel_days) * daily)
