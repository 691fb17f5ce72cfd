"""A project's time plan for its deck (pure): the timeline on a month axis, or an Erasmus plan's
on a year axis, the participants per plan year, and the activities in a line each.

An accreditation (KA120-SCH) plans its activities by year (2026–2030), not by month: its chart
has a year axis with each activity's bar in its year, and its words say "Erasmus plan".
"""

from __future__ import annotations

from generator.documents.activities import activity_line
from generator.documents.language import Formatter
from generator.documents.slides.content import Bar, Timeline, keeping
from generator.inputs.parts import Activity
from generator.loaded import Loaded
from generator.rules.actions import ACTIONS

YEAR_BAR = (0.1, 0.8)  # an activity planned for a year: a bar inside the year's column


def is_plan(loaded: Loaded) -> bool:
    """An accreditation's Erasmus plan (its words: "Erasmus plan", not "project")."""
    return ACTIONS[loaded.project.action].family == "accreditation"


def by_year(loaded: Loaded) -> bool:
    """A plan of activities by year: some activity has a year and none a month."""
    acts = loaded.project.activities
    return any(a.year is not None for a in acts) and not any(a.when for a in acts)


def plan_years(loaded: Loaded) -> list[int]:
    """The years on a plan's axis: from the period's first to its last, and any activity's."""
    p = loaded.project
    years = [p.period.start.year, loaded.facts.end.year]
    years += [a.year for a in p.activities if a.year is not None]
    return list(range(min(years), max(years) + 1))


def activity_text(a: Activity, fmt: Formatter, name: str) -> str:
    """An activity in a line (documents.activities), its month kept on one line: "Jobbskygging i
    Hamburg, Tyskland: 8 deltakere, 5 dager (oktober 2026)"."""
    line = activity_line(a, fmt, name)
    if a.when:
        return keeping(line, fmt.month(a.when))
    if a.year is not None and not line.endswith(f"({a.year})"):  # a plan's year, if missing
        return f"{line} ({a.year})"
    return line


def _months_in(loaded: Loaded, when: str) -> int:
    start = loaded.project.period.start
    year, month = (int(x) for x in when.split("-"))
    return (year - start.year) * 12 + month - start.month


def _activity_bar(a: Activity, name: str, fmt: Formatter, start: float, length: float) -> Bar:
    text = f"{fmt.plural(a.participants, 'participants')}, {fmt.plural(a.days, 'days')}"
    return Bar(name, start, length, text)


def timeline(loaded: Loaded, fmt: Formatter) -> Timeline:
    """The chart of the time plan: a month axis with a cooperation partnership's work packages,
    then the activities; an Erasmus plan's year axis with each activity in its year."""
    p = loaded.project
    labels = fmt.labels["deck"]["project"]
    period_label = labels["plan_period" if is_plan(loaded) else "period"]
    names = [a.title or fmt.labels["activity_types"][a.type] for a in p.activities]
    if by_year(loaded):
        years = plan_years(loaded)
        first = years[0]
        bars, undated = [], []
        for a, name in zip(p.activities, names, strict=True):
            if a.year is None:
                undated.append(name)
                continue
            bars.append(_activity_bar(a, name, fmt, a.year - first + YEAR_BAR[0], YEAR_BAR[1]))
        note = labels["no_year"].format(activities=fmt.listing(undated)) if undated else ""
        begins = p.period.start.year - first + (p.period.start.month - 1) / 12
        return Timeline(
            len(years),
            tuple((i + 0.5, str(year)) for i, year in enumerate(years)),
            tuple(bars),
            period_label,
            note,
            unit="year",
            period=(begins, p.period.months / 12),
        )
    start = p.period.start
    ticks = []
    for i in range(p.period.months + 1):
        month = (start.month - 1 + i) % 12
        year = start.year + (start.month - 1 + i) // 12
        ticks.append((float(i), f"{fmt.labels['months'][month][:3]} {year}"))
    bars, undated = [], []
    for wp in p.work_packages:  # a cooperation partnership's work packages, then its activities
        if wp.start and wp.end:
            first_month, last_month = _months_in(loaded, wp.start), _months_in(loaded, wp.end)
            lead = p.organisation_name(wp.lead)
            label = f"{wp.id.upper()} {wp.title}"
            bars.append(Bar(label, first_month, last_month - first_month + 1, lead))
    for a, name in zip(p.activities, names, strict=True):
        if a.when is None:
            undated.append(name)
            continue
        bars.append(_activity_bar(a, name, fmt, _months_in(loaded, a.when), max(a.days / 30, 0.5)))
    note = labels["no_date"].format(activities=fmt.listing(undated)) if undated else ""
    return Timeline(p.period.months, tuple(ticks), tuple(bars), period_label, note)


def timeline_notes(loaded: Loaded, fmt: Formatter) -> str:
    """What the presenter says to the chart: an Erasmus plan's by year, with each year's
    activities, as drawn."""
    p, notes = loaded.project, fmt.labels["deck"]["notes"]
    values = {
        "months": fmt.plural(p.period.months, "months"),
        "start": fmt.date(p.period.start),
        "end": fmt.date(loaded.facts.end),
    }
    if not by_year(loaded):
        return str(notes["project_timeline"].format(**values))
    years = []
    for year in plan_years(loaded):
        count = sum(1 for a in p.activities if a.year == year)
        if count:
            years.append(f"{year}: {fmt.plural(count, 'activities')}")
    key = "plan_timeline" if is_plan(loaded) else "project_timeline"
    return str(notes[key].format(**values, years="; ".join(years)))


def per_year(loaded: Loaded, fmt: Formatter) -> list[tuple[int, str]]:
    """Each plan year with its participants and activities: (2027, "2027: 30 deltakere og 3
    følgepersoner i 2 aktiviteter")."""
    labels, forms = fmt.labels["deck"]["project"], fmt.labels["plurals_deck"]["accompanying"]
    out = []
    for year in plan_years(loaded):
        acts = [a for a in loaded.project.activities if a.year == year]
        if not acts:
            continue
        accompanying = sum(a.accompanying for a in acts)
        values = {
            "year": year,
            "participants": fmt.plural(sum(a.participants for a in acts), "participants"),
            "activities": fmt.plural(len(acts), "activities"),
        }
        if accompanying:
            form = forms["one" if accompanying == 1 else "other"]
            line = labels["year_accompanying"].format(
                **values, accompanying=form.format(n=fmt.number(accompanying))
            )
        else:
            line = labels["year_line"].format(**values)
        out.append((year, str(line)))
    return out
