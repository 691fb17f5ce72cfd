"""The rule file (data/rules/<year>.yaml, or a user's own with --rules DIR) as a validated model.

The built-in files are checked against this model by the tests; a user's file is checked when it
is loaded, with every problem at its file:line:col like a project file's. The model only
validates: the rule set itself is the file's data with each {value, source, confidence} as a Value.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, Field, model_validator

from generator.inputs.types import ActivityType, Country, FrozenModel, Language

T = TypeVar("T")
Confidence = Literal["P", "S", "A"]


class V(FrozenModel, Generic[T]):
    """One value with where it comes from (a key of `sources`) and how sure it is."""

    value: T
    source: str = Field(description="A key of the file's `sources`.")
    confidence: Confidence = Field(description="P official, S secondary, A assumed.")


def _range(pair: tuple[int, int]) -> tuple[int, int]:
    if pair[0] > pair[1]:
        raise ValueError(f"a range [low, high] with low ≤ high, not {list(pair)}")
    return pair


Range = Annotated[tuple[int, int], AfterValidator(_range)]
Band = tuple[int, int, float]  # [from km, to km, EUR]


def _bands(bands: list[Band]) -> list[Band]:
    for (_, high, _), (low, _, _) in zip(bands, bands[1:], strict=False):
        if low != high + 1:
            raise ValueError(f"distance bands must follow each other: {high} is followed by {low}")
    return bands


def _deadline(text: str) -> str:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time YYYY-MM-DDTHH:MM") from None
    return text


class Illustration(FrozenModel):
    """A trip the workshop slides use to show what a cap pays for."""

    days: int = Field(ge=1)
    km: float = Field(ge=0)
    role: Literal["coordinator", "partner"]
    travel_days: int = Field(0, ge=0)


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

    others_min: int = Field(ge=0)
    others_max: int = Field(ge=0)
    advised_max: int = Field(ge=1)  # in all, WP1 included: more is a warning


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
    project_months_choices: V[list[int]] | None = None
    long_term_project_months: V[int] | None = None
    activity_types: V[list[ActivityType]]
    activity_days: V[dict[ActivityType, Range]]
    consortium: V[bool]
    partners: V[bool]
    schools: V[Range] | None = None
    organisations_min: V[int] | None = None
    countries_min: V[int] | None = None
    participants_max: V[int] | None = None
    not_counted: V[list[ActivityType]] | None = None  # activity types outside participants_max
    goals: V[Range] | None = None
    pupils_min_per_group: V[int] | None = None
    pupils_accompanied: V[bool] | None = None
    learning_agreement: V[list[ActivityType]] | None = None
    persons_max: V[dict[ActivityType, int]] | None = None
    incoming: V[list[ActivityType]] | None = None  # activities that come to the applicant
    accredited_excluded: V[bool] | None = None
    cap_per_school_year: V[float] | None = None
    cap_per_project_year: V[float] | None = None
    mobility_illustration: V[Illustration] | None = None
    travel_days: V[int] | None = None
    green_travel_days: V[int] | None = None
    lump_sums: V[list[int]] | None = None
    deadline: V[Annotated[str, AfterValidator(_deadline)]] | None = None
    plan_activities: V[bool] | None = None  # activities of an Erasmus plan: a year each
    plausible_share: V[dict[Literal["staff", "pupils"], float]] | None = None
    accreditation_required: V[bool] | None = None
    established_years_min: V[int] | None = None
    topics_max: V[int] | None = None
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
    actions: dict[str, ActionRules] = Field(min_length=1)
    travel_bands: V[Annotated[list[Band], AfterValidator(_bands)]]
    green_travel_bands: V[Annotated[list[Band], AfterValidator(_bands)]] | None = None
    rates: dict[str, V[float]]
    reduced_rate_after_days: V[int]
    country_groups: V[dict[int, list[Country]]]
    priorities: V[dict[str, Annotated[dict[Language, str], AfterValidator(_every_language)]]]
    form_field_limits: V[Annotated[dict[str, int], AfterValidator(_has_default)]]

    @model_validator(mode="after")
    def _actions_known(self) -> RuleFile:
        from generator.rules.actions import ACTIONS

        unknown = [name for name in self.actions if name not in ACTIONS]
        if unknown:
            raise ValueError(f"unknown action {', '.join(unknown)}; gen knows {', '.join(ACTIONS)}")
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
