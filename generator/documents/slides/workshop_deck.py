"""A workshop → its slides in the agenda's order: what each slide says, before any layout (pure).

The action slides state the call's rule data, the checklist slides the items `gen check`
reviews, and the example slides the facts derived from each project file (documents.workshop_facts).
The speaker notes are what the presenter says to a room of teachers and school leaders: they
never name the tool or its files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from generator.documents.language import Formatter
from generator.documents.links import link_target
from generator.documents.markdown import prose
from generator.documents.slides.content import (
    CONTENT,
    SECTION,
    TITLE,
    TITLE_ONLY,
    Item,
    Slide,
    keeping,
    text_of,
)
from generator.documents.workshop_facts import (
    action_facts,
    calendar_lines,
    contact_lines,
    example_lines,
    example_note,
    ladder_of,
    steps_of,
    steps_title,
    task_method,
    workshop_subtitle,
)
from generator.inputs.workshop import Task
from generator.loaded import Loaded, LoadedWorkshop
from generator.rules.actions import ACTIONS


def example_slide(loaded: Loaded, fmt: Formatter) -> Slide:
    """An example project on one slide: who, the title, the focus, and its numbers."""
    lead, *lines = example_lines(loaded, fmt)
    return Slide(
        f"example:{loaded.id}",
        CONTENT,
        loaded.project.applicant.name,
        body=(Item(lead, style="lead"), *(Item(line) for line in lines)),
        notes=example_note(loaded, fmt),
    )


def _action_slides(
    lw: LoadedWorkshop, action: str, fmt: Formatter, consortium: bool = True
) -> list[Slide]:
    """An action's facts and checklist, the consortium slide if `consortium` and the action has
    one, then its examples."""
    deck, rules = fmt.labels["deck"], lw.rules
    facts = action_facts(rules, action, fmt)
    name = deck["action_names"][action]
    notes = deck["notes"]
    note = notes["action"].format(call=rules.call)
    if "mobilities" in facts:
        note += " " + notes["mobilities"].format(
            mobilities=facts["mobilities"], cap=facts["cap"], days=facts["illustration_days"]
        )
    slides = [
        Slide(
            f"action:{action}",
            CONTENT,
            deck["action_title"].format(name=name, action=action),
            body=tuple(Item(line.format(**facts)) for line in deck["action_points"][action]),
            notes=note,
        )
    ]
    items = [
        Item(deck["checklist"][key], style="tip" if key == "think-small" else "bullet")
        for key, _codes in ACTIONS[action].checklist
    ]
    slides.append(
        Slide(
            f"checklist:{action}",
            CONTENT,
            deck["action_title"].format(name=name, action=action),
            body=(Item(deck["important"], style="lead"), *items),
            notes=notes["checklist"],
        )
    )
    if consortium and rules.action(action)["consortium"].value:
        slides.append(
            Slide(
                f"consortium:{action}",
                CONTENT,
                deck["consortium"]["title"].format(action=action),
                body=tuple(Item(line) for line in deck["consortium"]["points"]),
                notes=notes["consortium"],
            )
        )
    slides += [example_slide(e, fmt) for e in lw.examples if e.project.action == action]
    return slides


def _task_slide(task: Task, fmt: Formatter) -> Slide:
    deck = fmt.labels["deck"]
    body = [Item(task_method(task, fmt), style="lead")]
    if task.method == "think-pair-share":
        how = deck["notes"]["think_pair_share"]
    else:
        how = deck["notes"]["groups"].format(
            size=task.group_size or "3–4", minutes=task.individual_minutes or 5
        )
    if task.prompt:
        body.append(Item(text_of(task.prompt), style="plain"))
    body += [Item(text_of(q), style="number") for q in task.questions]
    questions = " ".join(" ".join(prose(q)) for q in task.questions)
    note = deck["notes"]["task"].format(how=how, questions=questions)
    return Slide(
        f"task:{task.id}",
        CONTENT,
        deck["task"].format(title=task.title),
        body=tuple(body),
        notes=note,
    )


def _title(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    ws, notes = lw.workshop, fmt.labels["deck"]["notes"]
    return [
        Slide(
            "title",
            TITLE,
            ws.title,
            subtitle=keeping(workshop_subtitle(ws, fmt), *([fmt.date(ws.date)] if ws.date else [])),
            notes=notes["title"].format(title=ws.title),
        )
    ]


def _address(url: str) -> Item:
    """A video's or a poll's address: a link where it is a web or e-mail address
    (documents.links), else plain text."""
    return Item(url, style="link" if link_target(url) else "plain")


def _video(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    video, notes = lw.workshop.video, fmt.labels["deck"]["notes"]
    if video is None:  # the workshop file's validation refuses this
        return []
    return [
        Slide(
            "video",
            CONTENT,
            video.title,
            body=(_address(video.url),),
            notes=notes["video"].format(url=video.url),
        )
    ]


def _actions(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    deck = fmt.labels["deck"]
    slides = [Slide("section", SECTION, deck["how_to_cooperate"], notes=deck["notes"]["section"])]
    shown = False  # the consortium slide: once, after the first action that has a consortium
    for action in lw.workshop.actions:
        slides += _action_slides(lw, action, fmt, consortium=not shown)
        shown = shown or bool(lw.rules.action(action)["consortium"].value)
    return slides


def _ladder(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    deck = fmt.labels["deck"]
    rungs = ladder_of(lw.workshop, fmt)
    named = [f"{r['title']} ({r['code']})" if r["code"] else r["title"] for r in rungs]
    note = deck["notes"]["ladder"].format(
        steps="; ".join(f"{name}: {r['text']}" for name, r in zip(named, rungs, strict=True))
    )
    return [Slide("ladder", TITLE_ONLY, deck["ladder"]["title"], steps=tuple(rungs), notes=note)]


def _calendar(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    words, call = fmt.labels["deck"]["calendar"], lw.rules.call
    body = [Item(words["lead"].format(call=call), style="lead")]
    dates = [
        fmt.date(dt.datetime.fromisoformat(str(lw.rules.deadline[action].value)).date())
        for action in lw.workshop.actions
        if action in lw.rules.deadline
    ]
    body += [Item(keeping(line, *dates)) for line in calendar_lines(lw.workshop, lw.rules, fmt)]
    body.append(Item(words["oid"], style="tip"))
    return [
        Slide(
            "calendar",
            CONTENT,
            words["title"].format(call=call),
            body=tuple(body),
            notes=fmt.labels["deck"]["notes"]["calendar"].format(call=call),
        )
    ]


def _poll(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    poll, deck = lw.workshop.poll, fmt.labels["deck"]
    if poll is None:  # the workshop file's validation refuses this
        return []
    body = [_address(poll.url)]
    if poll.code:
        body.append(Item(deck["poll_code"].format(code=poll.code), style="lead"))
    notes = deck["notes"]
    note = (notes["poll"] if poll.code else notes["poll_nocode"]).format(url=poll.url)
    return [
        Slide("poll", CONTENT, poll.question or deck["poll_question"], body=tuple(body), notes=note)
    ]


def _priorities(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    """The call's priorities; where the rule data names the horizontal ones, only those."""
    deck, rules = fmt.labels["deck"], lw.rules
    names = rules.priorities
    horizontal = [key for key in rules.horizontal_priorities if key in names]
    if horizontal:
        lead, note = deck["priorities_horizontal"], deck["notes"]["priorities_horizontal"]
        keys = horizontal
    else:
        lead, note = deck["priorities_lead"], deck["notes"]["priorities"]
        keys = list(names)
    body = [Item(lead.format(call=rules.call), style="lead")]
    body += [Item(names[key][lw.workshop.language]) for key in keys]
    return [
        Slide(
            "priorities",
            CONTENT,
            deck["priorities"],
            body=tuple(body),
            notes=note.format(call=rules.call),
        )
    ]


def _sentence(text: str) -> str:
    """`text` ending as a sentence does: with a full stop unless it has one (or "!", "?")."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."


def _steps(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    steps = steps_of(lw.workshop, fmt)
    note = fmt.labels["deck"]["notes"]["steps"].format(
        steps=" ".join(
            _sentence(f"{s['title']}: {s['text']}" if s["text"] else s["title"]) for s in steps
        )
    )
    return [
        Slide("steps", TITLE_ONLY, steps_title(lw.workshop, fmt), steps=tuple(steps), notes=note)
    ]


def _contacts(lw: LoadedWorkshop, fmt: Formatter) -> list[Slide]:
    deck, ws = fmt.labels["deck"], lw.workshop
    style = {"newsletter": "lead", "website": "plain", "contact": "bullet"}
    body = [Item(text, style=style[kind]) for kind, text in contact_lines(ws, fmt)]
    return [
        Slide(
            "contacts",
            CONTENT,
            deck["contacts"].format(organiser=ws.organiser.name),
            body=tuple(body),
            notes=deck["notes"]["contacts"],
        )
    ]


# The slides of each agenda item (besides task:<id>), in the order the agenda names them.
AGENDA_SLIDES: dict[str, Callable[[LoadedWorkshop, Formatter], list[Slide]]] = {
    "title": _title,
    "video": _video,
    "ladder": _ladder,
    "actions": _actions,
    "poll": _poll,
    "priorities": _priorities,
    "calendar": _calendar,
    "steps": _steps,
    "contacts": _contacts,
}


def workshop_deck(lw: LoadedWorkshop) -> list[Slide]:
    """Every slide of a workshop, in its agenda's order."""
    fmt = Formatter(lw.workshop.language)
    tasks = {t.id: t for t in lw.workshop.tasks}
    slides: list[Slide] = []
    for entry in lw.workshop.agenda:
        if entry.startswith("task:"):
            slides.append(_task_slide(tasks[entry.removeprefix("task:")], fmt))
        else:
            slides += AGENDA_SLIDES[entry](lw, fmt)
    return slides
