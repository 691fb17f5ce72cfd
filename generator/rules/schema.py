"""The rule file (data/rules/<year>.yaml, or a user's own with --rules DIR) as a validated model.

The built-in files are checked against this model by the tests; a user's file is checked when it
is loaded, with every problem at its file:line:col like a project file's. The model only
validates: the rule set itself is the file's data with each {value, source, confidence} as a Value.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, Field, model_validator

from generator.inputs.types import Action, ActivityType, Country, FrozenModel, Language

T = TypeVar("T")
Confidence = Literal["P", "S", "A"]


class V(FrozenModel, Generic[T]):
    """One value with where it comes from (a key of `sources`) and how sure it is."""

    value: T
    source: str = Field(description="A key of the file's `sources`.")
    confidence: Confidence = Field(description="P official, S secondary, A assumed.")


LONGEST_TRIP_KM = 20040  # half the Earth's circumference: no straight line is longer
Count = Annotated[int, Field(ge=0, le=100_000)]
Positive = Annotated[int, Field(ge=1, le=100_000)]
Money = Annotated[float, Field(ge=0, le=10_000_000, allow_inf_nan=False)]
Days = Annotated[int, Field(ge=0, le=3650)]


def _range(pair: tuple[int, int]) -> tuple[int, int]:
    if pair[0] > pair[1]:
        raise ValueError(f"a range [low, high] with low ≤ high, not {list(pair)}")
    return pair


Range = Annotated[tuple[Count, Count], AfterValidator(_range)]
Band = tuple[Count, Annotated[int, Field(ge=0, le=LONGEST_TRIP_KM * 2)], Money]  # [from, to, EUR]


def _bands(bands: list[Band]) -> list[Band]:
    if bands[0][0] not in (0, 10):
        raise ValueError(
            f"distance bands start at 0 km (or 10 for green travel), not {bands[0][0]}"
        )
    for (_, high, _), (low, _, _) in zip(bands, bands[1:], strict=False):
        if low != high + 1:
            raise ValueError(f"distance bands must follow each other: {high} is followed by {low}")
    if bands[-1][1] < LONGEST_TRIP_KM:
        raise ValueError(
            f"the last distance band must reach {LONGEST_TRIP_KM} km (the longest trip), "
            f"not {bands[-1][1]}"
        )
    return bands


Bands = Annotated[list[Band], Field(min_length=1), AfterValidator(_bands)]


def _deadline(text: str) -> str:
    try:
        if len(text) != 16:
            raise ValueError
        dt.datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time YYYY-MM-DDTHH:MM") from None
    return text


class Illustration(FrozenModel):
    """A trip the workshop slides use to show what a cap pays for."""

    days: int = Field(ge=1, le=3650)
    km: float = Field(ge=0, le=LONGEST_TRIP_KM)
    role: Literal["coordinator", "partner"]
    travel_days: int = Field(0, ge=0, le=30)


def _every_language(names: dict[str, str]) -> dict[str, str]:
    missing = [language for language in ("nb", "nn", "en") if language not in names]
    if missing:
        raise ValueError(
            f"a priority needs its name in nb, nn and en; {', '.join(missing)} missing"
        )
    return names


def _has_default(limits: dict[str, int]) -> dict[str, int]:
    if "default" not in limits:
        raise ValueError("form_field_limits needs a 'default' for the fields it does not name")
    return limits


class WorkPackageRules(FrozenModel):
    """How many work packages a cooperation partnership has besides WP1 project management."""

    others_min: int = Field(ge=0, le=100)
    others_max: int = Field(ge=0, le=100)
    advised_max: int = Field(ge=1, le=100)  # in all, WP1 included: more is a warning


class BudgetModel(FrozenModel):
    """How an action's budget is made (each a switch of the estimator)."""

    individual_support: Literal["per-country-group", "by-participant-kind"] | None = None
    organisational_support: bool = False
    course_fees: bool = False
    inclusion_support: bool = False
    project_management: bool = False
    lump_sum: bool = False


class ActionRules(FrozenModel):
    """The rules of one action in one call."""

    project_months: V[Range]
    project_months_choices: V[Annotated[list[Positive], Field(min_length=1)]] | None = None
    long_term_project_months: V[Positive] | None = None
    activity_types: V[Annotated[list[ActivityType], Field(min_length=1)]]
    activity_days: V[dict[ActivityType, Range]]
    consortium: V[bool]
    partners: V[bool]
    schools: V[Range] | None = None
    organisations_min: V[Positive] | None = None
    countries_min: V[Positive] | None = None
    participants_max: V[Positive] | None = None
    not_counted: V[list[ActivityType]] | None = None  # activity types outside participants_max
    goals: V[Range] | None = None
    pupils_min_per_group: V[Positive] | None = None
    pupils_accompanied: V[bool] | None = None
    learning_agreement: V[list[ActivityType]] | None = None
    persons_max: V[dict[ActivityType, Positive]] | None = None
    incoming: V[list[ActivityType]] | None = None  # activities that come to the applicant
    accredited_excluded: V[bool] | None = None
    cap_per_school_year: V[Money] | None = None
    cap_per_project_year: V[Money] | None = None
    mobility_illustration: V[Illustration] | None = None
    travel_days: V[Annotated[int, Field(ge=0, le=30)]] | None = None
    green_travel_days: V[Annotated[int, Field(ge=0, le=30)]] | None = None
    lump_sums: (
        V[Annotated[list[Annotated[int, Field(ge=1, le=10_000_000)]], Field(min_length=1)]] | None
    ) = None
    deadline: V[Annotated[str, AfterValidator(_deadline)]] | None = None
    plan_activities: V[bool] | None = None  # activities of an Erasmus plan: a year each
    plausible_share: (
        V[dict[Literal["staff", "pupils"], Annotated[float, Field(gt=0, le=1)]]] | None
    ) = None
    accreditation_required: V[bool] | None = None
    established_years_min: V[Count] | None = None
    topics_max: V[Positive] | None = None
    work_packages: V[WorkPackageRules] | None = None
    budget: BudgetModel = BudgetModel()

    @model_validator(mode="after")
    def _complete(self) -> ActionRules:
        needs = {
            "countries_min": self.partners.value and self.countries_min is None,
            "travel_days": self.budget.individual_support is not None and self.travel_days is None,
            "lump_sums": self.budget.lump_sum and self.lump_sums is None,
            "cap_per_school_year": self.mobility_illustration is not None
            and self.cap_per_school_year is None,
        }
        standard, green = self.travel_days, self.green_travel_days
        if standard and green and green.value < standard.value:
            raise ValueError("green_travel_days (in all) is at least travel_days")
        missing = [key for key, lacking in needs.items() if lacking]
        if missing:
            raise ValueError(f"this action also needs {', '.join(missing)}")
        return self


class RuleFile(FrozenModel):
    """A call year's rules and unit costs."""

    call: int = Field(ge=2014, le=2100)
    programme: Literal["2014-2020", "2021-2027"]
    sources: dict[str, str] = Field(min_length=1)
    pic_replaced_by_oid: V[bool] | None = None
    actions: dict[Action, ActionRules] = Field(min_length=1)
    travel_bands: V[Bands]
    green_travel_bands: V[Bands] | None = None
    rates: dict[str, V[Money]]
    reduced_rate_after_days: V[Positive]
    country_groups: V[dict[Positive, list[Country]]]
    priorities: V[
        Annotated[
            dict[str, Annotated[dict[Language, str], AfterValidator(_every_language)]],
            Field(min_length=1),
        ]
    ]
    horizontal_priorities: V[list[str]] | None = None  # keys of `priorities`: the programme's own
    form_field_limits: V[Annotated[dict[str, Positive], AfterValidator(_has_default)]]

    @model_validator(mode="after")
    def _groups_and_shares(self) -> RuleFile:
        seen: dict[str, int] = {}
        for group, members in self.country_groups.value.items():
            for country in members:
                if country in seen:
                    raise ValueError(f"{country} is in country groups {seen[country]} and {group}")
                seen[country] = group
        for key in ("long_stay_factor", "exceptional_costs_share"):
            if key in self.rates and self.rates[key].value > 1:
                raise ValueError(f"the rate {key} is a share: at most 1 (1 is 100 %)")
        return self

    @model_validator(mode="after")
    def _rates_each_budget_needs(self) -> RuleFile:
        """Every rate an action's budget switches use is in `rates`."""
        missing: list[str] = []
        groups = sorted(self.country_groups.value)
        for name, act in self.actions.items():
            need: list[tuple[str, ...]] = []  # each a choice of keys, one of which must be there
            switches = act.budget
            if switches.individual_support == "per-country-group":
                need += [(f"individual_support.staff.group{g}", f"individual_support.group{g}")
                         for g in groups]  # fmt: skip
                need.append(("long_stay_factor",))
            elif switches.individual_support == "by-participant-kind":
                need += [("individual_support.staff",), ("individual_support.pupil",),
                         ("long_stay_factor",)]  # fmt: skip
            if switches.organisational_support:
                need.append(("organisational_support",))
            if switches.course_fees:
                need += [("course_fee_per_day",), ("course_fee_max_days", "course_fee_max")]
            if switches.inclusion_support:
                need.append(("inclusion_support",))
            if switches.project_management:
                need += [("project_management.coordinator",), ("project_management.partner",)]
            if any(vars(switches).values()) and not switches.lump_sum:
                need.append(("exceptional_costs_share",))
            missing += [
                f"{name} needs the rate {' or '.join(keys)}"
                for keys in need
                if not any(k in self.rates for k in keys)
            ]
        if missing:
            raise ValueError("; ".join(dict.fromkeys(missing)))
        return self

    @model_validator(mode="after")
    def _horizontal_named(self) -> RuleFile:
        if self.horizontal_priorities is None:
            return self
        unknown = [k for k in self.horizontal_priorities.value if k not in self.priorities.value]
        if unknown:
            raise ValueError(
                f"horizontal priority {', '.join(repr(k) for k in unknown)} is not a key of "
                f"'priorities' (they are: {', '.join(self.priorities.value)})"
            )
        return self

    @model_validator(mode="after")
    def _sources_named(self) -> RuleFile:
        unknown = sorted({s for s in _source_keys(self) if s not in self.sources})
        if unknown:
            raise ValueError(
                f"source {', '.join(repr(s) for s in unknown)} is not a key of 'sources' "
                f"(they are: {', '.join(self.sources)})"
            )
        return self


def _source_keys(node: Any) -> list[str]:
    """The `source` of every value in the file."""
    if isinstance(node, V):
        return [node.source]
    if isinstance(node, FrozenModel):
        return [k for name in type(node).model_fields for k in _source_keys(getattr(node, name))]
    if isinstance(node, dict):
        return [k for value in node.values() for k in _source_keys(value)]
    return []
