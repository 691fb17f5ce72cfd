"""The workshop file (the format document's "Workshop file") as frozen, validated pydantic models.

Loading a workshop with its call's rule set and its example projects is generator.loaded's job.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, Field, model_validator

from generator.errors import Problem
from generator.inputs.ids import ID_PATTERN
from generator.inputs.load import Document
from generator.inputs.theme import Theme
from generator.inputs.types import (
    Action,
    FrozenModel,
    Id,
    IsoDate,
    Language,
    Text,
    format_1,
)
from generator.inputs.validate import finish, validate
from generator.messages import Msg, said

AGENDA_ITEMS = (
    "title",
    "video",
    "ladder",
    "actions",
    "poll",
    "priorities",
    "calendar",
    "steps",
    "contacts",
)
# The rungs a ladder may have: eTwinning (no application), then actions.
LADDER_STEPS = ("etwinning", *get_args(Action))
DEFAULT_AGENDA = (
    "title",
    "video",
    "task:why",
    "actions",
    "poll",
    "priorities",
    "task:idea",
    "steps",
    "contacts",
)


def _agenda_item(item: str) -> str:
    if item in AGENDA_ITEMS or re.fullmatch(r"task:" + ID_PATTERN[1:], item):
        return item
    from pydantic_core import PydanticCustomError

    raise PydanticCustomError(
        "agenda",
        "'{item}' is not an agenda item; use {items} or task:<id>",
        {"item": item, "items": ", ".join(AGENDA_ITEMS)},
    )


class Organiser(FrozenModel):
    """Who holds the workshop."""

    name: Text = Field(description="The organiser, e.g. the national agency.")
    website: Text | None = Field(None, description="Web address shown on the contacts slide.")
    newsletter: Text | None = Field(None, description="Where to sign up for the newsletter.")


class Video(FrozenModel):
    """The opening video."""

    title: Text = Field(description="The slide title, e.g. Hvorfor internasjonalt samarbeid?")
    url: Text = Field(
        description="The video's address: a link on the slide where it is a web address "
        "(https://…, http://…, www.…); anything else (javascript:, file: …) is plain text."
    )


class Poll(FrozenModel):
    """A live poll (e.g. Mentimeter)."""

    url: Text = Field(
        description="Where participants answer: a link on the slide where it is a web address "
        "(https://…, http://…, www.…); anything else is plain text."
    )
    code: Text | None = Field(None, description="The poll's code, as text.")
    question: Text | None = Field(
        None, description="The slide title; default: What are you focusing on? in the language."
    )


class Task(FrozenModel):
    """A task for the participants, shown as a slide and as a worksheet in the handout."""

    id: Id
    title: Text = Field(description="Shown after 'Task:' in the slide title.")
    method: Literal["think-pair-share", "groups"] = Field(description="think-pair-share | groups")
    group_size: Text | None = Field(None, description="e.g. 3-4 (groups).")
    individual_minutes: int | None = Field(
        None, ge=1, le=120, description="Minutes of individual work before the round."
    )
    prompt: Text | None = Field(None, description="Plain text: the instruction.")
    questions: list[Text] = Field(min_length=1, description="The questions to discuss.")


class Step(FrozenModel):
    """One of the steps to an Erasmus+ project."""

    title: Text = Field(description="A few words, shown in a shape of the process.")
    text: Text | None = Field(None, description="Plain text: what the step involves (handout).")


class Contact(FrozenModel):
    """A person or a shared mailbox to contact."""

    name: Text | None = Field(None, description="The person's name; omit it for a shared mailbox.")
    email: Text | None = Field(None, description="E-mail address.")
    phone: Text | None = Field(None, description="Telephone number.")

    @model_validator(mode="after")
    def _something(self) -> Contact:
        if not (self.name or self.email or self.phone):
            from pydantic_core import PydanticCustomError

            raise PydanticCustomError("contact_empty", "give at least a name, an email or a phone")
        return self


Agenda = Annotated[str, AfterValidator(_agenda_item)]


def _ladder_step(step: str) -> str:
    if step in LADDER_STEPS:
        return step
    from pydantic_core import PydanticCustomError

    raise PydanticCustomError(
        "ladder",
        "'{step}' is not a step of the ladder; use {steps}",
        {"step": step, "steps": ", ".join(LADDER_STEPS)},
    )


LadderStep = Annotated[
    str, AfterValidator(_ladder_step), Field(json_schema_extra={"enum": list(LADDER_STEPS)})
]


class Workshop(FrozenModel):
    """An information workshop (workshop file, format 1)."""

    format: Annotated[int, AfterValidator(format_1)] = Field(
        description="The version of this file format: 1."
    )
    id: Id | None = Field(None, description="Names the output folder; default: the file name.")
    language: Language = Field(description="Language of the slides and handout: nb | nn | en.")
    title: Text = Field(description="The workshop's title (title slide).")
    date: IsoDate | None = None
    venue: Text | None = Field(None, description="Where the workshop is held.")
    organiser: Organiser
    video: Video | None = None
    poll: Poll | None = None
    call: int = Field(ge=2014, le=2100, description="The call year whose rules the slides state.")
    actions: list[Action] = Field(
        min_length=1, description="Action sections in order (KA101 includes its consortium)."
    )
    examples: list[Text] = Field(
        default_factory=list,
        description="Project files shown as examples, relative to this file, after their action.",
    )
    tasks: list[Task] = Field(default_factory=list, description="Tasks, referred to as task:<id>.")
    steps: Literal["default"] | list[Step] = Field(
        "default", description="'default' (the five steps) or a list of steps."
    )
    contacts: list[Contact] = Field(default_factory=list, description="Who to contact.")
    ladder: list[LadderStep] | None = Field(
        None,
        min_length=2,
        max_length=6,
        description="The rungs of the agenda's 'ladder' slide (from the first step to the "
        "largest project, drawn as boxes joined by arrows): 'etwinning' and actions, e.g. "
        "[etwinning, KA122-SCH, KA210-SCH], at most 6; default: etwinning, then 'actions' in their "
        "order.",
    )
    agenda: list[Agenda] = Field(
        default_factory=lambda: list(DEFAULT_AGENDA),
        description="The slides in order: title, video, task:<id>, ladder (eTwinning and the "
        "actions as a ladder, see 'ladder'), actions, poll, priorities, calendar (the call's "
        "deadlines for 'actions', from its rule file), steps, contacts.",
    )
    theme: Theme | None = Field(
        None,
        description="Colours, font and logo of this workshop's slides and handout (over a "
        "--theme file's).",
    )

    def ladder_steps(self) -> list[str]:
        """The ladder's rungs: `ladder`, or eTwinning and then the actions."""
        return list(self.ladder) if self.ladder is not None else ["etwinning", *self.actions]


def workshop_schema() -> dict[str, Any]:
    """The JSON Schema of the workshop file, with descriptions, for editors."""
    schema = Workshop.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Erasmus+ workshop file (format 1)"
    return schema


def parse_workshop(doc: Document, default_id: str) -> Workshop:
    """Validate a loaded workshop file; raise InputError with every problem, in file order."""
    workshop, problems = validate(Workshop, doc)
    if workshop is not None:
        problems += _reference_problems(doc, workshop)
    return finish(doc, workshop, problems, default_id, "my-workshop")


def _reference_problems(doc: Document, workshop: Workshop) -> list[Problem]:
    problems = []
    task_ids = [t.id for t in workshop.tasks]
    for i, ident in enumerate(task_ids):
        if ident in task_ids[:i]:
            problems.append(doc.problem(("tasks", i, "id"), *said("ref.task-twice", id=ident)))
    for i, step in enumerate(workshop.ladder or []):
        if step in (workshop.ladder or [])[:i]:
            problems.append(doc.problem(("ladder", i), *said("ref.ladder-twice", step=step)))
    for i, item in enumerate(workshop.agenda):
        if item.startswith("task:") and item[5:] not in task_ids:
            ids = ", ".join(task_ids) or Msg("ref.no-tasks")
            problems.append(
                doc.problem(("agenda", i), *said("ref.agenda-task", item=item, ids=ids))
            )
        if item == "video" and workshop.video is None:
            problems.append(doc.problem(("agenda", i), *said("ref.agenda-video")))
        if item == "poll" and workshop.poll is None:
            problems.append(doc.problem(("agenda", i), *said("ref.agenda-poll")))
    return problems
