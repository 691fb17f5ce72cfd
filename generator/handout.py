"""Workshop or project → the handout's Markdown source (Jinja templates/handout/*.md.j2).

The facts are the ones the slides state (deck.action_facts, deck.example_slide), so the
handout, the slides and the applications agree.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from generator.checks import CHECKLIST
from generator.deck import action_facts, activity_line, example_slide, steps_of, steps_title
from generator.model import countries
from generator.render import Formatter, render


def _action_row(rules: Any, action: str, fmt: Formatter) -> dict[str, str]:
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


def workshop_markdown(lw: Any, templates: Path | None = None) -> str:
    """The workshop handout as (escaped) Markdown."""
    ws = lw.workshop
    fmt = Formatter(ws.language, countries())
    deck = fmt.labels["deck"]
    subtitle = [ws.organiser.name]
    if ws.date:
        subtitle.append(fmt.date(ws.date))
    if ws.venue:
        subtitle.append(ws.venue)
    examples = []
    for loaded in lw.examples:
        slide = example_slide(loaded, fmt)
        examples.append(
            {
                "title": slide.title,
                "action": loaded.project.action,
                "lines": [i.text for i in slide.body],
            }
        )
    tasks = []
    for t in ws.tasks:
        how = deck["methods"][t.method]
        if t.method == "groups":
            how = deck["group_size"].format(size=t.group_size) if t.group_size else how
            if t.individual_minutes:
                how += " – " + deck["group_round"].format(minutes=t.individual_minutes)
        tasks.append({"title": t.title, "how": how, "prompt": t.prompt, "questions": t.questions})
    contacts = [" · ".join(x for x in (c.name, c.email, c.phone) if x) for c in ws.contacts]
    if ws.organiser.newsletter:
        contacts.append(deck["newsletter"].format(where=ws.organiser.newsletter))
    if ws.organiser.website:
        contacts.append(deck["website"].format(where=ws.organiser.website))
    context = {
        "ws": ws.model_dump(mode="python"),
        "L": fmt.labels,
        "fmt": fmt,
        "subtitle": " · ".join(subtitle),
        "actions": [_action_row(lw.rules, a, fmt) for a in ws.actions],
        "checklists": {
            a: [deck["checklist"][key] for key, _codes in CHECKLIST[a]] for a in ws.actions
        },
        "examples": examples,
        "tasks": tasks,
        "steps": steps_of(ws, fmt),
        "steps_title": steps_title(ws, fmt),
        "contacts": contacts,
    }
    return render("handout/workshop.md.j2", context, templates)


def project_markdown(loaded: Any, templates: Path | None = None) -> str:
    """The participant handout of one project as (escaped) Markdown."""
    p, f = loaded.project, loaded.facts
    fmt = Formatter(p.language, countries())
    labels = fmt.labels["handout"]
    trips = [
        activity_line(a, fmt, a.title or fmt.labels["activity_types"][a.type]) for a in p.activities
    ]
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
        "trips": trips,
    }
    return render("handout/project.md.j2", context, templates)
