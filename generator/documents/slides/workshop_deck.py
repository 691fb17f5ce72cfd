"""Workshop and project → slides: what each slide says, before any layout (pure).

The action slides state the call's rule data, the checklist slides the items `gen check`
reviews, and the example slides the facts derived from each project file, through the same
`derive` and `budget` the application uses, so no number is typed twice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from generator.checks import CHECKLIST
from generator.documents.markdown import Formatter
from generator.facts.budget import affordable_mobilities
from generator.inputs.project import countries

# Layout names of the slide template (PowerPoint's standard names, so users recognise them).
TITLE, SECTION, CONTENT, TWO, TITLE_ONLY = (
    "Title Slide",
    "Section Header",
    "Title and Content",
    "Two Content",
    "Title Only",
)
STAFF_ACTIONS = ("KA101", "KA122-SCH")
PUPIL_TYPES = ("pupil-group-exchange", "long-term-pupil-mobility")


@dataclass(frozen=True)
class Item:
    """A paragraph of a text box: a bullet, a numbered question, plain text or a link."""

    text: str
    level: int = 0
    style: str = "bullet"  # bullet | number | plain | lead | link | tip


@dataclass(frozen=True)
class Bar:
    """An activity on the timeline: months from the project start, and how long it lasts."""

    label: str
    start: float
    length: float
    text: str


@dataclass(frozen=True)
class Timeline:
    """The project period on a month axis, with its activities as bars."""

    months: int
    ticks: tuple[tuple[int, str], ...]  # month index → label
    bars: tuple[Bar, ...]
    period_label: str
    note: str = ""  # activities without a month


@dataclass(frozen=True)
class Slide:
    """One slide's content: a layout name, its texts, and a drawing for process/timeline slides."""

    key: str  # what the slide is: title, video, task:why, action:KA101, example:melhus, …
    layout: str
    title: str
    subtitle: str = ""
    body: tuple[Item, ...] = ()
    right: tuple[Item, ...] = ()
    steps: tuple[dict[str, str], ...] = ()  # process: title and what it involves
    timeline: Timeline | None = None
    notes: str = ""


def _years_or_months(fmt: Formatter, low: int, high: int) -> str:
    deck = fmt.labels["deck"]
    if low % 12 == 0 and high % 12 == 0:
        return deck["range_years"].format(low=low // 12, high=high // 12)
    return deck["range_months"].format(low=low, high=high)


def _duration(fmt: Formatter, days: int) -> str:
    """60 → "2 måneder", 3 → "3 dager" (a month of the rules is 30 days)."""
    deck = fmt.labels["deck"]
    if days >= 30 and days % 30 == 0:
        forms, n = deck["duration_months"], days // 30
    else:
        forms, n = deck["duration_days"], days
    return (forms["one"] if n == 1 else forms["other"]).format(n=fmt.number(n))


def action_facts(rules: Any, action: str, fmt: Formatter) -> dict[str, str]:
    """The call's rule values of one action, formatted for the action slide's sentences."""
    act = rules.action(action)
    facts: dict[str, str] = {"call": str(rules.call)}
    low, high = act["project_months"].value
    facts["project_months"] = _years_or_months(fmt, low, high)
    if "long_term_project_months" in act:
        facts["long_term_months"] = _plural(
            fmt, act["long_term_project_months"].value // 12, "years"
        )
    types = act["activity_types"].value
    names = [fmt.labels["activity_types"][t] for t in types if t not in ("virtual", "local")]
    facts["activity_types"] = fmt.listing([names[0]] + [n[0].lower() + n[1:] for n in names[1:]])
    spans = [span for span in act["activity_days"].value.values() if span[1] <= 60]
    if spans:
        facts["trips"] = fmt.labels["deck"]["trips"].format(
            low=_duration(fmt, min(s[0] for s in spans)),
            high=_duration(fmt, max(s[1] for s in spans)),
        )
    if "schools" in act:
        facts["schools"] = "–".join(str(n) for n in act["schools"].value)
    if "cap_per_school_year" in act:
        facts["cap"] = fmt.money(act["cap_per_school_year"].value)
        trip = act["mobility_illustration"].value
        facts["mobilities"] = str(
            round(affordable_mobilities(rules, trip["role"], trip["days"], trip["km"]))
        )
        facts["illustration_days"] = str(trip["days"])
    for key in ("participants_max", "organisations_min", "countries_min"):
        if key in act:
            facts[key] = str(act[key].value)
    if "lump_sums" in act:
        facts["lump_sums"] = fmt.listing([fmt.money(v) for v in act["lump_sums"].value])
    return facts


def _plural(fmt: Formatter, n: int, key: str) -> str:
    forms = fmt.labels["plurals_deck"][key]
    return (forms["one"] if n == 1 else forms["other"]).format(n=fmt.number(n))


def places(project: Any, fmt: Formatter) -> str:
    """The destinations by country (or by the region given), in order: "Tyskland og Skottland"."""
    names = []
    for a in project.activities:
        if a.destination is not None:
            names.append(a.destination.region or fmt.country(a.destination.country))
    return fmt.listing(list(dict.fromkeys(names)))


def activity_line(a: Any, fmt: Formatter, name: str) -> str:
    """ "Jobbskygging i Hamburg, Tyskland: 7 deltakere, 5 dager (mars 2020)" for one activity."""
    labels = fmt.labels["deck"]["project"]
    where = a.destination
    values = {
        "type": name,
        "place": f"{where.city}, {where.region or fmt.country(where.country)}" if where else "—",
        "participants": fmt.plural(a.participants, "participants"),
        "days": fmt.plural(a.days, "days"),
    }
    if a.when:
        return str(labels["activity_when"].format(**values, when=fmt.month(a.when)))
    return str(labels["activity"].format(**values))


def budget_amount(loaded: Any) -> tuple[float, str]:
    """The amount an example shows: the requested amount if stated, else the estimate."""
    requested = loaded.project.budget.requested if loaded.project.budget else None
    if requested is not None:
        return requested, "requested"
    return loaded.budget.total, "estimate"


def example_facts(loaded: Any, fmt: Formatter) -> dict[str, Any]:
    """The numbers an example slide states, derived once (tests compare them with the application)."""
    p, f = loaded.project, loaded.facts
    pupils = sum(a.participants for a in p.activities if a.type in PUPIL_TYPES)
    travelling = [a for a in p.activities if a.destination is not None]
    amount, kind = budget_amount(loaded)
    if p.partners:
        orgs = [("school" if p.applicant.type == "school-owner" else p.applicant.type, 1)]
        orgs += [(partner.type, 1) for partner in p.partners]
        counts: dict[str, int] = {}
        for key, n in orgs:
            counts[key] = counts.get(key, 0) + n
        organisations = list(counts.items())
    else:
        organisations = list(f.members_by_type)
    return {
        "organisations": organisations,
        "organisation_countries": list(f.organisation_countries),
        "people": f.participants + f.accompanying,
        "participants": f.participants,
        "pupils": pupils,
        "accompanying": f.accompanying,
        "places": places(p, fmt),
        "activity_types": list(dict.fromkeys(a.type for a in p.activities)),
        "trip_days": travelling[0].days if len(travelling) == 1 else None,
        "participant_days": f.participant_days,
        "budget": amount,
        "budget_kind": kind,
    }


def example_slide(loaded: Any, fmt: Formatter) -> Slide:
    """An example project on one slide: who, the title, the focus, and its numbers."""
    p = loaded.project
    labels = fmt.labels["deck"]["example"]
    x = example_facts(loaded, fmt)
    body = [Item(f"«{p.title}»", style="lead"), Item(p.focus or p.goals[0].text)]
    where = fmt.countries(x["organisation_countries"])
    if p.partners:
        body.append(
            Item(
                labels["organisations"].format(
                    counts=fmt.counts(x["organisations"]), countries=where
                )
            )
        )
    elif x["organisations"]:
        body.append(Item(fmt.counts(x["organisations"])))
    types = fmt.listing([fmt.labels["activity_types"][t].lower() for t in x["activity_types"]])
    if p.action in STAFF_ACTIONS:
        body.append(
            Item(
                labels["staff_activities"].format(
                    people=_plural(fmt, x["people"], "people"), types=types, places=x["places"]
                )
            )
        )
    else:
        who = (
            fmt.listing(
                [
                    _plural(fmt, x["pupils"], "pupils"),
                    _plural(fmt, x["accompanying"], "accompanying"),
                ]
            )
            if x["pupils"]
            else _plural(fmt, x["people"], "people")
        )
        if x["trip_days"] is not None:
            line = labels["visit_one"].format(
                who=who, places=x["places"], days=fmt.plural(x["trip_days"], "days")
            )
        else:
            line = labels["visit_many"].format(
                who=who, days=fmt.plural(x["participant_days"], "days")
            )
        body.append(Item(line))
    if p.partners:
        holder = labels["budget_who"].format(
            role=fmt.labels["roles"][p.role or "partner"], country=fmt.country(p.applicant.country)
        )
    else:
        holder = p.applicant.name
    body.append(Item(labels["budget"].format(amount=fmt.money(x["budget"]), who=holder)))
    notes = fmt.labels["deck"]["notes"]
    note = notes["example"].format(
        applicant=p.applicant.name,
        action=p.action,
        months=fmt.plural(p.period.months, "months"),
        participants=fmt.plural(loaded.facts.participants, "participants"),
        activities=fmt.plural(len(p.activities), "activities"),
        budget=fmt.money(x["budget"]),
        budget_kind=notes[f"budget_{x['budget_kind']}"],
    )
    return Slide(f"example:{loaded.id}", CONTENT, p.applicant.name, body=tuple(body), notes=note)


def _action_slides(lw: Any, action: str, fmt: Formatter) -> list[Slide]:
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
        for key, _codes in CHECKLIST[action]
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
    if rules.action(action)["consortium"].value:
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


def task_method(task: Any, fmt: Formatter) -> str:
    """How a task is done: "Think – Pair – Share", or "Grupper på 3-4 personer – 5 min. …"."""
    deck = fmt.labels["deck"]
    if task.method != "groups":
        return str(deck["methods"][task.method])
    how = (
        deck["group_size"].format(size=task.group_size)
        if task.group_size
        else deck["methods"]["groups"]
    )
    if task.individual_minutes:
        how += " – " + deck["group_round"].format(minutes=task.individual_minutes)
    return str(how)


def workshop_subtitle(ws: Any, fmt: Formatter) -> str:
    """The organiser, and the date and venue where given: "Diku · 15. januar 2020 · Stjørdal"."""
    parts = [ws.organiser.name]
    if ws.date:
        parts.append(fmt.date(ws.date))
    if ws.venue:
        parts.append(ws.venue)
    return " · ".join(parts)


def contact_lines(ws: Any, fmt: Formatter) -> list[tuple[str, str]]:
    """(kind, text) for the contacts slide and the handout: the newsletter, the website, then
    each contact as "name · email · phone"."""
    deck = fmt.labels["deck"]
    lines = []
    if ws.organiser.newsletter:
        lines.append(("newsletter", deck["newsletter"].format(where=ws.organiser.newsletter)))
    if ws.organiser.website:
        lines.append(("website", deck["website"].format(where=ws.organiser.website)))
    for c in ws.contacts:
        lines.append(("contact", " · ".join(x for x in (c.name, c.email, c.phone) if x)))
    return lines


def _task_slide(task: Any, fmt: Formatter) -> Slide:
    deck = fmt.labels["deck"]
    body = [Item(task_method(task, fmt), style="lead")]
    if task.method == "think-pair-share":
        how = deck["notes"]["think_pair_share"]
    else:
        how = deck["notes"]["groups"].format(
            size=task.group_size or "3–4", minutes=task.individual_minutes or 5
        )
    if task.prompt:
        body.append(Item(task.prompt, style="plain"))
    body += [Item(q, style="number") for q in task.questions]
    note = (
        how
        + " "
        + deck["notes"]["task"].format(
            method=deck["methods"][task.method], questions=" ".join(task.questions)
        )
    )
    return Slide(
        f"task:{task.id}",
        CONTENT,
        deck["task"].format(title=task.title),
        body=tuple(body),
        notes=note,
    )


def steps_of(workshop: Any, fmt: Formatter) -> list[dict[str, str]]:
    """The workshop's steps, or the five default steps in its language."""
    if workshop.steps == "default":
        return list(fmt.labels["deck"]["steps"])
    return [{"title": s.title, "text": s.text or ""} for s in workshop.steps]


def steps_title(workshop: Any, fmt: Formatter) -> str:
    deck = fmt.labels["deck"]
    if workshop.steps == "default":
        return deck["steps_default"]
    return deck["steps_count"].format(steps=_plural(fmt, len(workshop.steps), "steps"))


def workshop_deck(lw: Any) -> list[Slide]:
    """Every slide of a workshop, in its agenda's order."""
    ws = lw.workshop
    fmt = Formatter(ws.language, countries())
    deck, notes = fmt.labels["deck"], fmt.labels["deck"]["notes"]
    slides: list[Slide] = []
    tasks = {t.id: t for t in ws.tasks}
    for entry in ws.agenda:
        if entry == "title":
            slides.append(
                Slide(
                    "title",
                    TITLE,
                    ws.title,
                    subtitle=workshop_subtitle(ws, fmt),
                    notes=notes["title"].format(title=ws.title),
                )
            )
        elif entry == "video":
            assert ws.video is not None
            slides.append(
                Slide(
                    "video",
                    CONTENT,
                    ws.video.title,
                    body=(Item(ws.video.url, style="link"),),
                    notes=notes["video"].format(url=ws.video.url),
                )
            )
        elif entry.startswith("task:"):
            slides.append(_task_slide(tasks[entry[5:]], fmt))
        elif entry == "actions":
            slides.append(
                Slide("section", SECTION, deck["how_to_cooperate"], notes=notes["section"])
            )
            for action in ws.actions:
                slides += _action_slides(lw, action, fmt)
        elif entry == "poll":
            assert ws.poll is not None
            body = [Item(ws.poll.url, style="link")]
            if ws.poll.code:
                body.append(Item(deck["poll_code"].format(code=ws.poll.code), style="lead"))
            note = (notes["poll"] if ws.poll.code else notes["poll_nocode"]).format(url=ws.poll.url)
            slides.append(
                Slide(
                    "poll",
                    CONTENT,
                    ws.poll.question or deck["poll_question"],
                    body=tuple(body),
                    notes=note,
                )
            )
        elif entry == "priorities":
            body = [Item(deck["priorities_lead"].format(call=lw.rules.call), style="lead")]
            body += [Item(p[ws.language]) for p in lw.rules.priorities.values()]
            slides.append(
                Slide(
                    "priorities",
                    CONTENT,
                    deck["priorities"],
                    body=tuple(body),
                    notes=notes["priorities"].format(call=lw.rules.call),
                )
            )
        elif entry == "steps":
            steps = steps_of(ws, fmt)
            slides.append(
                Slide(
                    "steps",
                    TITLE_ONLY,
                    steps_title(ws, fmt),
                    steps=tuple(steps),
                    notes=notes["steps"].format(
                        steps="; ".join(f"{s['title']}: {s['text']}" for s in steps)
                    ),
                )
            )
        elif entry == "contacts":
            style = {"newsletter": "lead", "website": "plain", "contact": "bullet"}
            body = [Item(text, style=style[kind]) for kind, text in contact_lines(ws, fmt)]
            slides.append(
                Slide(
                    "contacts",
                    CONTENT,
                    deck["contacts"].format(organiser=ws.organiser.name),
                    body=tuple(body),
                    notes=notes["contacts"],
                )
            )
    return slides


def as_json(slides: list[Slide]) -> list[dict[str, Any]]:
    """The slides as plain data (for tests and debugging)."""
    return [dataclasses.asdict(s) for s in slides]
