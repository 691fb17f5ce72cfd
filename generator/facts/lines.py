"""The budget's cost items, one `Line` each, and the per-activity items: travel by distance band,
individual support per day, organisational support, course fees and inclusion support.

Every line names the rule-set values it uses, with their source and confidence, and carries the
facts a document needs to describe it in its own language (the route, the country group, the
days paid); `description` is the same in English, for the JSON contract.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator.errors import Issue
from generator.facts import travel
from generator.facts.travel import USER, Trip
from generator.inputs.parts import Activity
from generator.inputs.project import Project
from generator.messages import said
from generator.rules.ruleset import PUPIL_ACTIVITIES, RuleSet, Value

_STRENGTH = {"A": 0, "S": 1, USER: 2, "P": 3}


@dataclass(frozen=True)
class Line:
    """One cost item. `amount` is quantity × unit_amount, rounded to cents."""

    category: str
    activity: str | None
    description: str  # in English (the JSON contract); documents describe the line themselves
    quantity: float
    unit: str
    unit_amount: float
    amount: float
    source: str
    confidence: str  # P, S, A, or user (a rate the project file sets)
    why: str = ""  # the sources of the values marked A: why the line is an estimate
    distance_km: float | None = None  # travel: one-way straight-line distance
    band: tuple[int, int] | None = None  # travel: the distance band, km
    who: str | None = None  # individual support: staff, pupil or accompanying
    route: tuple[str, str] | None = None  # travel: from town, to town
    country: str | None = None  # travel and individual support: the receiving country
    group: int | None = None  # individual support: the receiving country's group
    green: bool = False  # travel: green travel
    people: int | None = None  # individual support, course fees: how many persons
    days: tuple[int, int] | None = None  # individual support: the first and last day paid
    travel_days: int | None = None  # individual support: travel days among `days`
    factor: float | None = None  # individual support from the reduction day: the share paid
    part: str | None = None  # organisational support: "first-100" or "after-100"
    label: str | None = None  # exceptional costs: what for; lump sum: the activity (user text)
    base: float | None = None  # exceptional costs: the real cost the share is taken of
    organisation: str | None = None  # a work package's share: the organisation that leads it

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


def weakest(*confidences: str) -> str:
    """The least certain of several confidences (A < S < user < P)."""
    return min(confidences, key=lambda c: _STRENGTH.get(c, 0))


class Costs:
    """Builds the lines of one project under its call's rules, collecting issues on the way."""

    def __init__(self, project: Project, rules: RuleSet):
        self.project, self.rules = project, rules
        self.act = rules.action(project.action)
        self.overrides = project.budget.rates if project.budget else {}
        self.lines: list[Line] = []
        self.issues: list[Issue] = []

    def rate(self, key: str) -> Value:
        """A rate of the call, or the project's own where budget.rates sets it."""
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
        **details: Any,
    ) -> None:
        """Append a line: `values[0]` is the unit amount unless `unit_amount` is given; the line's
        confidence is the weakest of `values`."""
        amount_each = float(values[0].value) if unit_amount is None else unit_amount
        source = "; ".join(
            dict.fromkeys(
                self.rules.source(v.source) if v.confidence != USER else v.source for v in values
            )
        )
        why = "; ".join(
            dict.fromkeys(self.rules.source(v.source) for v in values if v.confidence == "A")
        )
        line = Line(
            category,
            activity,
            description,
            quantity,
            unit,
            round(amount_each, 2),
            round(quantity * amount_each, 2),
            source,
            weakest(*(v.confidence for v in values)),
            why,
        )
        self.lines.append(replace(line, **details))

    def activity(self, i: int, a: Activity, home: travel.Point | None, counted: int) -> None:
        """The lines of one activity; `counted` participants came before it."""
        incoming = a.type in (self.act["incoming"].value if "incoming" in self.act else [])
        trip = travel.trip(
            self.rules, self.overrides, (i, a), home, self.project.applicant, self.issues
        )
        if trip is not None:
            self.travel_line(a, trip)
        if a.destination is not None:
            self.individual_support(i, a, a.destination.country)
        elif incoming and a.origin is not None:  # visitors are paid at the receiving country's rate
            self.individual_support(i, a, self.project.applicant.country)
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
                people=a.fewer_opportunities,
            )

    def travel_line(self, a: Activity, trip: Trip) -> None:
        low, high = trip.band
        self.add(
            "travel",
            a.id,
            f"Travel {trip.start} → {trip.end}, {trip.distance_km:,.0f} km (band {low}–{high} km)"
            + (", green" if trip.green else ""),
            a.participants + a.accompanying,
            "participant",
            [trip.amount],
            distance_km=round(trip.distance_km),
            band=trip.band,
            route=(trip.start, trip.end),
            country=trip.country,
            green=trip.green,
        )

    def travel_days(self, a: Activity) -> tuple[int, Value | None]:
        """Funded travel days: the project's own number, else the call's standard (a maximum)."""
        if a.travel_days is not None:
            return a.travel_days, None
        value = self.act["travel_days"]
        return int(value.value), value

    def individual_support(self, i: int, a: Activity, country: str) -> None:
        """Per person and day: full rate up to the reduction day, then the reduced share."""
        travel_days, travel_value = self.travel_days(a)
        days = a.days + travel_days
        after = int(self.rules.data["reduced_rate_after_days"].value)
        factor = self.rate("long_stay_factor")
        pupils = a.type in PUPIL_ACTIVITIES
        groups = [
            ("pupil" if pupils else "staff", "pupil" if pupils else "staff", a.participants),
            ("staff", "accompanying", a.accompanying),
        ]
        by_group = self.act["budget"]["individual_support"] == "per-country-group"
        group = self.rules.country_group(country)
        for kind, who, count in groups:
            if not count:
                continue
            value = self.support_rate(kind, group, country)
            if value is None:
                self.issues.append(
                    Issue(
                        ("activities", i, "destination" if a.destination else "origin", "country"),
                        *said(
                            "budget.country-group",
                            country=country,
                            call=self.rules.call,
                            rate=f"individual_support.{kind}.{country}",
                        ),
                        code="budget-country-group",
                    )
                )
                return
            extra = [travel_value] if travel_value else []
            full = min(days, after)
            span = (
                f"{full} days ({a.days} activity + {travel_days} travel days)"
                if days <= after
                else f"days 1–{after}"
            )
            common: dict[str, Any] = {
                "who": who,
                "people": count,
                "country": country,
                "group": group if by_group else None,
            }
            self.add(
                "individual-support",
                a.id,
                f"Individual support, {who}: {count} × {span}",
                count * full,
                "person-day",
                [value, *extra],
                days=(1, full),
                travel_days=travel_days,
                **common,
            )
            if days > after:
                share = float(factor.value)
                self.add(
                    "individual-support",
                    a.id,
                    f"Individual support, {who}: {count} × days {after + 1}–{days} at {share:.0%}",
                    count * (days - after),
                    "person-day",
                    [value, factor, *extra],
                    float(value.value) * share,
                    days=(after + 1, days),
                    factor=share,
                    **common,
                )

    def support_rate(self, kind: str, group: int | None, country: str) -> Value | None:
        """The daily rate: by the receiving country's group (or the project's own rate for a
        country outside the groups), or (KA229) by kind of participant."""
        if self.act["budget"]["individual_support"] == "by-participant-kind":
            keys = [f"individual_support.{kind}"]
        elif group is None:
            keys = [f"individual_support.{kind}.{country}"]
        else:
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
                people=a.participants,
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
                people=first,
            )
        if a.participants - first:
            self.add(
                "organisational-support",
                a.id,
                "Organisational support (participants over 100)",
                a.participants - first,
                "participant",
                [self.rate("organisational_support_after_100")],
                people=a.participants - first,
                part="after-100",
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
                people=a.participants,
                days=(1, days),
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
            people=a.participants,
            days=(1, a.days),
        )
