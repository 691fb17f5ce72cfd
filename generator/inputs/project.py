"""The project file (docs/project-format.md, format 1) as frozen, validated pydantic models.

`parse_project` turns a loaded Document into a Project, or raises one InputError listing every
problem at once (schema and references), each at its file:line:col.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from generator.errors import Problem
from generator.inputs.load import Document
from generator.inputs.parts import (
    Activity,
    Applicant,
    Budget,
    ConsortiumMember,
    Dissemination,
    Goal,
    LearningOutcome,
    Need,
    Partner,
    Period,
    Selection,
    WorkPackage,
)
from generator.inputs.theme import Theme
from generator.inputs.types import Action, FrozenModel, Id, Language, Text, format_1
from generator.inputs.validate import finish, validate
from generator.messages import Msg, did_you_mean, said


class Project(FrozenModel):
    """An Erasmus+ school project (project file, format 1)."""

    format: Annotated[int, AfterValidator(format_1)] = Field(
        description="The version of this file format: 1."
    )
    id: Id | None = Field(None, description="Names the output folder; default: the file name.")
    language: Language = Field(description="Language of headings and labels: nb | nn | en.")
    action: Action = Field(
        description="KA101 | KA229 (2014–2020); KA120-SCH | KA121-SCH | KA122-SCH | KA210-SCH | "
        "KA220-SCH (2021–2027)."
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
        None,
        description="KA101, KA120-SCH, KA121-SCH: the consortium's members (the schools a school "
        "owner sends).",
    )
    role: Literal["coordinator", "partner"] | None = Field(
        None, description="Partnerships (KA229, KA210-SCH, KA220-SCH): the applicant's role."
    )
    partners: list[Partner] | None = Field(
        None, description="Partnerships (KA229, KA210-SCH, KA220-SCH): the other organisations."
    )
    accreditation: Text | None = Field(
        None,
        description="KA121-SCH: the accreditation's project file (KA120-SCH), relative to this "
        "file; its needs and objectives are this request's.",
    )
    period: Period
    topics: list[Text] = Field(
        default_factory=list, description="KA220-SCH: up to 3 topics of the project (plain text)."
    )
    needs: list[Need] = Field(
        default_factory=list,
        description="The needs the project answers (every action's form asks for them, but "
        "KA121-SCH, which takes its accreditation's).",
    )
    goals: list[Goal] = Field(
        default_factory=list,
        description="Goals (objectives), each answering needs (KA121-SCH: its accreditation's).",
    )
    activities: list[Activity] = Field(min_length=1, description="The activities.")
    selection: Selection | None = Field(
        None, description="How participants are selected (the mobility and partnership forms)."
    )
    preparation: list[Text] = Field(
        default_factory=list, description="Plain-text preparation items."
    )
    follow_up: list[Text] = Field(default_factory=list, description="Plain-text follow-up items.")
    learning_outcomes: list[LearningOutcome] = Field(
        default_factory=list, description="Expected learning outcomes."
    )
    dissemination: list[Dissemination] = Field(
        default_factory=list, description="How results are spread and used."
    )
    management: list[Text] = Field(
        default_factory=list,
        description="KA120-SCH: how the Erasmus plan is managed, and its resources (plain text).",
    )
    quality_standards: bool = Field(
        False,
        description="KA120-SCH: the organisation commits to the Erasmus quality standards.",
    )
    cooperation: Text | None = Field(
        None,
        description="KA220-SCH (optional in KA210-SCH): the partnership and cooperation "
        "arrangements (plain text).",
    )
    work_packages: list[WorkPackage] = Field(
        default_factory=list,
        description="KA220-SCH: WP1 project management and the other work packages.",
    )
    budget: Budget | None = Field(None, description="Requested amount and unit-cost overrides.")
    first_application: bool = Field(
        False,
        description="The organisation's first Erasmus+ application (gen check then advises starting small).",
    )
    theme: Theme | None = Field(
        None,
        description="Colours, font and logo of this project's documents (over a --theme file's).",
    )

    def organisation_name(self, ident: str) -> str:
        """The name behind a work package's `lead`: the applicant, or the partner with that id
        (an id that names no one stays as written: a draft under review may have one)."""
        if ident == "applicant":
            return self.applicant.name
        return next((p.name for p in self.partners or [] if p.id == ident), ident)


def project_schema() -> dict[str, Any]:
    """The JSON Schema of the project file, with descriptions, for editors."""
    schema = Project.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Erasmus+ project file (format 1)"
    return schema


def parse_project(
    doc: Document, default_id: str, known: dict[str, set[str] | None] | None = None
) -> Project:
    """Validate a loaded project file; raise InputError with every problem, in file order.
    `known` holds ids the file may refer to from another file (see reference_problems)."""
    project, problems = validate(Project, doc)
    return finish(doc, project, problems + reference_problems(doc, known), default_id, "my-project")


# --- references ------------------------------------------------------------------------------

# The keys whose values are ids of entries of another list: (list, key, list it refers to).
REFERENCES: tuple[tuple[str, str, str], ...] = (
    ("goals", "needs", "needs"),
    ("activities", "goals", "goals"),
    ("learning_outcomes", "goals", "goals"),
    ("activities", "work_package", "work_packages"),
    ("work_packages", "lead", "partners"),
)


def reference_problems(
    doc: Document, known: dict[str, set[str] | None] | None = None
) -> list[Problem]:
    """Unique ids in each list, and the references between entries that must resolve: goal →
    need, activity/outcome → goal, activity → work package, work package lead → partner.
    `known` adds ids from another file (a KA121-SCH request's accreditation: its needs, goals);
    a list `known` maps to None is not checked (its ids are in a file that could not be read).

    Works on the raw data, so these are reported in the same run as schema problems.
    """
    data = doc.data
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for list_key in ("needs", "goals", "activities", "work_packages", "partners"):
        seen: dict[str, int] = {}
        for i, entry in _entries(data, list_key):
            ident = entry.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                first = f"{list_key}[{seen[ident]}]"
                problems.append(
                    doc.problem((list_key, i, "id"), *said("ref.id-twice", id=ident, first=first))
                )
            seen.setdefault(ident, i)
        ids[list_key] = set(seen) | ((known or {}).get(list_key) or set())
    for i, entry in _entries(data, "partners"):
        if entry.get("id") == "applicant":
            problems.append(doc.problem(("partners", i, "id"), *said("ref.applicant-id")))
    ids["partners"] |= {"applicant"}
    unchecked = {key for key, value in (known or {}).items() if value is None}
    for list_key, key, target in REFERENCES:
        if target in unchecked:
            continue
        for i, entry in _entries(data, list_key):
            refs = entry.get(key)
            pairs = list(enumerate(refs)) if isinstance(refs, list) else [(None, refs)]
            for j, ref in pairs:
                if not isinstance(ref, str) or ref in ids[target]:
                    continue
                close = difflib.get_close_matches(ref, sorted(ids[target]), n=1)
                known_ids = ", ".join(sorted(ids[target])) or Msg("word.none")
                path = (list_key, i, key) if j is None else (list_key, i, key, j)
                problems.append(
                    doc.problem(
                        path,
                        Msg(f"ref.unknown.{target}", ref=ref, guess=did_you_mean(close)),
                        Msg(f"ref.known.{target}", ids=known_ids),
                    )
                )
    return problems


def _entries(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [(i, e) for i, e in enumerate(value) if isinstance(e, dict)]
