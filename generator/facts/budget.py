"""The grant estimate: one line per cost item, from the call's unit costs and the travel distances.

Every line names the rule-set value it uses, with its source and confidence; a value the rule
set marks A (assumed) makes the whole budget an estimate. Users override unit costs in the
project file (`budget.rates`, same keys as the rule set); such lines say so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from generator.errors import Issue, Problem
from generator.facts import travel
from generator.facts.travel import USER
from generator.inputs.project import Activity, Project
from generator.rules.ruleset import PUPIL_ACTIVITIES, RuleSet, Value

OVER_CAP = "budget-over-cap"  # a warning in documents, an error in `gen budget`
_STRENGTH = {"A": 0, "S": 1, USER: 2, "P": 3}


def over_cap_as_errors(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    """A budget over the action's cap is advice in a document, and an error in `gen budget` and
    `gen check`: the findings with that one promoted."""
    return tuple(replace(p, level="error") if p.code == OVER_CAP else p for p in problems)


@dataclass(frozen=True)
class Line:
    """One cost item. `amount` is quantity × unit_amount, rounded to cents."""

    category: str
    activity: str | None
    description: str
    quantity: float
    unit: str
    unit_amount: float
    amount: float
    source: str
    confidence: str
    distance_km: float | None = None  # travel lines: one-way straight-line distance
    band: tuple[int, int] | None = None  # travel lines: the distance band, km
    who: str | None = None  # individual support: staff, pupil or accompanying

    def as_json(self) -> dict[str, object]:
        keys = (
            "category",
            "activity",
            "description",
            "quantity",
            "unit",
            "unit_amount",
            "amount",
            "source",
            "confidence",
        )
        return {key: getattr(self, key) for key in keys}


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


def weakest(*confidences: str) -> str:
    """The least certain of several confidences (A < S < user < P)."""
    return min(confidences, key=lambda c: _STRENGTH.get(c, 0))


class _Estimator:
    def __init__(self, project: Project, rules: RuleSet):
        self.project, self.rules = project, rules
        self.act = rules.action(project.action)
        self.overrides = project.budget.rates if project.budget else {}
        self.lines: list[Line] = []
        self.issues: list[Issue] = []

    def rate(self, key: str) -> Value:
        if key in self.overrides:
            return Value(self.overrides[key], "project file (budget.rates)", USER)
        return self.rules.rate(key)

    def add(
        self,
        category: str,
        activity: str | None,
        description: str,
        quantity: float,
        unit: str,
        values: list[Value],
        unit_amount: float | None = None,
    ) -> None:
        amount_each = float(values[0].value) if unit_amount is None else unit_amount
        source = "; ".join(
            dict.fromkeys(
                self.rules.source(v.source) if v.confidence != USER else v.source for v in values
            )
        )
        self.lines.append(
            Line(
                category,
                activity,
                description,
                quantity,
                unit,
                round(amount_each, 2),
                round(quantity * amount_each, 2),
                source,
                weakest(*(v.confidence for v in values)),
            )
        )

    # -- per activity ----------------------------------------------------------------------

    def activity(
        self, i: int, a: Activity, origin: tuple[float, float] | None, counted: int
    ) -> None:
        trip = (
            travel.trip(self.rules, self.overrides, i, a, origin, self.issues)
            if a.destination is not None
            else None
        )
        people = a.participants + a.accompanying
        where = f"{self.project.applicant.city} → {a.destination.city}" if a.destination else ""
        if trip is not None:
            self.add(
                "travel",
                a.id,
                f"Travel {where}, {trip.distance_km:,.0f} km (band {trip.band[0]}–{trip.band[1]} km)"
                + (", green" if a.green_travel else ""),
                people,
                "participant",
                [trip.amount],
            )
            self.lines[-1] = replace(
                self.lines[-1], distance_km=round(trip.distance_km), band=trip.band
            )
        if a.destination is not None:
            self.individual_support(i, a)
        config = self.act.get("budget", {})
        if config.get("organisational_support"):
            self.organisational_support(a, counted)
        if config.get("course_fees") and a.type == "course":
            self.course_fees(a)
        if config.get("inclusion_support") and a.fewer_opportunities:
            self.add(
                "inclusion-support",
                a.id,
                "Inclusion support, participants with fewer opportunities",
                a.fewer_opportunities,
                "participant",
                [self.rate("inclusion_support")],
            )

    def travel_days(self, a: Activity) -> tuple[int, Value | None]:
        if a.travel_days is not None:
            return a.travel_days, None
        key = (
            "green_travel_days"
            if a.green_travel and "green_travel_days" in self.act
            else "travel_days"
        )
        value = self.act[key]
        return int(value.value), value

    def individual_support(self, i: int, a: Activity) -> None:
        """Per person and day: full rate up to the reduction day, then the reduced share."""
        assert a.destination is not None
        travel, travel_value = self.travel_days(a)
        days = a.days + travel
        after = int(self.rules.data["reduced_rate_after_days"].value)
        factor = self.rate("long_stay_factor")
        pupils = a.type in PUPIL_ACTIVITIES
        groups = [
            ("pupil" if pupils else "staff", "pupil" if pupils else "staff", a.participants),
            ("staff", "accompanying", a.accompanying),
        ]
        for kind, who, count in groups:
            if not count:
                continue
            value = self.support_rate(kind, a.destination.country)
            if value is None:
                self.issues.append(
                    Issue(
                        ("activities", i, "destination", "country"),
                        f"{a.destination.country} has no country group in call {self.rules.call}",
                        "set the rate yourself under budget.rates",
                        code="budget-country-group",
                    )
                )
                return
            extra = [travel_value] if travel_value else []
            full = min(days, after)
            span = (
                f"{full} days ({a.days} activity + {travel} travel days)"
                if days <= after
                else f"days 1–{after}"
            )
            self.add(
                "individual-support",
                a.id,
                f"Individual support, {who}: {count} × {span}",
                count * full,
                "person-day",
                [value, *extra],
            )
            self.lines[-1] = replace(self.lines[-1], who=who)
            if days > after:
                self.add(
                    "individual-support",
                    a.id,
                    f"Individual support, {who}: {count} × days {after + 1}–{days} at {float(factor.value):.0%}",
                    count * (days - after),
                    "person-day",
                    [value, factor, *extra],
                    float(value.value) * float(factor.value),
                )
                self.lines[-1] = replace(self.lines[-1], who=who)

    def support_rate(self, kind: str, country: str) -> Value | None:
        """The daily rate: by the receiving country's group, or (KA229) by kind of participant."""
        if self.act["budget"]["individual_support"] == "by-participant-kind":
            keys = [f"individual_support.{kind}"]
        else:
            group = self.rules.country_group(country)
            keys = [f"individual_support.{kind}.group{group}", f"individual_support.group{group}"]
        found = [k for k in keys if k in self.rules.rates or k in self.overrides]
        return self.rate(found[0]) if found else None

    def organisational_support(self, a: Activity, counted: int) -> None:
        low = self.rate("organisational_support")
        if "organisational_support_after_100" not in self.rules.rates:
            self.add(
                "organisational-support",
                a.id,
                "Organisational support",
                a.participants,
                "participant",
                [low],
            )
            return
        first = max(0, min(a.participants, 100 - counted))
        if first:
            self.add(
                "organisational-support",
                a.id,
                "Organisational support (participants 1–100)",
                first,
                "participant",
                [low],
            )
        if a.participants - first:
            self.add(
                "organisational-support",
                a.id,
                "Organisational support (participants over 100)",
                a.participants - first,
                "participant",
                [self.rate("organisational_support_after_100")],
            )

    def course_fees(self, a: Activity) -> None:
        per_day = self.rate("course_fee_per_day")
        if "course_fee_max_days" in self.rules.rates:
            max_days = self.rate("course_fee_max_days")
            days = min(a.days, int(max_days.value))
            self.add(
                "course-fees",
                a.id,
                f"Course fees: {a.participants} × {days} days",
                a.participants * days,
                "person-day",
                [per_day, max_days],
            )
            return
        cap = self.rate("course_fee_max")
        each = min(a.days * float(per_day.value), float(cap.value))
        self.add(
            "course-fees",
            a.id,
            f"Course fees: {a.days} days, at most EUR {float(cap.value):,.0f} each",
            a.participants,
            "participant",
            [per_day, cap],
            each,
        )

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
                )

    def lump_sum(self) -> float:
        project, allowed = self.project, self.act["lump_sums"]
        chosen = project.budget.lump_sum if project.budget else None
        if chosen is None or chosen not in allowed.value:
            sums = " or ".join(f"{v:,}" for v in allowed.value)
            self.issues.append(
                Issue(
                    ("budget", "lump_sum") if project.budget else ("budget",),
                    f"{project.action} is funded by a lump sum of EUR {sums}",
                    f"add 'budget: {{lump_sum: {allowed.value[0]}}}'",
                    code="budget-lump-sum",
                )
            )
            return 0.0
        for a in project.activities:
            self.add(
                "lump-sum",
                a.id,
                f"Activity: {a.title or a.id}",
                1,
                "activity",
                [allowed],
                a.amount or 0.0,
            )
        shared = sum(a.amount or 0.0 for a in project.activities)
        if abs(shared - chosen) > 0.005:
            self.issues.append(
                Issue(
                    ("activities",),
                    f"the activity amounts add up to EUR {shared:,.2f}, not the "
                    f"lump sum of EUR {chosen:,.0f}",
                    "give each activity an 'amount' so they add up",
                    code="budget-lump-sum-shares",
                )
            )
        return chosen

    def run(self) -> Budget:
        project = self.project
        total: float
        if self.act.get("budget", {}).get("lump_sum"):
            total = self.lump_sum()
        else:
            origin = travel.origin(self.project.applicant, self.issues)
            counted = 0
            for i, a in enumerate(project.activities):
                self.activity(i, a, origin, counted)
                counted += a.participants
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
                        f"the estimate EUR {total:,.0f} is over the cap of EUR {cap:,.0f} "
                        f"({self.act['cap_per_school_year'].value:,} per school per project year × {years})",
                        "plan fewer or shorter mobilities",
                        "warning",
                        OVER_CAP,
                    )
                )
        requested = project.budget.requested if project.budget else None
        assert project.id is not None
        return Budget(
            project.id, project.action, self.rules.call, tuple(self.lines), total, cap, requested
        )


def estimate(project: Project, rules: RuleSet) -> tuple[Budget, list[Issue]]:
    """The budget of a project under its call's rules, and the problems found on the way."""
    estimator = _Estimator(project, rules)
    return estimator.run(), estimator.issues


def affordable_mobilities(rules: RuleSet, action: str, role: str, days: int, km: float) -> float:
    """How many staff mobilities of `days` days over `km` a school's yearly cap under `action`
    pays for, after a year of project management: the seed's "roughly 17 mobilities" (KA229)."""
    act = rules.action(action)
    per_year = float(act["cap_per_school_year"].value) - 12 * float(
        rules.rate(f"project_management.{role}").value
    )
    _, fare = travel.band(rules.data["travel_bands"], km)
    return per_year / (fare + days * float(rules.rate("individual_support.staff").value))
