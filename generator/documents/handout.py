"""Workshop or project → the handout's Markdown source (Jinja templates/handout/*.md.j2).

The facts are the ones the slides state (documents.workshop_facts), so the handout, the slides
and the applications agree.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from generator.documents.activities import is_trip, line
from generator.documents.fields import summary_sentences
from generator.documents.language import Formatter
from generator.documents.limits import Limits
from generator.documents.markdown import render
from generator.documents.workshop_facts import (
    action_facts,
    calendar_lines,
    contact_lines,
    example_lines,
    ladder_of,
    steps_of,
    steps_title,
    task_method,
    workshop_subtitle,
)
from generator.inputs.parts import Activity
from generator.loaded import Loaded, LoadedWorkshop
from generator.rules.actions import ACTIONS
from generator.rules.ruleset import RuleSet


def _action_row(rules: RuleSet, action: str, fmt: Formatter) -> dict[str, str]:
    deck, handout = fmt.labels["deck"], fmt.labels["handout"]
    facts = action_facts(rules, action, fmt)
    duration = (
        handout["long_term"].format(**facts)
        if "long_term_months" in facts
        else facts["project_months"]
    )
    return {
        "action": action,
        "title": deck["action_title"].format(name=deck["action_names"][action], action=action),
        "who": handout["who"][action].format(**facts),
        "duration": duration,
        "trips": facts.get("trips", handout["none"]),
        "budget": handout["budget"][action].format(**facts),
    }


def _checklist(actions: Sequence[str], fmt: Formatter) -> list[dict[str, object]]:
    """Every checklist item of the actions once, in the order they first come, with the actions
    it is for (the compact handout of a workshop with many actions)."""
    items: dict[str, list[str]] = {}
    for action in actions:
        for key, _codes in ACTIONS[action].checklist:
            items.setdefault(key, []).append(action)
    return [{"text": fmt.labels["deck"]["checklist"][k], "actions": a} for k, a in items.items()]


def workshop_markdown(
    lw: LoadedWorkshop, templates: Path | None = None, limits: Limits | None = None
) -> str:
    """The workshop handout as (escaped) Markdown."""
    ws = lw.workshop
    fmt = Formatter(ws.language)
    deck = fmt.labels["deck"]
    examples = []
    for loaded in lw.examples:
        examples.append(
            {
                "title": loaded.project.applicant.name,
                "action": loaded.project.action,
                "lines": example_lines(loaded, fmt),
            }
        )
    tasks = [
        {"title": t.title, "how": task_method(t, fmt), "prompt": t.prompt, "questions": t.questions}
        for t in ws.tasks
    ]
    # The people first, then the newsletter and the website.
    lines = contact_lines(ws, fmt)
    contacts = [t for k, t in lines if k == "contact"] + [t for k, t in lines if k != "contact"]
    context = {
        "ws": ws.model_dump(mode="python"),
        "L": fmt.labels,
        "fmt": fmt,
        "subtitle": workshop_subtitle(ws, fmt),
        "actions": [_action_row(lw.rules, a, fmt) for a in ws.actions],
        "checklists": {
            a: [deck["checklist"][key] for key, _codes in ACTIONS[a].checklist] for a in ws.actions
        },
        "compact": len(ws.actions) > 3,
        "checklist": _checklist(ws.actions, fmt),
        "examples": examples,
        "tasks": tasks,
        "steps": steps_of(ws, fmt),
        "steps_title": steps_title(ws, fmt),
        "contacts": contacts,
        # The ladder and the deadlines, when the agenda shows them.
        "ladder": ladder_of(ws, fmt) if "ladder" in ws.agenda else [],
        "calendar": calendar_lines(ws, lw.rules, fmt) if "calendar" in ws.agenda else [],
        "call": lw.rules.call,
    }
    return render("handout/workshop.md.j2", context, templates, limits)


def project_markdown(
    loaded: Loaded, templates: Path | None = None, limits: Limits | None = None
) -> str:
    """The participant handout of one project as (escaped) Markdown."""
    p, f = loaded.project, loaded.facts
    fmt = Formatter(p.language)
    labels = fmt.labels["handout"]

    def lines(acts: list[Activity]) -> list[str]:
        return [line(a, fmt, a.title or fmt.labels["activity_types"][a.type]) for a in acts]

    subtitle = labels["subtitle_project"].format(
        applicant=p.applicant.name,
        action=p.action,
        action_name=fmt.labels["actions"][p.action],
        start=fmt.date(p.period.start),
        end=fmt.date(f.end),
    )
    context = {
        "p": p.model_dump(mode="python"),
        "f": dataclasses.asdict(f),
        "L": fmt.labels,
        "fmt": fmt,
        "subtitle": subtitle,
        # What the project is, in the facts' words where the file says it nowhere in its own.
        "lead": [] if p.focus or p.summary else summary_sentences(p, f, fmt)[:-1],
        "trips": lines([a for a in p.activities if is_trip(a)]),
        "at_home": lines([a for a in p.activities if not is_trip(a)]),
    }
    return render("handout/project.md.j2", context, templates, limits)
