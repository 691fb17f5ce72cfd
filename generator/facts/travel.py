"""Travel: where a journey starts and ends, its straight-line distance, and the call's band for it.

The applicant's town is one end of every journey: the start of a mobility abroad, the end of an
incoming visit (invited experts, hosted teachers). A town is found in the gazetteer
(facts.places) unless the project gives its coordinates or the distance; a name that several
places bear is a warning naming each, with its county and the band it would give, and `region`
picks one. Green travel has bands of its own where the call has them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Issue, KeyPath
from generator.facts.places import Match, Place, PlaceNotFound, distance_km, find
from generator.inputs.parts import Activity, Applicant, Destination
from generator.inputs.placeholders import leftover
from generator.messages import Listing, Msg, said
from generator.rules.ruleset import RuleSet, Value

USER = "user"  # confidence of a rate the project file sets itself
Point = tuple[float, float]


@dataclass(frozen=True)
class Trip:
    """The one-way straight-line distance of an activity and its travel band."""

    distance_km: float
    band: tuple[int, int]
    amount: Value
    start: str  # the town the journey starts from
    end: str
    country: str  # the country abroad (the destination's, or the visitors')
    green: bool


def band(bands: Value, km: float) -> tuple[tuple[int, int], float]:
    """The band a distance falls in ((from, to) km) and its amount per participant."""
    chosen = [b for b in bands.value if b[0] <= km]
    low, high, amount = chosen[-1] if chosen else bands.value[0]
    return (low, high), float(amount)


def _band_text(rules: RuleSet, start: Point, place: Place) -> Msg:
    km = distance_km(*start, place.lat, place.lon)
    (low, high), _ = band(rules.data["travel_bands"], km)
    return Msg("place.band", km=km, low=low, high=high)


def _where(place: Place) -> str:
    return f"{place.name} ({place.region})" if place.region else place.name


def _lookup(
    city: str, country: str, region: str | None, path: KeyPath, issues: list[Issue]
) -> Match | None:
    if leftover(city) is not None:
        issues.append(
            Issue(
                (*path, "city"),
                *said("place.placeholder", city=city),
                "warning",
                "place-placeholder",
            )
        )
        return None
    try:
        return find(city, country, region)
    except PlaceNotFound as exc:
        hint = Msg("place.unknown-region-hint" if region else "place.unknown-hint")
        issues.append(Issue((*path, "city"), exc.message, hint, code="place-unknown"))
        return None


def _ambiguous(
    city: str, match: Match, path: KeyPath, describe: dict[Place, Msg], issues: list[Issue]
) -> None:
    """A warning naming every place `city` could be, each with what it would mean."""
    listed = [
        Msg("place.candidate", place=_where(p), what=describe[p]) if p in describe else _where(p)
        for p in match.candidates
    ]
    regions = dict.fromkeys(p.region for p in match.candidates if p.region)
    issues.append(
        Issue(
            (*path, "city"),
            Msg(
                "place.ambiguous.message",
                city=city,
                places=Listing.of(listed, ";"),
                using=_where(match.place),
            ),
            Msg("place.ambiguous.hint", regions=Listing.of(regions, "or")),
            "warning",
            code="place-ambiguous",
        )
    )


def home(applicant: Applicant, issues: list[Issue]) -> Match | Point | None:
    """The applicant's town: its coordinates, a gazetteer match (possibly ambiguous), or None
    (with an issue) when it is not found."""
    if applicant.location is not None:
        return applicant.location.lat, applicant.location.lon
    return _lookup(applicant.city, applicant.country, applicant.region, ("applicant",), issues)


def point(where: Match | Point | None) -> Point | None:
    """The coordinates of a looked-up place."""
    if isinstance(where, Match):
        return where.place.lat, where.place.lon
    return where


def home_ambiguity(
    rules: RuleSet, applicant: Applicant, where: Match | Point | None, first: Destination | None
) -> list[Issue]:
    """A warning when the applicant's town is ambiguous, with the band each candidate would give
    to the first destination."""
    if not isinstance(where, Match) or len(where.candidates) < 2:
        return []
    describe: dict[Place, Msg] = {}
    if first is not None:
        match = (
            None
            if first.lat is not None
            else _lookup(first.city, first.country, first.region, (), [])
        )
        there = (
            (first.lat, first.lon)
            if first.lat is not None and first.lon is not None
            else point(match)
        )
        if there is not None:
            describe = {
                p: Msg("place.to", city=first.city, band=_band_text(rules, there, p))
                for p in where.candidates
            }
    issues: list[Issue] = []
    _ambiguous(applicant.city, where, ("applicant",), describe, issues)
    return issues


def trip(
    rules: RuleSet,
    overrides: dict[str, float],
    numbered: tuple[int, Activity],
    start: Point | None,
    applicant: Applicant,
    issues: list[Issue],
) -> Trip | None:
    """The distance and band of one activity's journey (to its destination, or from its visitors'
    origin), or None (with an issue where a place is not found; None also without travel)."""
    i, a = numbered
    place, key = (a.destination, "destination") if a.destination else (a.origin, "origin")
    if place is None:
        return None
    path: KeyPath = ("activities", i, key)
    if place.distance_km is not None:
        km = place.distance_km
    else:
        if place.lat is not None and place.lon is not None:
            there: Point | None = (place.lat, place.lon)
        else:
            match = _lookup(place.city, place.country, place.region, path, issues)
            if match is None:
                return None
            if len(match.candidates) > 1 and start is not None:
                describe = {p: _band_text(rules, start, p) for p in match.candidates}
                _ambiguous(place.city, match, path, describe, issues)
            there = point(match)
        if start is None or there is None:
            return None
        km = distance_km(*start, *there)
    km = float(round(km))  # whole kilometres, as shown: a 9.6 km trip is 10 km, in 10–99
    # Green travel has its own bands where the call has them; elsewhere the standard band applies.
    kind = "travel"
    if a.green_travel and "green_travel_bands" in rules.data:
        (low, high), _ = band(rules.data["green_travel_bands"], km)
        if low <= km < high + 1:
            kind = "green_travel"
    bands = rules.data[f"{kind}_bands"]
    (low, high), amount = band(bands, km)
    override = overrides.get(f"{kind}.{low}-{high}")
    value = (
        Value(override, "project file (budget.rates)", USER)
        if override is not None
        else Value(amount, bands.source, bands.confidence)
    )
    ends = (applicant.city, place.city) if key == "destination" else (place.city, applicant.city)
    return Trip(km, (low, high), value, *ends, place.country, kind == "green_travel")
