"""A project → a short deck presenting it to a staff meeting or a council (pure).

Title, needs, goals, partners, activities and destinations, work packages, a timeline,
participants and selection, budget, dissemination; every number from the project's derived facts
and budget. A slide with nothing to say is left out; an accreditation's deck speaks of its Erasmus
plan (project_plan), a partnership's of its partners and lump sum (project_partnership).
"""

from __future__ import annotations

from collections.abc import Callable

from generator.documents.fields import activity_sentences
from generator.documents.language import Formatter
from generator.documents.slides.content import (
    CONTENT,
    TITLE,
    TITLE_ONLY,
    TWO,
    Item,
    Slide,
    keeping_months,
    line_of,
    text_of,
    unbroken,
)
from generator.documents.slides.project_partnership import (
    lump_sum,
    lump_sum_slide,
    partners_slide,
    work_packages_slide,
)
from generator.documents.slides.project_plan import (
    activity_text,
    by_year,
    is_plan,
    per_year,
    timeline,
    timeline_notes,
)
from generator.loaded import Loaded


def _title(loaded: Loaded, fmt: Formatter) -> Slide:
    p, notes = loaded.project, fmt.labels["deck"]["notes"]
    start, end = fmt.date(p.period.start), fmt.date(loaded.facts.end)
    action_name = fmt.labels["actions"][p.action]
    return Slide(
        "title",
        TITLE,
        p.title,
        subtitle=f"{p.applicant.name} · {p.action} {action_name} · {unbroken(start)}–{unbroken(end)}",
        notes=notes["plan_title" if is_plan(loaded) else "project_title"].format(
            applicant=p.applicant.name, action=p.action, title=p.title, start=start, end=end
        ),
    )


def _needs(loaded: Loaded, fmt: Formatter) -> Slide:
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    return Slide(
        "needs",
        CONTENT,
        labels["needs"],
        body=tuple(Item(text_of(n.text)) for n in loaded.project.needs),
        notes=notes["plan_needs" if is_plan(loaded) else "project_needs"],
    )


def _goals(loaded: Loaded, fmt: Formatter) -> Slide:
    p, f = loaded.project, loaded.facts
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    link = notes["project_goal_link"]
    links = "; ".join(
        fmt.number_form(len(g.needs), link).format(
            goal=f.goal_numbers[g.id], needs=fmt.listing([f.need_numbers[n] for n in g.needs])
        )
        for g in p.goals
    )
    return Slide(
        "goals",
        CONTENT,
        labels["goals"],
        body=tuple(Item(text_of(g.text)) for g in p.goals),
        notes=notes["project_goals"].format(links=links),
    )


def _activities(loaded: Loaded, fmt: Formatter) -> Slide:
    p, f = loaded.project, loaded.facts
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    body: list[Item] = []
    for a in p.activities:
        line = activity_text(a, fmt, fmt.labels["activity_types"][a.type])
        title = text_of(a.title) if a.title else ""
        body += [Item(title, style="lead"), Item(line, level=1)] if title else [Item(line)]
    # As the application's summary says it: who goes where abroad, and apart from them who
    # takes part at home or online; an Erasmus plan, whose places are not chosen: how many.
    said = activity_sentences(p, f, fmt) or [
        notes["project_activities_here"].format(
            participants=fmt.plural(f.participants, "participants"),
            activities=fmt.plural(len(p.activities), "activities"),
        )
    ]
    return Slide(
        "activities", CONTENT, labels["activities"], body=tuple(body), notes=" ".join(said)
    )


def _timeline_slide(loaded: Loaded, fmt: Formatter) -> Slide:
    return Slide(
        "timeline",
        TITLE_ONLY,
        fmt.labels["deck"]["project"]["timeline"],
        timeline=timeline(loaded, fmt),
        notes=timeline_notes(loaded, fmt),
    )


def _participants(loaded: Loaded, fmt: Formatter) -> Slide | None:
    """Who takes part and how they are chosen; a plan without a selection routine: its
    participants per year; a request with neither (its activities slide has its numbers): none."""
    p, f = loaded.project, loaded.facts
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    lead = Item(
        labels["participants_line"].format(
            participants=fmt.plural(f.participants, "participants"),
            activities=fmt.plural(len(p.activities), "activities"),
        ),
        style="lead",
    )
    if p.selection is None:
        if not by_year(loaded):
            return None
        return Slide(
            "participants",
            CONTENT,
            labels["per_year"],
            body=(lead, *(Item(line) for _, line in per_year(loaded, fmt))),
            notes=notes["plan_participants" if is_plan(loaded) else "project_participants"],
        )
    body = [lead, Item(labels["criteria"], style="plain")]
    body += [Item(text_of(c)) for c in p.selection.criteria]
    right = (
        Item(labels["procedure"], style="lead"),
        Item(text_of(p.selection.procedure), style="plain"),
    )
    return Slide(
        "participants",
        TWO,
        labels["participants"],
        body=tuple(body),
        right=right,
        notes=notes["project_participants"],
    )


def _budget(loaded: Loaded, fmt: Formatter) -> Slide | None:
    """The budget: a lump sum as chosen and split; unit costs by category, with the total they
    give. None for an accreditation, whose grants come with each yearly request."""
    p, budget = loaded.project, loaded.budget
    if not budget.lines:
        return None
    chosen = lump_sum(loaded)
    if chosen is not None:
        return lump_sum_slide(loaded, fmt, chosen)
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    by_category: dict[str, float] = {}
    for line in budget.lines:
        by_category[line.category] = by_category.get(line.category, 0) + line.amount
    body = [
        Item(f"{fmt.labels['budget']['categories'][c]}: {fmt.money(v)}")
        for c, v in by_category.items()
    ]
    total = labels["budget_total" if budget.estimate else "budget_total_computed"]
    body.append(Item(total.format(amount=fmt.money(budget.total)), style="lead"))
    if p.budget and p.budget.requested is not None:
        body.append(
            Item(
                labels["budget_requested"].format(amount=fmt.money(p.budget.requested)),
                style="lead",
            )
        )
    note = notes["project_budget_estimate"] if budget.estimate else ""
    return Slide(
        "budget",
        CONTENT,
        labels["budget"],
        body=tuple(body),
        notes=notes["project_budget"]
        .format(call=p.call, amount=fmt.money(budget.total), note=note)
        .rstrip(),
    )


def _dissemination(loaded: Loaded, fmt: Formatter) -> Slide:
    labels, notes = fmt.labels["deck"]["project"], fmt.labels["deck"]["notes"]
    months = fmt.labels["months"]
    body = [
        Item(
            labels["dissemination_when"].format(
                audience=line_of(d.audience),
                channel=line_of(d.channel),
                when=keeping_months(line_of(d.when), months),
            )
            if d.when
            else labels["dissemination_line"].format(
                audience=line_of(d.audience), channel=line_of(d.channel)
            )
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


SLIDES: tuple[Callable[[Loaded, Formatter], Slide | None], ...] = (
    _title,
    _needs,
    _goals,
    partners_slide,
    _activities,
    work_packages_slide,
    _timeline_slide,
    _participants,
    _budget,
    _dissemination,
)


def _has_content(slide: Slide) -> bool:
    return bool(slide.layout == TITLE or slide.body or slide.right or slide.timeline)


def project_deck(loaded: Loaded) -> list[Slide]:
    """A short deck presenting one project to a staff meeting or a council. A slide with nothing
    to say is left out: an accreditation has no budget slide (its grants come with each yearly
    request), a request no dissemination; partners and work packages appear where there are."""
    fmt = Formatter(loaded.project.language)
    slides = [slide(loaded, fmt) for slide in SLIDES]
    return [s for s in slides if s is not None and _has_content(s)]
