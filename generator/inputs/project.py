"""The project file (docs/project-format.md, format 1) as frozen, validated pydantic models.

`parse_project` turns a loaded Document into a Project, or raises one InputError listing every
problem at once (schema and references), each at its file:line:col.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from generator.errors import Problem
from generator.inputs.load import Document
from generator.inputs.types import (
    Action,
    ActivityType,
    Count,
    Country,
    FrozenModel,
    Id,
    IsoDate,
    Language,
    Month,
    Text,
    format_1,
)
from generator.inputs.validate import finish, validate


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
            raise ValueError("give a name or a count, not both (a named entry is one member)")
        return self


class Partner(FrozenModel):
    """Another organisation in a KA229/KA210 partnership."""

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


class Destination(FrozenModel):
    """Where an activity takes place."""

    country: Country
    city: Text = Field(description="Town of the host school or course.")
    lat: float | None = Field(None, ge=-90, le=90, description="Overrides the gazetteer.")
    lon: float | None = Field(None, ge=-180, le=180, description="Overrides the gazetteer.")
    distance_km: float | None = Field(None, ge=0, description="Overrides the computed distance.")
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
    goals: list[Id] = Field(min_length=1, description="Ids of the goals this activity serves.")
    fewer_opportunities: Count = Field(
        0, description="How many of the participants have fewer opportunities (inclusion support)."
    )
    amount: float | None = Field(
        None, ge=0, description="KA210-SCH: the part of the lump sum this activity gets, EUR."
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
        ge=0, description="The real cost, EUR; the grant covers the call's share of it."
    )


class Budget(FrozenModel):
    """What the applicant asks for and overrides of unit costs."""

    requested: float | None = Field(None, ge=0, description="The amount applied for, EUR.")
    granted: float | None = Field(
        None,
        ge=0,
        description="The amount granted, EUR: for a finished project shown as an example on "
        "slides and handouts.",
    )
    rates: dict[str, float] = Field(
        default_factory=dict, description="Overrides of the rule set's unit costs (same keys), EUR."
    )
    lump_sum: float | None = Field(
        None, ge=0, description="KA210-SCH: the lump sum applied for, EUR."
    )
    exceptional: list[ExceptionalCost] = Field(
        default_factory=list, description="Exceptional costs, funded at the call's share."
    )


class Project(FrozenModel):
    """An Erasmus+ school project (project file, format 1)."""

    format: Annotated[int, AfterValidator(format_1)] = Field(
        description="The version of this file format: 1."
    )
    id: Id | None = Field(None, description="Names the output folder; default: the file name.")
    language: Language = Field(description="Language of headings and labels: nb | nn | en.")
    action: Action = Field(
        description="KA101 | KA229 (2014–2020), KA122-SCH | KA210-SCH (2021–2027)."
    )
    call: int = Field(ge=2014, le=2100, description="The call year: picks the rule set.")
    title: Text = Field(description="The project title.")
    acronym: Text | None = Field(None, description="A short name.")
    summary: Text | None = Field(None, description="Plain text: the form's project summary.")
    focus: Text | None = Field(
        None,
        description="Plain text: the project's focus in a sentence, for slides and handouts "
        "(default: the first goal).",
    )
    priorities: list[Id] = Field(default_factory=list, description="Keys of the call's priorities.")
    applicant: Applicant
    consortium: list[ConsortiumMember] | None = Field(
        None, description="KA101 only: consortium members."
    )
    role: Literal["coordinator", "partner"] | None = Field(
        None, description="KA229/KA210 only: the applicant's role."
    )
    partners: list[Partner] | None = Field(
        None, description="KA229/KA210 only: the other organisations."
    )
    period: Period
    needs: list[Need] = Field(min_length=1, description="The needs the project answers.")
    goals: list[Goal] = Field(min_length=1, description="Goals (objectives), each answering needs.")
    activities: list[Activity] = Field(min_length=1, description="The activities.")
    selection: Selection
    preparation: list[Text] = Field(min_length=1, description="Plain-text preparation items.")
    follow_up: list[Text] = Field(min_length=1, description="Plain-text follow-up items.")
    learning_outcomes: list[LearningOutcome] = Field(
        min_length=1, description="Expected learning outcomes."
    )
    dissemination: list[Dissemination] = Field(
        min_length=1, description="How results are spread and used."
    )
    budget: Budget | None = Field(None, description="Requested amount and unit-cost overrides.")
    first_application: bool = Field(
        False,
        description="The organisation's first Erasmus+ application (gen check then advises starting small).",
    )


def project_schema() -> dict[str, Any]:
    """The JSON Schema of the project file, with descriptions, for editors."""
    schema = Project.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Erasmus+ project file (format 1)"
    return schema


def parse_project(doc: Document, default_id: str) -> Project:
    """Validate a loaded project file; raise InputError with every problem, in file order."""
    project, problems = validate(Project, doc)
    return finish(doc, project, problems + reference_problems(doc), default_id, "my-project")


# --- references ------------------------------------------------------------------------------


def reference_problems(doc: Document) -> list[Problem]:
    """Unique ids in each list, and goal → need, activity/outcome → goal references that resolve.

    Works on the raw data, so these are reported in the same run as schema problems.
    """
    data = doc.data
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for list_key in ("needs", "goals", "activities"):
        seen: dict[str, int] = {}
        for i, entry in _entries(data, list_key):
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(
                    doc.problem(
                        (list_key, i, "id"),
                        f"id '{ident}' is used twice (first at {list_key}[{seen[ident]}])",
                        "give each entry its own id",
                    )
                )
            seen.setdefault(ident, i)
        ids[list_key] = set(seen)
    for list_key, target in (
        ("goals", "needs"),
        ("activities", "goals"),
        ("learning_outcomes", "goals"),
    ):
        for i, entry in _entries(data, list_key):
            refs = entry.get(target)
            if not isinstance(refs, list):
                continue
            for j, ref in enumerate(refs):
                if isinstance(ref, str) and ref not in ids[target]:
                    close = difflib.get_close_matches(ref, sorted(ids[target]), n=1)
                    known = ", ".join(sorted(ids[target])) or "none"
                    problems.append(
                        doc.problem(
                            (list_key, i, target, j),
                            f"'{ref}' is not the id of one of the {target}"
                            + (f" — did you mean '{close[0]}'?" if close else ""),
                            f"the {target} ids are: {known}",
                        )
                    )
    return problems


def _entries(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)]
