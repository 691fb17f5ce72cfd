"""The parts of a project file: the organisations, the period, needs and goals, activities and
their places, the routines, the budget and work packages, as frozen, validated pydantic models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from generator.inputs.types import (
    ActivityType,
    Count,
    Country,
    FrozenModel,
    Id,
    IsoDate,
    Month,
    Text,
)

MAX_EUR = 10_000_000  # no school project's figure is larger: a bound that keeps sums finite


class Location(FrozenModel):
    """Coordinates that override the gazetteer for distance calculations."""

    lat: float = Field(ge=-90, le=90, description="Latitude in degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees.")


class Applicant(FrozenModel):
    """The organisation that applies."""

    name: Text = Field(description="The organisation's name as registered.")
    type: Literal["school", "kindergarten", "school-owner", "other"] = Field(
        description="school | kindergarten | school-owner (a municipality or county) | other"
    )
    country: Country
    city: Text = Field(description="Town or municipality: the start of every journey.")
    region: Text | None = Field(
        None,
        description="County or region, where the town's name is found in several (e.g. Nordland "
        "for Bø in Vesterålen).",
    )
    oid: Annotated[str, StringConstraints(pattern=r"^E\d{8}$")] | None = Field(
        None, description="Organisation ID: 'E' followed by 8 digits."
    )
    accredited: bool = Field(
        False, description="The organisation holds an Erasmus accreditation (KA120)."
    )
    staff: Count | None = Field(
        None, description="How many teachers and other staff (a consortium: in all its members)."
    )
    pupils: Count | None = Field(
        None, description="How many pupils or children (a consortium: in all its members)."
    )
    established: int | None = Field(
        None, ge=1000, le=2100, description="The year the organisation was established."
    )
    pic: Annotated[str, StringConstraints(pattern=r"^\d{9}$")] | None = Field(
        None, description="Participant Identification Code: 9 digits (2014–2019 applications)."
    )
    location: Location | None = Field(None, description="Overrides the gazetteer for distances.")
    description: Text | None = Field(None, description="Plain text: who we are, our experience.")


class ConsortiumMember(FrozenModel):
    """A school or kindergarten in a KA101 consortium, or a count of unnamed ones."""

    name: Text | None = Field(
        None, description="The member's name; omit it and give count instead."
    )
    type: Literal["school", "kindergarten", "other"] = Field(
        description="school | kindergarten | other"
    )
    count: int = Field(
        1, ge=1, description="How many unnamed members of this type this entry stands for."
    )

    @model_validator(mode="after")
    def _name_or_count(self) -> ConsortiumMember:
        if self.name is not None and self.count != 1:
            raise PydanticCustomError(
                "name_or_count", "give a name or a count, not both (a named entry is one member)"
            )
        return self


class Partner(FrozenModel):
    """Another organisation in a partnership (KA229, KA210-SCH, KA220-SCH)."""

    id: Id | None = Field(
        None, description="An id, to name the partner as a work package's lead (KA220-SCH)."
    )
    name: Text = Field(description="The partner's name.")
    type: Literal["school", "kindergarten", "other"] = Field(
        description="school | kindergarten | other"
    )
    country: Country
    city: Text = Field(description="The partner's town.")
    role: Literal["coordinator", "partner"] = Field("partner", description="coordinator | partner")
    oid: Annotated[str, StringConstraints(pattern=r"^E\d{8}$")] | None = Field(
        None, description="'E' + 8 digits."
    )
    location: Location | None = Field(None, description="Overrides the gazetteer for distances.")
    description: Text | None = Field(
        None, description="Plain text: why this partner, what it brings, how we cooperate."
    )
    established: int | None = Field(
        None, ge=1000, le=2100, description="The year the organisation was established."
    )


class Period(FrozenModel):
    """When the project runs."""

    start: IsoDate = Field(description="First day, YYYY-MM-DD.")
    months: int = Field(ge=1, le=60, description="Project length in months.")


class Need(FrozenModel):
    """A need of the organisation that the project answers."""

    id: Id
    text: Text = Field(description="Plain text: the need, as it will stand in the application.")


class Goal(FrozenModel):
    """A goal (objective) and the needs it answers."""

    id: Id
    text: Text = Field(description="Plain text: the goal.")
    needs: list[Id] = Field(min_length=1, description="Ids of the needs this goal answers.")
    measure: Text | None = Field(
        None, description="Plain text: how we will know the goal was reached."
    )
    when: Text | None = Field(
        None, description="Plain text: by when the goal is reached (e.g. 2029), in an Erasmus plan."
    )


class Destination(FrozenModel):
    """Where an activity takes place."""

    country: Country
    city: Text = Field(description="Town of the host school or course.")
    lat: float | None = Field(None, ge=-90, le=90, description="Overrides the gazetteer.")
    lon: float | None = Field(None, ge=-180, le=180, description="Overrides the gazetteer.")
    distance_km: float | None = Field(
        None, ge=0, le=20040, description="Overrides the computed distance, km (at most 20 040)."
    )
    region: Text | None = Field(
        None,
        description="County or region: picks the town where its name is found in several, and is "
        "named instead of the country on slides and handouts (e.g. Skottland for GB).",
    )


class Activity(FrozenModel):
    """A mobility or other activity of the project."""

    id: Id
    type: ActivityType = Field(
        description="Staff: job-shadowing | course | teaching-assignment | invited-expert | "
        "hosting-teachers | joint-staff-training. Pupils: pupil-group-exchange | "
        "short-term-pupil-mobility | long-term-pupil-mobility. Others: preparatory-visit | virtual | "
        "local. The call's rules say which an action has."
    )
    title: Text | None = Field(None, description="Plain text: a short title.")
    host: Text | None = Field(None, description="Host school or course provider.")
    destination: Destination | None = Field(
        None,
        description="Where it takes place abroad (not for virtual, local or incoming activities).",
    )
    origin: Destination | None = Field(
        None,
        description="invited-expert, hosting-teachers: where the visitors come from (they travel "
        "to the applicant).",
    )
    participants: int = Field(ge=1, description="Staff, or pupils for pupil activities.")
    accompanying: Count = Field(0, description="Accompanying adults (følgepersoner).")
    days: int = Field(ge=1, description="Activity days, travel excluded.")
    travel_days: Count | None = Field(
        None, description="Funded travel days (default per the rule set)."
    )
    green_travel: bool = Field(False, description="Travel by train, bus or car-sharing.")
    learning_agreement: bool = Field(
        False,
        description="Individual pupil mobility: a learning agreement between the pupil, the sending "
        "and the hosting school is planned.",
    )
    when: Month | None = Field(None, description="Planned month, YYYY-MM.")
    year: int | None = Field(
        None,
        ge=2014,
        le=2100,
        description="KA120-SCH: the plan year of an indicative activity (instead of 'when').",
    )
    work_package: Id | None = Field(
        None, description="KA220-SCH: the id of the work package the activity belongs to."
    )
    goals: list[Id] = Field(min_length=1, description="Ids of the goals this activity serves.")
    fewer_opportunities: Count = Field(
        0, description="How many of the participants have fewer opportunities (inclusion support)."
    )
    amount: float | None = Field(
        None,
        ge=0,
        le=MAX_EUR,
        description="KA210-SCH: the part of the lump sum this activity gets, EUR.",
    )


class Selection(FrozenModel):
    """The routine for selecting participants."""

    criteria: list[Text] = Field(min_length=1, description="Plain-text selection criteria.")
    procedure: Text = Field(description="Plain text: who selects, when and how.")


class LearningOutcome(FrozenModel):
    """What participants will be able to do afterwards."""

    text: Text = Field(description="Plain text: the expected learning outcome.")
    goals: list[Id] = Field(min_length=1, description="Ids of the goals this outcome serves.")


class Dissemination(FrozenModel):
    """How results are spread and used."""

    audience: Text = Field(description="Plain text: who hears of the results.")
    channel: Text = Field(description="Plain text: how (meeting, newsletter, web …).")
    when: Text | None = Field(None, description="Plain text: when.")


class ExceptionalCost(FrozenModel):
    """A cost the unit costs do not cover (expensive travel, special needs, visas …)."""

    description: Text = Field(description="Plain text: what the cost is for.")
    amount: float = Field(
        ge=0, le=MAX_EUR, description="The real cost, EUR; the grant covers the call's share of it."
    )


class Budget(FrozenModel):
    """What the applicant asks for and overrides of unit costs."""

    requested: float | None = Field(
        None, ge=0, le=MAX_EUR, description="The amount applied for, EUR."
    )
    granted: float | None = Field(
        None,
        ge=0,
        le=MAX_EUR,
        description="The amount granted, EUR: for a finished project shown as an example on "
        "slides and handouts.",
    )
    rates: dict[str, Annotated[float, Field(ge=0, le=MAX_EUR)]] = Field(
        default_factory=dict, description="Overrides of the rule set's unit costs (same keys), EUR."
    )
    lump_sum: float | None = Field(
        None, ge=0, le=MAX_EUR, description="KA210-SCH, KA220-SCH: the lump sum applied for, EUR."
    )
    exceptional: list[ExceptionalCost] = Field(
        default_factory=list, description="Exceptional costs, funded at the call's share."
    )


class WorkPackage(FrozenModel):
    """A work package of a cooperation partnership (KA220-SCH): WP1 manages the project."""

    id: Id
    title: Text = Field(description="Plain text: the work package's title.")
    management: bool = Field(
        False, description="The project-management work package (WP1): exactly one has it."
    )
    lead: Id = Field(description="'applicant', or the id of the partner that leads it.")
    objectives: list[Text] = Field(min_length=1, description="Plain text: what it is to achieve.")
    activities: list[Text] = Field(min_length=1, description="Plain text: what is done in it.")
    results: list[Text] = Field(min_length=1, description="Plain text: the expected results.")
    share: float = Field(ge=0, le=MAX_EUR, description="Its share of the lump sum, EUR.")
    start: Month | None = Field(None, description="First month, YYYY-MM (the timeline).")
    end: Month | None = Field(None, description="Last month, YYYY-MM (the timeline).")
