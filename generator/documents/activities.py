"""A project's activities and destinations in a line of text, as slides and handouts state them."""

from __future__ import annotations

from generator.documents.language import Formatter
from generator.inputs.parts import Activity
from generator.inputs.project import Project


def places(project: Project, fmt: Formatter) -> str:
    """The destinations by country (or by the region given), in order: "Tyskland og Skottland"."""
    names = []
    for a in project.activities:
        if a.destination is not None:
            names.append(a.destination.region or fmt.country(a.destination.country))
    return fmt.listing(list(dict.fromkeys(names)))


def activity_line(a: Activity, fmt: Formatter, name: str) -> str:
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
