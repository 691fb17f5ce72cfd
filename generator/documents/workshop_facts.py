"""What a workshop's slides and its handout both say, formatted in the workshop's language (pure).

The action facts are the call's rule data; an example's facts come from its project file through
the same derive and budget code as its application, so no number is typed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.documents.activities import places, where
from generator.documents.language import Formatter
from generator.facts.budget import affordable_mobilities
from generator.inputs.parts import Activity
from generator.inputs.workshop import Task, Workshop
from generator.loaded import Loaded
from generator.rules.actions import ACTIONS
from generator.rules.ruleset import PUPIL_ACTIVITIES, RuleSet


def _years_or_months(fmt: Formatter, low: int, high: int) -> str:
    deck = fmt.labels["deck"]
    if low % 12 == 0 and high % 12 == 0:
        return str(deck["range_years"]).format(low=low // 12, high=high // 12)
    return str(deck["range_months"]).format(low=low, high=high)


def _duration(fmt: Formatter, days: int) -> str:
    """60 → "2 måneder", 3 → "3 dager" (a month of the rules is 30 days)."""
    deck = fmt.labels["deck"]
    if days >= 30 and days % 30 == 0:
        forms, n = deck["duration_months"], days // 30
    else:
        forms, n = deck["duration_days"], days
    return str(forms["one"] if n == 1 else forms["other"]).format(n=fmt.number(n))


def action_facts(rules: RuleSet, action: str, fmt: Formatter) -> dict[str, str]:
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
            round(
                affordable_mobilities(
                    rules,
                    action,
                    trip["role"],
                    trip["days"],
                    trip["km"],
                    trip.get("travel_days", 0),
                )
            )
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
    return str(forms["one"] if n == 1 else forms["other"]).format(n=fmt.number(n))


def budget_amount(loaded: Loaded) -> tuple[float, str]:
    """The amount an example shows: the amount granted or requested if stated, else the lump sum
    chosen (a partnership's), else the estimate from the unit costs."""
    stated = loaded.project.budget
    if stated is not None and stated.granted is not None:
        return stated.granted, "granted"
    if stated is not None and stated.requested is not None:
        return stated.requested, "requested"
    if stated is not None and stated.lump_sum is not None:
        return loaded.budget.total, "lump_sum"
    return loaded.budget.total, "estimate"


@dataclass(frozen=True)
class ExampleFacts:
    """The numbers an example slide states, derived once (tests compare them with the application)."""

    organisations: list[tuple[str, int]]  # kind → how many: [("school", 11), …]
    organisation_countries: list[str]
    people: int  # participants and accompanying persons
    participants: int
    pupils: int
    accompanying: int
    places: str
    activity_types: list[str]
    trip_days: int | None  # the days of the one trip, if there is one
    participant_days: int
    budget: float
    budget_kind: str  # granted | requested | lump_sum | estimate


def example_facts(loaded: Loaded, fmt: Formatter) -> ExampleFacts:
    """The numbers of one example project, from its facts and budget."""
    p, f = loaded.project, loaded.facts
    pupils = sum(a.participants for a in p.activities if a.type in PUPIL_ACTIVITIES)
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
    return ExampleFacts(
        organisations=organisations,
        organisation_countries=list(f.organisation_countries),
        people=f.participants + f.accompanying,
        participants=f.participants,
        pupils=pupils,
        accompanying=f.accompanying,
        places=places(p, fmt),
        activity_types=list(dict.fromkeys(a.type for a in p.activities)),
        trip_days=travelling[0].days if len(travelling) == 1 else None,
        participant_days=f.participant_days,
        budget=amount,
        budget_kind=kind,
    )


def _who(acts: list[Activity], fmt: Formatter) -> str:
    """Who takes part in `acts`: "17 elever og 3 følgepersoner", or "12 personer" without pupils."""
    pupils = sum(a.participants for a in acts if a.type in PUPIL_ACTIVITIES)
    accompanying = sum(a.accompanying for a in acts)
    if pupils:
        return fmt.listing(
            [_plural(fmt, pupils, "pupils")]
            + ([_plural(fmt, accompanying, "accompanying")] if accompanying else [])
        )
    return _plural(fmt, sum(a.participants + a.accompanying for a in acts), "people")


def _visitors(loaded: Loaded, fmt: Formatter) -> str:
    """Who comes to the applicant: "2 personer fra Finland besøker Melhus kommune" (invited
    experts, hosted teachers: their origin), or, for a partnership's activity at home (a pupil
    exchange it hosts), "partnerne besøker Tydal skole"; "" if nobody does."""
    p, labels = loaded.project, fmt.labels["deck"]["example"]
    incoming = [a for a in p.activities if where(a) == "incoming"]
    if incoming:
        origins = [a.origin.country for a in incoming if a.origin is not None]
        return str(labels["visitors"]).format(
            people=_who(incoming, fmt),
            places=fmt.countries(list(dict.fromkeys(origins))),
            host=p.applicant.name,
        )
    if p.partners and any(where(a) == "local" for a in p.activities):
        return str(labels["visited"]).format(host=p.applicant.name)
    return ""


def _with_visitors(line: str, loaded: Loaded, fmt: Formatter) -> str:
    """`line` (who travels where), and who comes to the applicant; either alone if the other is
    empty, starting with a capital."""
    visitors = _visitors(loaded, fmt)
    if line and visitors:
        line = str(fmt.labels["deck"]["example"]["also"]).format(line=line, more=visitors)
    text = line or visitors
    return text[:1].upper() + text[1:]


def _who_travels(loaded: Loaded, fmt: Formatter) -> str:
    """A partnership's visits: "17 elever og 3 følgepersoner besøker Frankrike i 12 dager", or
    for several trips "12 personer besøker partnerne, til sammen 76 deltakerdager" (participants
    × days, as in the application); and the partners' visits to the applicant."""
    labels = fmt.labels["deck"]["example"]
    away = [a for a in loaded.project.activities if a.destination is not None]
    line = ""
    if len(away) == 1:
        line = labels["visit_one"].format(
            who=_who(away, fmt),
            places=places(loaded.project, fmt),
            days=fmt.plural(away[0].days, "days"),
        )
    elif away:
        days = _plural(fmt, sum(a.participants * a.days for a in away), "participant_days")
        line = labels["visit_many"].format(who=_who(away, fmt), days=days)
    return _with_visitors(line, loaded, fmt)


def _same_language(a: str, b: str) -> bool:
    """Bokmål and nynorsk read as one language on a slide; English does not read as either."""
    return a == b or {a, b} <= {"nb", "nn"}


def _focus(loaded: Loaded, fmt: Formatter) -> str:
    """The project's focus (or first goal) in its own words; for a project written in another
    language than the workshop's, its priorities (a yearly request: its accreditation's) by their
    names in the workshop's language."""
    p = loaded.project
    keys = p.priorities or (loaded.accreditation.priorities if loaded.accreditation else [])
    names = [loaded.rules.priorities[k][fmt.lang] for k in keys if k in loaded.rules.priorities]
    if _same_language(p.language, fmt.lang) or not names:
        return p.focus or p.goals[0].text
    return str(fmt.labels["deck"]["example"]["priorities"]).format(names=fmt.listing(names))


def _span(fmt: Formatter, months: int) -> str:
    """48 → "4 år", 15 → "15 måneder"."""
    return _plural(fmt, months // 12, "years") if months % 12 == 0 else fmt.plural(months, "months")


def _trips(loaded: Loaded, fmt: Formatter) -> str:
    """A partnership's mobilities: "9 ansatte, 12 elever og 3 følgepersoner reiser til Finland og
    Island", and whether the schools also work together online."""
    labels, acts = fmt.labels["deck"]["example"], loaded.project.activities
    away = [a for a in acts if a.destination is not None]
    pupils = sum(a.participants for a in away if a.type in PUPIL_ACTIVITIES)
    staff = sum(a.participants for a in away if a.type not in PUPIL_ACTIVITIES)
    counts = [
        str(forms["one"] if n == 1 else forms["other"]).format(n=fmt.number(n))
        for n, forms in (
            (staff, labels["staff"]),
            (pupils, fmt.labels["plurals_deck"]["pupils"]),
            (sum(a.accompanying for a in away), fmt.labels["plurals_deck"]["accompanying"]),
        )
        if n
    ]
    line = str(labels["trips"]).format(who=fmt.listing(counts), places=places(loaded.project, fmt))
    if any(a.type == "virtual" for a in acts):
        line = str(labels["online"]).format(line=line)
    return line


def _budget_line(loaded: Loaded, fmt: Formatter, x: ExampleFacts) -> str:
    """What an example costs: an accreditation has no budget of its own, a partnership's lump sum
    is the whole partnership's, a yearly request asks for a period; else the seed's line."""
    p, labels = loaded.project, fmt.labels["deck"]["example"]
    amount = fmt.money(x.budget)
    if ACTIONS[p.action].family == "accreditation":
        return str(labels["no_budget"])
    if p.budget is not None and p.budget.lump_sum is not None:
        if p.work_packages:
            packages = fmt.plural(len(p.work_packages), "unit-work-package")
            return str(labels["lump_sum_packages"]).format(amount=amount, packages=packages)
        return str(labels["lump_sum"]).format(amount=amount)
    if loaded.accreditation is not None and x.budget_kind != "granted":
        return str(labels["request"]).format(amount=amount, months=_span(fmt, p.period.months))
    if p.partners:
        holder = labels["budget_who"].format(
            role=fmt.labels["roles"][p.role or "partner"], country=fmt.country(p.applicant.country)
        )
    else:
        holder = p.applicant.name
    return str(labels["budget"]).format(amount=amount, who=holder)


def _staff_activities(loaded: Loaded, fmt: Formatter) -> str:
    """A mobility project's trips: "14 personer på jobbskygging i Tyskland og Skottland", and who
    comes to the applicant (invited experts, hosted teachers)."""
    labels = fmt.labels["deck"]["example"]
    away = [a for a in loaded.project.activities if a.destination is not None]
    line = ""
    if away:
        types = [
            fmt.labels["activity_types"][t].lower() for t in dict.fromkeys(a.type for a in away)
        ]
        line = labels["staff_activities"].format(
            people=_plural(fmt, sum(a.participants + a.accompanying for a in away), "people"),
            types=fmt.listing(types),
            places=places(loaded.project, fmt),
        )
    return _with_visitors(line, loaded, fmt)


def example_lines(loaded: Loaded, fmt: Formatter) -> list[str]:
    """An example project in a few lines: «title», the focus, the organisations, who travels
    where (an accreditation: its plan), and the budget (the slide shows them, the handout lists
    them)."""
    p = loaded.project
    labels = fmt.labels["deck"]["example"]
    x = example_facts(loaded, fmt)
    lines = [f"«{p.title}»", _focus(loaded, fmt)]
    if p.partners:
        where = fmt.countries(x.organisation_countries)
        lines.append(
            labels["organisations"].format(counts=fmt.counts(x.organisations), countries=where)
        )
    elif x.organisations:
        lines.append(fmt.counts(x.organisations))
    family = ACTIONS[p.action].family
    if family == "mobility":
        lines.append(_staff_activities(loaded, fmt))
    elif family == "accreditation":
        lines.append(
            labels["plan"].format(
                months=_span(fmt, p.period.months),
                goals=fmt.plural(len(p.goals), "goals"),
                activities=fmt.plural(len(p.activities), "activities"),
                people=_plural(fmt, x.people, "people"),
            )
        )
    elif p.budget is not None and p.budget.lump_sum is not None and x.places:
        lines.append(_trips(loaded, fmt))
    else:
        lines.append(_who_travels(loaded, fmt))
    lines.append(_budget_line(loaded, fmt, x))
    return lines


def example_note(loaded: Loaded, fmt: Formatter) -> str:
    """The speaker's note of an example: the project in one sentence."""
    p = loaded.project
    amount, kind = budget_amount(loaded)
    notes = fmt.labels["deck"]["notes"]
    if ACTIONS[p.action].family == "accreditation":
        return str(
            notes["example_plan"].format(
                applicant=p.applicant.name,
                action=p.action,
                months=_span(fmt, p.period.months),
                participants=fmt.plural(loaded.facts.participants, "participants"),
                activities=fmt.plural(len(p.activities), "activities"),
            )
        )
    return str(
        notes["example"].format(
            applicant=p.applicant.name,
            action=p.action,
            months=fmt.plural(p.period.months, "months"),
            participants=fmt.plural(loaded.facts.participants, "participants"),
            activities=fmt.plural(len(p.activities), "activities"),
            budget=fmt.money(amount),
            budget_kind=notes[f"budget_{kind}"],
        )
    )


def task_method(task: Task, fmt: Formatter) -> str:
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


def workshop_subtitle(ws: Workshop, fmt: Formatter) -> str:
    """The organiser, and the date and venue where given: "Diku · 15. januar 2020 · Stjørdal"."""
    parts = [ws.organiser.name]
    if ws.date:
        parts.append(fmt.date(ws.date))
    if ws.venue:
        parts.append(ws.venue)
    return " · ".join(parts)


def contact_lines(ws: Workshop, fmt: Formatter) -> list[tuple[str, str]]:
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


def steps_of(workshop: Workshop, fmt: Formatter) -> list[dict[str, str]]:
    """The workshop's steps, or the five default steps in its language."""
    if workshop.steps == "default":
        return list(fmt.labels["deck"]["steps"])
    return [{"title": s.title, "text": s.text or ""} for s in workshop.steps]


def steps_title(workshop: Workshop, fmt: Formatter) -> str:
    deck = fmt.labels["deck"]
    if workshop.steps == "default":
        return str(deck["steps_default"])
    return str(deck["steps_count"]).format(steps=_plural(fmt, len(workshop.steps), "steps"))


def ladder_of(workshop: Workshop, fmt: Formatter) -> list[dict[str, str]]:
    """The ladder's rungs in order, each with its action code ("" for eTwinning), its name and
    what it is, in the workshop's language."""
    deck = fmt.labels["deck"]
    texts = deck["ladder"]["texts"]
    rungs = []
    for step in workshop.ladder_steps():
        title = deck["ladder"]["etwinning"] if step == "etwinning" else deck["action_names"][step]
        code = "" if step == "etwinning" else step
        rungs.append({"code": code, "title": str(title), "text": str(texts[step])})
    return rungs


def calendar_lines(workshop: Workshop, rules: RuleSet, fmt: Formatter) -> list[str]:
    """The call's deadline of each of the workshop's actions from the rule data, earliest first
    and actions with the same deadline on one line ("KA122-SCH og KA121-SCH: 19. februar 2026
    kl. 12.00"), then the actions whose deadline the rule data lacks."""
    words = fmt.labels["deck"]["calendar"]
    dates: dict[dt.datetime, list[str]] = {}
    unknown = []
    for action in workshop.actions:
        if action in rules.deadline:
            due = dt.datetime.fromisoformat(str(rules.deadline[action].value))
            dates.setdefault(due, []).append(action)
        else:
            unknown.append(action)
    lines = [
        str(words["deadline"]).format(
            actions=fmt.listing(actions),
            date=fmt.date(due.date()),
            time=str(words["time"]).format(hour=due.hour, minute=due.minute),
        )
        for due, actions in sorted(dates.items())
    ]
    if unknown:
        lines.append(str(words["unknown"]).format(actions=fmt.listing(unknown)))
    return lines
