"""The project file (spec/project-format.md, format 1) as frozen, validated pydantic models.

`parse_project` turns a loaded Document into a Project, or raises one InputError listing every
problem at once (schema and references), each at its file:line:col.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from generator.errors import InputError, Problem
from generator.inputs.load import Document, Path_

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
Language = Literal["nb", "nn", "en"]
Action = Literal["KA101", "KA229", "KA122-SCH", "KA210-SCH"]
# Staff mobility (KA101, KA122) first, then partnership activities (KA229, KA210). One Literal,
# not a union of two: pydantic would name the union branch in every error's key path.
ActivityType = Literal[
    "job-shadowing",
    "course",
    "teaching-assignment",
    "joint-staff-training",
    "pupil-group-exchange",
    "long-term-pupil-mobility",
    "virtual",
    "local",
]


@cache
def countries() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 code → {"nb", "nn", "en"} names (data/countries.json, from CLDR)."""
    text = resources.files("generator").joinpath("data/countries.json").read_text("utf-8")
    return json.loads(text)["countries"]


def _country(code: str) -> str:
    if code not in countries():
        hint = {"EL": "GR", "UK": "GB"}.get(code.upper()) or (
            code.upper() if code.upper() in countries() else None
        )
        close = f" — did you mean '{hint}'?" if hint else ""
        raise PydanticCustomError(
            "country",
            "'{code}' is not an ISO 3166-1 alpha-2 country code{close}",
            {"code": code, "close": close},
        )
    return code


def _format_1(version: int) -> int:
    if version != 1:
        raise PydanticCustomError(
            "format",
            "format {v} is not supported; this version of gen reads format 1",
            {"v": version},
        )
    return version


def _iso_date(value: object) -> object:
    # pydantic would also take a number as a Unix timestamp (start: 0 → 1 January 1970).
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise PydanticCustomError("date_parsing", "not a date")
    return value


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return text


Id = Annotated[
    str, StringConstraints(pattern=ID_PATTERN), Field(description="An id: a-z, 0-9 and '-'.")
]
Text = Annotated[str, AfterValidator(_not_blank)]
Country = Annotated[
    str,
    AfterValidator(_country),
    Field(
        description="ISO 3166-1 alpha-2 country code, e.g. NO, DE, GB. Quote nothing: NO is Norway."
    ),
]
Month = Annotated[
    str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"), Field(description="YYYY-MM")
]
Count = Annotated[int, Field(ge=0)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), Field(description="YYYY-MM-DD")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


M = TypeVar("M", bound=BaseModel)


class Location(_Model):
    """Coordinates that override the gazetteer for distance calculations."""

    lat: float = Field(ge=-90, le=90, description="Latitude in degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees.")


class Applicant(_Model):
    """The organisation that applies."""

    name: Text = Field(description="The organisation's name as registered.")
    type: Literal["school", "kindergarten", "school-owner", "other"] = Field(
        description="school | kindergarten | school-owner (a municipality or county) | other"
    )
    country: Country
    city: Text = Field(description="Town or municipality: the start of every journey.")
    oid: Annotated[str, StringConstraints(pattern=r"^E\d{8}$")] | None = Field(
        None, description="Organisation ID: 'E' followed by 8 digits."
    )
    pic: Annotated[str, StringConstraints(pattern=r"^\d{9}$")] | None = Field(
        None, description="Participant Identification Code: 9 digits (2014–2019 applications)."
    )
    location: Location | None = Field(None, description="Overrides the gazetteer for distances.")
    description: Text | None = Field(None, description="Plain text: who we are, our experience.")


class ConsortiumMember(_Model):
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


class Partner(_Model):
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


class Period(_Model):
    """When the project runs."""

    start: IsoDate = Field(description="First day, YYYY-MM-DD.")
    months: int = Field(ge=1, le=60, description="Project length in months.")


class Need(_Model):
    """A need of the organisation that the project answers."""

    id: Id
    text: Text = Field(description="Plain text: the need, as it will stand in the application.")


class Goal(_Model):
    """A goal (objective) and the needs it answers."""

    id: Id
    text: Text = Field(description="Plain text: the goal.")
    needs: list[Id] = Field(min_length=1, description="Ids of the needs this goal answers.")
    measure: Text | None = Field(
        None, description="Plain text: how we will know the goal was reached."
    )


class Destination(_Model):
    """Where an activity takes place."""

    country: Country
    city: Text = Field(description="Town of the host school or course.")
    lat: float | None = Field(None, ge=-90, le=90, description="Overrides the gazetteer.")
    lon: float | None = Field(None, ge=-180, le=180, description="Overrides the gazetteer.")
    distance_km: float | None = Field(None, ge=0, description="Overrides the computed distance.")
    region: Text | None = Field(
        None,
        description="Plain text: a region to name instead of the country on slides and handouts "
        "(e.g. Skottland for GB), in the project's language.",
    )


class Activity(_Model):
    """A mobility or other activity of the project."""

    id: Id
    type: ActivityType = Field(
        description="Staff: job-shadowing | course | teaching-assignment. KA229/KA210: "
        "joint-staff-training | pupil-group-exchange | long-term-pupil-mobility | virtual | local."
    )
    title: Text | None = Field(None, description="Plain text: a short title.")
    host: Text | None = Field(None, description="Host school or course provider.")
    destination: Destination | None = Field(
        None, description="Where it takes place (not for virtual/local)."
    )
    participants: int = Field(ge=1, description="Staff, or pupils for pupil activities.")
    accompanying: Count = Field(0, description="Accompanying adults (følgepersoner).")
    days: int = Field(ge=1, description="Activity days, travel excluded.")
    travel_days: Count | None = Field(
        None, description="Funded travel days (default per the rule set)."
    )
    green_travel: bool = Field(False, description="Travel by train, bus or car-sharing.")
    when: Month | None = Field(None, description="Planned month, YYYY-MM.")
    goals: list[Id] = Field(min_length=1, description="Ids of the goals this activity serves.")
    fewer_opportunities: Count = Field(
        0, description="How many of the participants have fewer opportunities (inclusion support)."
    )
    amount: float | None = Field(
        None, ge=0, description="KA210-SCH: the part of the lump sum this activity gets, EUR."
    )


class Selection(_Model):
    """The routine for selecting participants."""

    criteria: list[Text] = Field(min_length=1, description="Plain-text selection criteria.")
    procedure: Text = Field(description="Plain text: who selects, when and how.")


class LearningOutcome(_Model):
    """What participants will be able to do afterwards."""

    text: Text = Field(description="Plain text: the expected learning outcome.")
    goals: list[Id] = Field(min_length=1, description="Ids of the goals this outcome serves.")


class Dissemination(_Model):
    """How results are spread and used."""

    audience: Text = Field(description="Plain text: who hears of the results.")
    channel: Text = Field(description="Plain text: how (meeting, newsletter, web …).")
    when: Text | None = Field(None, description="Plain text: when.")


class ExceptionalCost(_Model):
    """A cost the unit costs do not cover (expensive travel, special needs, visas …)."""

    description: Text = Field(description="Plain text: what the cost is for.")
    amount: float = Field(
        ge=0, description="The real cost, EUR; the grant covers the call's share of it."
    )


class Budget(_Model):
    """What the applicant asks for and overrides of unit costs."""

    requested: float | None = Field(None, ge=0, description="The amount applied for, EUR.")
    rates: dict[str, float] = Field(
        default_factory=dict, description="Overrides of the rule set's unit costs (same keys), EUR."
    )
    lump_sum: float | None = Field(
        None, ge=0, description="KA210-SCH: the lump sum applied for, EUR."
    )
    exceptional: list[ExceptionalCost] = Field(
        default_factory=list, description="Exceptional costs, funded at the call's share."
    )


class Project(_Model):
    """An Erasmus+ school project (project file, format 1)."""

    format: Annotated[int, AfterValidator(_format_1)] = Field(
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


def validate(root: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate a loaded file against a root model: the model, or every schema problem, located."""
    try:
        return root.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # "unknown key 'titel' — did you mean 'title'?" already says what "title is missing" would.
        suggested = {
            _path(e)[:-1] + (_suggest(_path(e), root),)
            for e in errors
            if e["type"] == "extra_forbidden"
        }
        return None, [
            _problem(doc, e, root)
            for e in errors
            if not (e["type"] == "missing" and _path(e) in suggested)
        ]


def parse_project(doc: Document, default_id: str) -> Project:
    """Validate a loaded project file; raise InputError with every problem, in file order."""
    project, problems = validate(Project, doc)
    return finish(doc, project, problems + reference_problems(doc), default_id, "my-project")


def finish(
    doc: Document, model: M | None, problems: list[Problem], default_id: str, example: str
) -> M:
    """The validated model with its id (default: the file name), or InputError with every
    problem in file order, a file name that is no valid id among them."""
    if model is not None and getattr(model, "id", None) is None and not _valid_id(default_id):
        problems.append(
            doc.problem(
                (),
                f"the file name gives the id '{default_id}', which is not a valid id",
                f"add a line 'id: {example}' (a-z, 0-9 and '-'), or rename the file",
            )
        )
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (p.line, p.col, p.key)))
    assert model is not None
    return model if getattr(model, "id", None) else model.model_copy(update={"id": default_id})


def _valid_id(text: str) -> bool:
    return re.fullmatch(ID_PATTERN, text) is not None


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


# --- turning pydantic errors into located, plain messages ---------------------------------


def _path(err: Any) -> Path_:
    return tuple(p for p in err["loc"] if isinstance(p, (str, int)))


def _suggest(path: Path_, root: type[BaseModel]) -> str | None:
    """The allowed key closest to the unknown key at the end of `path`, if one is close."""
    close = difflib.get_close_matches(str(path[-1]), _fields_at(path[:-1], root), n=1, cutoff=0.6)
    return close[0] if close else None


def _problem(doc: Document, err: Any, root: type[BaseModel]) -> Problem:
    path = _path(err)
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return doc.problem(path, f"required key '{path[-1]}' is missing", f"add '{path[-1]}:' here")
    if kind == "extra_forbidden":
        guess = _suggest(path, root)
        return doc.problem(
            path,
            f"unknown key '{path[-1]}'" + (f" — did you mean '{guess}'?" if guess else ""),
            "allowed here: " + ", ".join(_fields_at(path[:-1], root)),
            key=True,
        )
    message, hint = _message(kind, value, ctx, err["msg"], path)
    return doc.problem(path, message, hint)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _message(kind: str, value: Any, ctx: dict[str, Any], msg: str, path: Path_) -> tuple[str, str]:
    got = _describe(value)
    if kind in ("string_type", "blank", "string_too_short"):
        if isinstance(value, (dict, list)):
            return f"must be text, got {got}", 'quote it: key: "{text with [brackets] or {braces}}"'
        return "must not be empty", "write the text after the colon"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {got}", "write digits only, e.g. 5"
    if kind in ("float_parsing", "float_type"):
        return f"must be a number, got {got}", "write digits, e.g. 63.4"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {got}", "write true or false"
    if kind.startswith("date_"):
        return f"must be a date YYYY-MM-DD, got {got}", "e.g. 2019-09-01"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {got}", "use a larger number"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {got}", "use a smaller number"
    if kind == "literal_error":
        choices = [
            c.strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
        ]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        guess = f" — did you mean '{close[0]}'?" if close and isinstance(value, str) else ""
        return f"{got} is not allowed{guess}", "one of: " + ", ".join(choices)
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return (
            f"needs at least {n} entr{'y' if n == 1 else 'ies'}",
            "add an entry: a line starting with '- '",
        )
    if kind == "list_type":
        return (
            f"must be a list, got {got}",
            "write each entry on a line starting with '- ', or [a, b]",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of keys, got {got}", "write 'key: value' lines indented under it"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), got, path)
    if kind == "format":
        return msg, "write 'format: 1' and check the file against spec/project-format.md"
    if kind == "country":
        return (
            msg,
            "see https://www.iso.org/obp/ui/#search (Norway is NO, Greece GR, United Kingdom GB)",
        )
    return msg.removeprefix("Value error, "), "see spec/project-format.md"


def _pattern_message(pattern: str, got: str, path: Path_) -> tuple[str, str]:
    if pattern == ID_PATTERN:
        return (
            f"{got} is not a valid id",
            "use lowercase a-z, digits and '-', starting with a letter or digit, at most 63 characters",
        )
    if "E\\d{8}" in pattern:
        return f"{got} is not an OID", "an OID is 'E' followed by 8 digits, e.g. E10012345"
    if "\\d{9}" in pattern:
        return f"{got} is not a PIC", 'a PIC is 9 digits; quote it: pic: "949999999"'
    if "\\d{4}-" in pattern:
        return f"{got} is not a month", "write YYYY-MM, e.g. 2020-03"
    return f"{got} does not match {pattern}", "see spec/project-format.md"


def _fields_at(path: Path_, root: type[BaseModel]) -> list[str]:
    """The keys allowed in the mapping at `path` (for "did you mean")."""
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        field = (
            model.model_fields.get(part)
            if isinstance(model, type) and issubclass(model, BaseModel)
            else None
        )
        if field is None:
            return []
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """list[X] | None → X, for walking the model tree along a key path."""
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            return None
        annotation = args[-1] if get_origin(annotation) is dict else args[0]
    return annotation
