"""Places and distances: the shipped gazetteer (GeoNames), name folding, great-circle distance.

The gazetteer (data/gazetteer/<country>.tsv.gz, built by scripts/build_gazetteer.py) has the towns of the
programme countries and every Norwegian municipality. A place is looked up by name and country;
names match without regard to case, accents or spelling variants such as å/aa and ø/o.
"""

from __future__ import annotations

import difflib
import gzip
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

EARTH_RADIUS_KM = 6371.0  # what the Commission's distance calculator uses (domain.md §3)
DOMINANT_FACTOR = 5  # a namesake this many times larger than the next one is the one meant
_LETTERS = {
    "æ": "ae",
    "ø": "o",
    "ß": "ss",
    "œ": "oe",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}


def fold(name: str) -> str:
    """A matching key: "Århus", "Aarhus" and "ARHUS" → "arhus"; "Brașov"/"Braşov" → "brasov"."""
    text = name.casefold()
    for letter, plain in _LETTERS.items():
        text = text.replace(letter, plain)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return re.sub(r"[^a-z0-9]+", " ", text).strip().replace("aa", "a")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str
    lat: float
    lon: float
    population: int
    municipality: bool


class PlaceNotFound(Exception):
    """An unknown or ambiguous place; `message` says which, with the closest matches."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@cache
def _country(country: str) -> dict[str, list[Place]]:
    """Folded name (or alternate name) → places, for one country (one file each, read on demand)."""
    path = resources.files("generator").joinpath(f"data/gazetteer/{country}.tsv.gz")
    if not path.is_file():
        return {}
    names: dict[str, list[Place]] = {}
    for line in (
        gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()[4:]
    ):  # comments, header
        name, code, lat, lon, population, kind, keys = line.split("\t")
        place = Place(name, code, float(lat), float(lon), int(population), kind == "m")
        for key in keys.split("|"):
            names.setdefault(key, []).append(place)
    return names


def find(name: str, country: str) -> Place:
    """The place called `name` in `country`; raise PlaceNotFound naming the closest matches."""
    names = _country(country)
    matches = names.get(fold(name), [])
    municipalities = [p for p in matches if p.municipality]
    if municipalities:
        return municipalities[0]
    ranked = sorted(matches, key=lambda p: -p.population)
    if len(ranked) == 1 or (
        len(ranked) > 1 and ranked[0].population >= DOMINANT_FACTOR * max(ranked[1].population, 1)
    ):
        return ranked[0]
    if ranked:
        options = "; ".join(
            f"{p.name} ({p.lat:.2f}, {p.lon:.2f}, {p.population} inhabitants)" for p in ranked[:5]
        )
        raise PlaceNotFound(f"'{name}' is ambiguous in {country}: {options}")
    close = difflib.get_close_matches(fold(name), list(names), n=5, cutoff=0.75)
    suggestions = sorted({names[c][0].name for c in close})
    hint = f" — closest: {', '.join(suggestions)}" if suggestions else ""
    raise PlaceNotFound(f"'{name}' is not a known place in {country}{hint}")
