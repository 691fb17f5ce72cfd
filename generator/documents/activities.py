"""A project's activities and where they take place, as the documents state them: in a line of
text (handouts, slides), as the name in a table or a form field, and as the application's table.

An activity goes abroad (it has a destination), comes to the applicant (an invited expert or
hosted teachers: `origin` says where from), takes place online or locally, or, in an Erasmus
plan, goes abroad to a place not chosen yet. Each says so in words, never with a "—" for a place,
and a name that already says the town ("… i Hamburg") is not followed by the town again.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from generator.documents.language import Formatter, numbered
from generator.documents.markdown import Md, escape_inline
from generator.inputs.parts import Activity, Applicant, Destination
from generator.inputs.project import Project

Where = Literal["abroad", "incoming", "virtual", "local", "unplaced"]
INCOMING = ("invited-expert", "hosting-teachers")  # they come to the applicant (rules: incoming)

# Relative column widths (percent of the text width) of the activity tables; the activity's name
# takes the rest. Each is at least as wide as the longest word of its header in nb, nn and en
# (soft hyphens break the long ones), so no word breaks mid-word.
WIDTHS = {"place": 16, "when": 13, "participants": 11, "accompanying": 11, "days": 8, "goals": 8}
NUMERIC = ("participants", "accompanying", "days", "goals")


def where(a: Activity) -> Where:
    """Where an activity takes place, as a kind."""
    if a.destination is not None:
        return "abroad"
    if a.origin is not None or a.type in INCOMING:
        return "incoming"
    if a.type == "virtual":
        return "virtual"
    return "local" if a.type == "local" else "unplaced"


def is_trip(a: Activity) -> bool:
    """Whether participants travel abroad (to a place chosen or, in a plan, still to choose)."""
    return where(a) in ("abroad", "unplaced")


def names_town(name: str, town: str) -> bool:
    """Whether a name says the town already: "Jobbskygging ved en skole i Oulu" names Oulu."""
    return re.search(rf"(?<!\w){re.escape(town)}(?!\w)", name, re.IGNORECASE) is not None


def _area(place: Destination, fmt: Formatter) -> str:
    return place.region or fmt.country(place.country)


def places(project: Project, fmt: Formatter) -> str:
    """The destinations by country (or by the region given), in order: "Tyskland og Skottland"."""
    names = []
    for a in project.activities:
        if a.destination is not None:
            names.append(_area(a.destination, fmt))
    return fmt.listing(list(dict.fromkeys(names)))


def when_text(a: Activity, fmt: Formatter) -> str:
    """ "oktober 2026", or the year of an activity in an Erasmus plan; "" when not planned."""
    if a.when:
        return fmt.month(a.when)
    return str(a.year) if a.year is not None else ""


def where_text(a: Activity, fmt: Formatter, name: str) -> str:
    """The name and where it takes place: "Jobbskygging i Hamburg, Tyskland", "Kurs ved en skole
    i Oulu (Finland)", "Ekspertbesøk (fra Jyväskylä, Finland)", "Deling av opplegg (på nett)"."""
    forms = fmt.labels["activity_where"]
    kind = where(a)
    if a.destination is not None:
        town, area = a.destination.city, _area(a.destination, fmt)
        if names_town(name, town):
            return str(forms["named"].format(name=name, country=area))
        return str(forms["abroad"].format(name=name, place=f"{town}, {area}"))
    if kind == "incoming" and a.origin is not None:
        origin = f"{a.origin.city}, {_area(a.origin, fmt)}"
        return str(forms["incoming"].format(name=name, place=origin))
    if kind in ("virtual", "local"):
        if name.lower() == str(fmt.labels["activity_types"][a.type]).lower():
            return name  # "Lokal aktivitet" says where already: not "Lokal aktivitet (lokalt)"
        return str(forms[kind].format(name=name))
    return str(forms["unplaced"].format(name=name))


def line(a: Activity, fmt: Formatter, name: str) -> str:
    """ "Jobbskygging i Hamburg, Tyskland: 7 deltakere, 5 dager (mars 2020)"; an activity at home
    or online, or one whose place is not chosen yet, says so (handouts)."""
    text = (
        f"{where_text(a, fmt, name)}: {fmt.plural(a.participants, 'participants')}, "
        f"{fmt.plural(a.days, 'days')}"
    )
    when = when_text(a, fmt)
    return f"{text} ({when})" if when else text


def activity_line(a: Activity, fmt: Formatter, name: str) -> str:
    """ "Jobbskygging i Hamburg, Tyskland: 7 deltakere, 5 dager (mars 2020)" for one activity, in
    the slides' words (deck.project.activity) where it goes to a town its name does not say."""
    dest = a.destination
    if dest is None or names_town(name, dest.city):
        return line(a, fmt, name)
    labels = fmt.labels["deck"]["project"]
    values = {
        "type": name,
        "place": f"{dest.city}, {_area(dest, fmt)}",
        "participants": fmt.plural(a.participants, "participants"),
        "days": fmt.plural(a.days, "days"),
    }
    if a.when:
        return str(labels["activity_when"].format(**values, when=fmt.month(a.when)))
    return str(labels["activity"].format(**values))


def name_parts(a: Activity, fmt: Formatter) -> tuple[str, str]:
    """An activity's name in a table or a form field, as (type, the rest): ("Kurs", ": Lesing
    (Et kurssenter)"); a title that starts with its type keeps it once: ("Jobbskygging", " ved
    grunnskoler i Hamburg")."""
    kind = str(fmt.labels["activity_types"][a.type])
    host = f" ({a.host})" if a.host else ""
    if not a.title:
        return kind, host
    if re.match(rf"{re.escape(kind)}(?!\w)", a.title, re.IGNORECASE):
        return a.title[: len(kind)], a.title[len(kind) :] + host
    return kind, f": {a.title}{host}"


def name_text(a: Activity, fmt: Formatter) -> str:
    """The name as plain text: "Jobbskygging ved grunnskoler i Hamburg", "Kurs: Lesing"."""
    return "".join(name_parts(a, fmt))


def name_markdown(a: Activity, fmt: Formatter) -> Md:
    """The name for a table cell, its type in bold: "**Jobbskygging** ved grunnskoler …"."""
    kind, rest = name_parts(a, fmt)
    space = " " if rest.startswith(" ") else ""  # escaping trims the space after the type
    return Md(f"**{escape_inline(kind)}**{space}{escape_inline(rest) if rest.strip() else ''}")


def place_text(a: Activity, fmt: Formatter, applicant: Applicant) -> str:
    """Where an activity takes place, for a table cell or a form field: "Hamburg, Tyskland";
    the applicant's town for a visit ("Melhus, Norge"), "på nett", "lokalt"; "" if not chosen."""
    table = fmt.labels["table"]
    kind = where(a)
    if a.destination is not None:
        return fmt.place(a.destination.model_dump())
    if kind == "incoming":
        return fmt.place(applicant.model_dump())
    if kind == "virtual":
        return str(table["online"])
    if kind == "local":
        return str(table["local"])
    return ""


def activity_table(
    activities: list[Activity],
    fmt: Formatter,
    project: Project,
    goal_numbers: dict[str, int],
    total: str | None = None,
    like: list[Activity] | None = None,
) -> dict[str, Any]:
    """The application's table of activities: {"columns": [{label, align, width}], "rows":
    [[cells]], "separator"}. A column empty in every row is left out (no destination in an
    Erasmus plan, no month, no accompanying persons), and the activity's name takes the width
    that frees. `total` adds a last row with that label and the sums of participants and
    accompanying; `like` (all of a plan's activities) gives each year's table the same columns."""
    table = fmt.labels["table"]
    every = like if like is not None else activities
    keys = []
    if any(a.destination is not None for a in every):
        keys.append("place")
    if any(a.when for a in every):
        keys.append("when")
    keys.append("participants")
    if any(a.accompanying for a in every):
        keys.append("accompanying")
    keys += ["days", "goals"]
    abroad = all(a.destination is not None for a in every)
    labels = {"place": table["destination" if abroad else "place"]}
    name_width = 100 - sum(WIDTHS[k] for k in keys)
    columns = [{"label": table["activity"], "align": "l", "width": name_width}]
    columns += [
        {
            "label": labels.get(k, table.get(k)),
            "align": "r" if k in NUMERIC else "l",
            "width": WIDTHS[k],
        }
        for k in keys
    ]
    rows = []
    for a in activities:
        cells: dict[str, Any] = {
            "place": place_text(a, fmt, project.applicant) or fmt.labels["none"],
            "when": fmt.month(a.when) if a.when else fmt.labels["none"],
            "participants": fmt.number(a.participants),
            "accompanying": fmt.number(a.accompanying),
            "days": fmt.number(a.days),
            "goals": numbered(a.goals, goal_numbers),
        }
        rows.append([name_markdown(a, fmt), *(cells[k] for k in keys)])
    if total is not None:
        sums = {
            "participants": sum(a.participants for a in activities),
            "accompanying": sum(a.accompanying for a in activities),
        }
        last: list[Any] = [Md(f"**{escape_inline(total)}**")]
        last += [Md(f"**{fmt.number(sums[k])}**") if k in sums else "" for k in keys]
        rows.append(last)
    return {"columns": columns, "rows": rows, "separator": separator(columns)}


def separator(columns: list[dict[str, Any]]) -> Md:
    """A pipe table's alignment row, its dashes in proportion to the columns' widths (pandoc
    takes relative widths from them when the row is longer than 72 characters)."""
    cells = [
        (":" if c["align"] == "l" else "")
        + "-" * int(c["width"])
        + (":" if c["align"] == "r" else "")
        for c in columns
    ]
    return Md("|" + "|".join(cells) + "|")
