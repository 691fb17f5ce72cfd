"""Project → Facts: every number a document states, computed once (style.md: derive).

The application, the handout and the slides all read these, so they cannot disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from generator.inputs.project import Project


@dataclass(frozen=True)
class Facts:
    """Derived facts of one project. Pure data: numbers, dates, ordered lists of codes."""

    end: dt.date
    participants: int  # staff or pupils, summed over activities
    accompanying: int
    participant_days: int  # sum of participants × days (accompanying persons not counted)
    participants_by_type: tuple[tuple[str, int], ...]  # activity type → participants, in file order
    destination_countries: tuple[str, ...]  # ISO codes in order of first appearance
    members_by_type: tuple[tuple[str, int], ...]  # consortium: school → 11, kindergarten → 11
    members: int  # consortium members in all (named and counted)
    organisations: int  # the applicant and its consortium members or partners
    organisation_countries: tuple[str, ...]  # countries of partners, then the applicant's
    need_numbers: dict[str, int]  # need id → 1-based number as listed
    goal_numbers: dict[str, int]


def end_date(start: dt.date, months: int) -> dt.date:
    """The last day of a project that starts on `start` and runs `months` months.

    2019-09-01 + 24 months ends 2021-08-31; 2020-01-31 + 1 month ends 2020-02-28 (the day before
    the same day of the next month, clamped to that month's length).
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) - dt.timedelta(days=1)


def _ordered_counts(pairs: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for key, n in pairs:
        counts[key] = counts.get(key, 0) + n
    return tuple(counts.items())


def derive(project: Project) -> Facts:
    """Compute the facts of a validated project (pure)."""
    acts = project.activities
    members = project.consortium or []
    partners = project.partners or []
    destinations = [a.destination.country for a in acts if a.destination is not None]
    partner_countries = [p.country for p in partners] + [project.applicant.country]
    return Facts(
        end=end_date(project.period.start, project.period.months),
        participants=sum(a.participants for a in acts),
        accompanying=sum(a.accompanying for a in acts),
        participant_days=sum(a.participants * a.days for a in acts),
        participants_by_type=_ordered_counts([(a.type, a.participants) for a in acts]),
        destination_countries=tuple(dict.fromkeys(destinations)),
        members_by_type=_ordered_counts([(m.type, m.count) for m in members]),
        members=sum(m.count for m in members),
        organisations=1 + sum(m.count for m in members) + len(partners),
        organisation_countries=tuple(dict.fromkeys(partner_countries)),
        need_numbers={n.id: i for i, n in enumerate(project.needs, 1)},
        goal_numbers={g.id: i for i, g in enumerate(project.goals, 1)},
    )
