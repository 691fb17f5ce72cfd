"""Travel: where a journey starts and ends, its straight-line distance, and the call's band for it.

The applicant's town is the start of every journey; a destination is found in the gazetteer
(facts.places) unless the project gives its coordinates or the distance. Green travel has bands
of its own where the call has them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import Issue
from generator.facts.places import PlaceNotFound, distance_km, find
from generator.inputs.project import Activity, Applicant
from generator.rules.ruleset import RuleSet, Value

USER = "user"  # confidence of a rate the project file sets itself


@dataclass(frozen=True)
class Trip:
    """The one-way straight-line distance of an activity and its travel band."""

    distance_km: float
    band: tuple[int, int]
    amount: Value


def band(bands: Value, km: float) -> tuple[tuple[int, int], float]:
    """The band a distance falls in ((from, to) km) and its amount per participant."""
    chosen = [b for b in bands.value if b[0] <= km]
    low, high, amount = chosen[-1] if chosen else bands.value[0]
    return (low, high), float(amount)


def origin(applicant: Applicant, issues: list[Issue]) -> tuple[float, float] | None:
    """The applicant's coordinates, or None (with an issue) when its town is not found."""
    if applicant.location is not None:
        return applicant.location.lat, applicant.location.lon
    try:
        place = find(applicant.city, applicant.country)
    except PlaceNotFound as exc:
        issues.append(
            Issue(
                ("applicant", "city"),
                exc.message,
                "check the spelling, or add 'location: {lat: …, lon: …}' to the applicant",
                code="place-unknown",
            )
        )
        return None
    return place.lat, place.lon


def trip(
    rules: RuleSet,
    overrides: dict[str, float],
    i: int,
    a: Activity,
    start: tuple[float, float] | None,
    issues: list[Issue],
) -> Trip | None:
    """The distance and band of activity `i`, or None (with an issue) when a place is not found."""
    dest = a.destination
    if dest is None:
        return None
    if dest.distance_km is not None:
        km = dest.distance_km
    else:
        if dest.lat is not None and dest.lon is not None:
            there = (dest.lat, dest.lon)
        else:
            try:
                place = find(dest.city, dest.country)
            except PlaceNotFound as exc:
                issues.append(
                    Issue(
                        ("activities", i, "destination", "city"),
                        exc.message,
                        "check the spelling, or add lat and lon (or distance_km)",
                        code="place-unknown",
                    )
                )
                return None
            there = (place.lat, place.lon)
        if start is None:
            return None
        km = distance_km(*start, *there)
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
    return Trip(km, (low, high), value)
