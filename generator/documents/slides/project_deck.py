"""A project → a short deck presenting it to a staff meeting or a council (pure).

Title, needs, goals, activities and destinations, a timeline of the mobilities, participants and
selection, budget, dissemination; every number from the project's derived facts and budget.
"""

from __future__ import annotations

from generator.documents.activities import activity_line, places
from generator.documents.language import Formatter
from generator.documents.slides.content import (
    CONTENT,
    TITLE,
    TITLE_ONLY,
    TWO,
    Bar,
    Item,
    Slide,
    Timeline,
)
from generator.loaded import Loaded


def _timeline(loaded: Loaded, fmt: Formatter) -> Timeline:
    p = loaded.project
    labels = fmt.labels["deck"]["project"]
    start = p.period.start
    ticks = []
    for i in range(p.period.months + 1):
        month = (start.month - 1 + i) % 12
        year = start.year + (start.month - 1 + i) // 12
        if i % max(1, p.period.months // 8) == 0 or i == p.period.months:
            ticks.append((i, f"{fmt.labels['months'][month][:3]} {year}"))

    def months_in(when: str) -> int:
        year, month = (int(x) for x in when.split("-"))
        return (year - start.year) * 12 + month - start.month

    bars, undated = [], []
    for wp in p.work_packages:  # a cooperation partnership's work packages, then its activities
        if wp.start and wp.end:
            first, last = months_in(wp.start), months_in(wp.end)
            lead = p.organisation_name(wp.lead)
            bars.append(Bar(f"{wp.id.upper()} {wp.title}", first, last - first + 1, lead))
    for a in p.activities:
        name = a.title or fmt.labels["activity_types"][a.type]
        if a.when is None:
            undated.append(name)
            continue
        offset = months_in(a.when)
        length = max(a.days / 30, 0.5)
        bars.append(
            Bar(
                name,
                offset,
                length,
                f"{fmt.plural(a.participants, 'participants')}, {fmt.plural(a.days, 'days')}",
            )
        )
    note = labels["no_date"].format(activities=fmt.listing(undated)) if undated else ""
    return Timeline(p.period.months, tuple(ticks), tuple(bars), labels["period"], note)


def _title(loaded: Loaded, fmt: Formatter) -> Slide:
    p, notes = loaded.project, fmt.labels["deck"]["notes"]
    start, end = fmt.date(p.period.start), fmt.date(loaded.facts.end)
    action_name = fmt.labels["actions"][p.action]
    return Slide(
        "title",
        TITLE,
        p.title,
        subtitle=f"{p.applicant.name} · {p.action} {action_name} · {start}–{end}",
        notes=notes["project_title"].format(
            applicant=p.applicant.name, action=p.action, title=p.title, start=start, end=end
        ),
    )


def _needs(loaded: Loaded, fmt: Formatter) -> Slide:
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    return Slide(
        "needs",
        CONTENT,
        labels["needs"],
        body=tuple(Item(n.text) for n in loaded.project.needs),
        notes=notes["project_needs"],
    )


def _goals(loaded: Loaded, fmt: Formatter) -> Slide:
    p, f = loaded.project, loaded.facts
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    links = "; ".join(
        f"{f.goal_numbers[g.id]} → {', '.join(str(f.need_numbers[n]) for n in g.needs)}"
        for g in p.goals
    )
    return Slide(
        "goals",
        CONTENT,
        labels["goals"],
        body=tuple(Item(g.text) for g in p.goals),
        notes=notes["project_goals"].format(links=links),
    )


def _activities(loaded: Loaded, fmt: Formatter) -> Slide:
    p, f = loaded.project, loaded.facts
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    body: list[Item] = []
    for a in p.activities:
        line = activity_line(a, fmt, fmt.labels["activity_types"][a.type])
        body += [Item(a.title, style="lead"), Item(line, level=1)] if a.title else [Item(line)]
    return Slide(
        "activities",
        CONTENT,
        labels["activities"],
        body=tuple(body),
        notes=notes["project_activities"].format(
            participants=fmt.plural(f.participants, "participants"),
            activities=fmt.plural(len(p.activities), "activities"),
            countries=places(p, fmt) or "—",
        ),
    )


def _timeline_slide(loaded: Loaded, fmt: Formatter) -> Slide:
    p = loaded.project
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    return Slide(
        "timeline",
        TITLE_ONLY,
        labels["timeline"],
        timeline=_timeline(loaded, fmt),
        notes=notes["project_timeline"].format(
            months=fmt.plural(p.period.months, "months"),
            start=fmt.date(p.period.start),
            end=fmt.date(loaded.facts.end),
        ),
    )


def _participants(loaded: Loaded, fmt: Formatter) -> Slide:
    p, f = loaded.project, loaded.facts
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    body = [
        Item(
            labels["participants_line"].format(
                participants=fmt.plural(f.participants, "participants"),
                activities=fmt.plural(len(p.activities), "activities"),
            ),
            style="lead",
        ),
    ]
    if p.selection is None:  # a request of an accredited organisation: its numbers only
        body += [Item(activity_line(a, fmt, a.title or a.type)) for a in p.activities]
        return Slide(
            "participants",
            CONTENT,
            labels["participants"],
            body=tuple(body),
            notes=notes["project_participants"],
        )
    body += [Item(labels["criteria"], style="plain"), *(Item(c) for c in p.selection.criteria)]
    right = (Item(labels["procedure"], style="lead"), Item(p.selection.procedure, style="plain"))
    return Slide(
        "participants",
        TWO,
        labels["participants"],
        body=tuple(body),
        right=right,
        notes=notes["project_participants"],
    )


def _budget(loaded: Loaded, fmt: Formatter) -> Slide:
    p, budget = loaded.project, loaded.budget
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    by_category: dict[str, float] = {}
    for line in budget.lines:
        by_category[line.category] = by_category.get(line.category, 0) + line.amount
    body = [
        Item(f"{fmt.labels['budget']['categories'][c]}: {fmt.money(v)}")
        for c, v in by_category.items()
    ]
    body.append(Item(labels["budget_total"].format(amount=fmt.money(budget.total)), style="lead"))
    if p.budget and p.budget.requested is not None:
        body.append(
            Item(
                labels["budget_requested"].format(amount=fmt.money(p.budget.requested)),
                style="lead",
            )
        )
    note = fmt.labels["budget"]["estimate_note"] if budget.estimate else ""
    return Slide(
        "budget",
        CONTENT,
        labels["budget"],
        body=tuple(body),
        notes=notes["project_budget"].format(
            call=p.call, amount=fmt.money(budget.total), note=note
        ),
    )


def _dissemination(loaded: Loaded, fmt: Formatter) -> Slide:
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    body = [
        Item(
            labels["dissemination_when"].format(audience=d.audience, channel=d.channel, when=d.when)
            if d.when
            else labels["dissemination_line"].format(audience=d.audience, channel=d.channel)
        )
        for d in loaded.project.dissemination
    ]
    return Slide(
        "dissemination",
        CONTENT,
        labels["dissemination"],
        body=tuple(body),
        notes=notes["project_dissemination"],
    )


SLIDES = (
    _title,
    _needs,
    _goals,
    _activities,
    _timeline_slide,
    _participants,
    _budget,
    _dissemination,
)


def project_deck(loaded: Loaded) -> list[Slide]:
    """A short deck presenting one project to a staff meeting or a council (an accreditation,
    whose grants come with each yearly request, has no budget slide)."""
    fmt = Formatter(loaded.project.language)
    no_budget = not loaded.budget.lines
    return [slide(loaded, fmt) for slide in SLIDES if not (no_budget and slide is _budget)]
