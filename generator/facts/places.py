"""Places and distances: the shipped gazetteer (GeoNames), name folding, great-circle distance.

The gazetteer (data/gazetteer/<country>.tsv.gz, built by scripts/build_gazetteer.py) has the towns of the
programme countries and every Norwegian municipality, each with its region (GeoNames' admin1: for
Norway the county of 2024). A place is looked up by name and country, optionally region; names
match without regard to case, accents or spelling variants such as å/aa, ø/o, St./Sankt/Saint
and a possessive 's. A name that several distinct places have is ambiguous: `find` returns them
all (`Match.candidates`), and a region picks among them.
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

from generator.messages import Listing, Msg, default_language

EARTH_RADIUS_KM = 6371.0  # the mean Earth radius, as great-circle distance calculators use
DOMINANT_FACTOR = 5  # a namesake this many times larger than every other one is the one meant
SAME_PLACE_KM = 20.0  # entries of one name this close are one place (a municipality and its town)
CLOSEST = 3  # how many closest matches an unknown name's message names
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
    "ħ": "h",  # Maltese: Ħamrun, San Pawl il-Baħar
}
# Abbreviated and other-language forms of "saint" that fold to one word, so "St. Gallen" finds
# Sankt Gallen, "St Malo" Saint-Malo and "Saint Julian's" the alternate name "St. Julian's".
# San/Santa/Sant (Romance and Maltese) are left alone: "San Ġiljan" and "Saint Julian's" differ in
# more than that word, and the gazetteer carries such exonyms as alternate names instead.
_SAINT = {"st": "saint", "sankt": "saint", "skt": "saint", "sint": "saint", "ste": "sainte"}
# Folded words that make a name a saint's: the build keeps the alternate names with one of these.
SAINTS = frozenset({"saint", "sainte", "san", "santa", "sant", "santo", "sao", "sveti", "sveta"})
_POSSESSIVE = re.compile(r"(?<=\w)['’ʼ`´]s\b")  # Julian's → Julians (a leading 's- stays a word)

# Region names people write that the gazetteer's regions do not contain → the regions they mean.
# Norway's counties of before 2020 and of 2020–2023; the UK's nations in Norwegian; the names in
# the country's own language of regions GeoNames names in English (remembered, confidence A).
# Region matching folds both sides and also accepts one containing the other word for word
# ("Izmir" / "İzmir Province", "Nord-Trøndelag" / "Trøndelag", "Troms og Finnmark" / "Troms").
REGION_NAMES: dict[str, tuple[str, ...]] = {
    "Hordaland": ("Vestland",),
    "Sogn og Fjordane": ("Vestland",),
    "Hedmark": ("Innlandet",),
    "Oppland": ("Innlandet",),
    "Viken": ("Østfold", "Akershus", "Buskerud"),
    "Skottland": ("Scotland",),
    "Nord-Irland": ("Northern Ireland",),
    "Bayern": ("Bavaria",),
    "Hessen": ("Hesse",),
    "Niedersachsen": ("Lower Saxony",),
    "Nordrhein-Westfalen": ("North Rhine-Westphalia",),
    "Sachsen": ("Saxony",),
    "Sachsen-Anhalt": ("Saxony-Anhalt",),
    "Thüringen": ("Thuringia",),
    "Kärnten": ("Carinthia",),
    "Niederösterreich": ("Lower Austria",),
    "Oberösterreich": ("Upper Austria",),
    "Steiermark": ("Styria",),
    "Tirol": ("Tyrol",),
    "Wien": ("Vienna",),
    "Lombardia": ("Lombardy",),
    "Piemonte": ("Piedmont",),
    "Toscana": ("Tuscany",),
    "Sicilia": ("Sicily",),
    "Sardegna": ("Sardinia",),
    "Puglia": ("Apulia",),
    "Marche": ("The Marches",),
    "Basilicata": ("Basilicate",),
    "Valle d'Aosta": ("Aosta Valley",),
    "Andalucía": ("Andalusia",),
    "Aragón": ("Aragon",),
    "Islas Baleares": ("Balearic Islands",),
    "Illes Balears": ("Balearic Islands",),
    "Islas Canarias": ("Canary Islands",),
    "Canarias": ("Canary Islands",),
    "Cataluña": ("Catalonia",),
    "Catalunya": ("Catalonia",),
    "País Vasco": ("Basque Country",),
    "Euskadi": ("Basque Country",),
    "Castilla y León": ("Castille and León",),
    "Castilla-La Mancha": ("Castille-La Mancha",),
    "Comunidad Valenciana": ("Valencia",),
    "Navarra": ("Navarre",),
    "Bretagne": ("Brittany",),
    "Normandie": ("Normandy",),
    "Corse": ("Corsica",),
    "Noord-Brabant": ("North Brabant",),
    "Noord-Holland": ("North Holland",),
    "Zuid-Holland": ("South Holland",),
    "Vlaanderen": ("Flanders",),
    "Wallonie": ("Wallonia",),
    "Bruxelles": ("Brussels Capital",),
    "Brussel": ("Brussels Capital",),
    "Genève": ("Geneva",),
    "Luzern": ("Lucerne",),
    "Graubünden": ("Grisons",),
    "Wallis": ("Valais",),
}


def fold(name: str) -> str:
    """A matching key: "Århus", "Aarhus" and "ARHUS" → "arhus"; "Brașov"/"Braşov" → "brasov";
    "St. Julian's", "Saint Julians" → "saint julians"; "Sankt Gallen", "St Gallen" → "saint gallen"."""
    text = _POSSESSIVE.sub("s", name.casefold())
    for letter, plain in _LETTERS.items():
        text = text.replace(letter, plain)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(_SAINT.get(word, word) for word in words).replace("aa", "a")


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
    population: int  # 0 where GeoNames has none (every Norwegian municipality, some small seats)
    municipality: bool  # a Norwegian municipality (else a town)
    region: str  # GeoNames' admin1 name: the county for Norway ("Nordland"); "" where unknown


@dataclass(frozen=True)
class Match:
    """What a name means: the place chosen and every distinct place it could mean."""

    place: Place  # the only candidate, or the default guess among several
    candidates: tuple[Place, ...]  # the chosen one first; more than one: the name is ambiguous

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


class PlaceNotFound(Exception):
    """An unknown place, or a region none of its namesakes is in; `message` says which."""

    def __init__(self, message: Msg):
        super().__init__(message.say(default_language()))  # a Problem says it in the file's
        self.message = message


_HEADER = "name\tcountry\tlat\tlon\tpopulation\tkind\tregion\tkeys"


@cache
def _rows(country: str) -> str:
    """One country's gazetteer rows (the text after the comments and the header; one file each,
    read on demand), or "" for a country without one."""
    path = resources.files("generator").joinpath(f"data/gazetteer/{country}.tsv.gz")
    if not path.is_file():
        return ""
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    return text[text.index(_HEADER) + len(_HEADER) + 1 :]


def _place(line: str) -> tuple[Place, list[str]]:
    name, code, lat, lon, population, kind, region, keys = line.split("\t")
    place = Place(name, code, float(lat), float(lon), int(population), kind == "m", region)
    return place, keys.split("|")


@cache
def _country(country: str) -> dict[str, list[Place]]:
    """Folded name (or alternate name) → places, for one country: every name, for suggesting the
    closest ones to an unknown name (a lookup of one name reads only its rows: `_named`)."""
    names: dict[str, list[Place]] = {}
    for line in _rows(country).splitlines():
        place, keys = _place(line)
        for key in keys:
            names.setdefault(key, []).append(place)
    return names


@cache
def _named(country: str, key: str) -> list[Place]:
    """The places one folded name means in `country`, in the file's order (the same list as
    `_country(country).get(key, [])`), found by searching the text for the name instead of
    parsing every row: a single run looks up a few names, and parsing a large country's rows
    took tens of milliseconds."""
    rows = _rows(country)
    found: list[Place] = []
    if not key or "\t" in key or "\n" in key or "|" in key:
        return found
    # Keys are the last column, "|"-separated: a hit starts after a tab or "|" and ends at "|" or
    # the end of its line; the row is parsed to confirm it (a region could end with the name).
    for hit in re.finditer(r"[\t|]" + re.escape(key) + r"(?=[|\n]|\Z)", rows):
        start = rows.rfind("\n", 0, hit.start()) + 1
        end = rows.find("\n", hit.end())
        place, keys = _place(rows[start : end if end >= 0 else len(rows)])
        if key in keys:
            found.append(place)
    return found


@dataclass(frozen=True)
class _Candidate:
    """Entries of one name within SAME_PLACE_KM of the first: one place."""

    place: Place  # the municipality if there is one, else the most populous town
    population: int  # the largest population among the entries (0: unknown)
    named: bool  # has the name as its own, not as an alternate name only


def _candidates(places: list[Place], key: str) -> list[_Candidate]:
    """The distinct places among entries of one name (`key`, folded), most populous first (see
    `_weight`; municipalities first among equals, as GeoNames has no population for them). Each
    stands for its group by the first of: a municipality, a place of that very name, the most
    populous."""
    ordered = sorted(
        places,
        key=lambda p: (
            not p.municipality,
            fold(p.name) != key,
            -p.population,
            p.region,
            p.lat,
            p.lon,
        ),
    )
    groups: list[list[Place]] = []
    for p in ordered:
        for group in groups:
            if distance_km(group[0].lat, group[0].lon, p.lat, p.lon) <= SAME_PLACE_KM:
                group.append(p)
                break
        else:
            groups.append([p])
    found = [
        _Candidate(g[0], max(p.population for p in g), any(fold(p.name) == key for p in g))
        for g in groups
    ]
    return sorted(found, key=lambda c: (-_weight(c), not c.place.municipality))


def _weight(c: _Candidate) -> float:
    """The population a candidate is ranked by: one that has the name as an alternate name only
    counts a DOMINANT_FACTOR-th (Newcastle upon Tyne comes before Newcastle in Northern Ireland,
    the Belgian Saint-Nicolas before Sint-Niklaas, its French name Saint-Nicolas)."""
    return c.population if c.named else c.population / DOMINANT_FACTOR


def _called(entries: list[Place], key: str) -> list[Place]:
    """The entries a name means: the places of that name, and places that have it as an alternate
    name only where they are larger (Rabat is Rabat, not Victoria on Gozo, also called Rabat; but
    Mġarr is Mġarr on Gozo or the larger Imġarr on Malta, also called Mġarr)."""
    named = [p for p in entries if fold(p.name) == key]
    largest = max((p.population for p in named), default=-1)
    return [p for p in entries if p in named or p.population > largest]


def _dominant(ranked: list[_Candidate]) -> bool:
    """Whether the first candidate is the one meant without doubt: the only one, or a town at
    least DOMINANT_FACTOR times as populous as every other one (Frankfurt am Main, not a village
    of that name). A municipality, or a place of unknown population, is never outweighed; nor is
    a place of that very name by one that has it as an alternate name only."""
    first, *others = ranked
    if not others:
        return True
    return not first.place.municipality and all(
        (first.named or not c.named)
        and not c.place.municipality
        and c.population > 0
        and first.population >= DOMINANT_FACTOR * c.population
        for c in others
    )


def in_region(place: Place, region: str) -> bool:
    """Whether `region` (as a user writes it) names the region of `place`: folded, the current or a
    former name ("Hordaland" for Vestland), a name in another language ("Bayern", "Skottland"), or
    one name containing the other word for word ("Izmir" for "İzmir Province")."""
    want, have = fold(region), fold(place.region)
    if not want or not have:
        return False
    meant = {want} | _region_names().get(want, set())
    return any(m == have or f" {m} " in f" {have} " or f" {have} " in f" {m} " for m in meant)


@cache
def _region_names() -> dict[str, set[str]]:
    """REGION_NAMES folded on both sides."""
    return {fold(alias): {fold(r) for r in regions} for alias, regions in REGION_NAMES.items()}


def _label(p: Place) -> Msg:
    return Msg("place.label", name=p.name, region=p.region or Msg("place.region-unknown"))


def find(name: str, country: str, region: str | None = None) -> Match:
    """What `name` in `country` (in `region`, if given) means; raise PlaceNotFound for an unknown
    name (naming the closest ones) or a region none of its candidates is in (naming theirs)."""
    key = fold(name)
    entries = _named(country, key)
    if not entries:
        raise PlaceNotFound(_unknown(name, country, _country(country)))
    if region is not None and fold(region):
        inside = [p for p in entries if in_region(p, region)]
        if not inside:
            regions = [_label(c.place) for c in _candidates(_called(entries, key), key)]
            raise PlaceNotFound(
                Msg(
                    "place.not-in-region",
                    name=name,
                    country=country,
                    region=region,
                    regions=Listing.of(regions, ","),
                )
            )
        entries = inside
    ranked = _candidates(_called(entries, key), key)
    if _dominant(ranked):
        return Match(ranked[0].place, (ranked[0].place,))
    # A municipality spelt exactly as written, beside places that only fold to the same name (Ås
    # in Akershus, not the hamlet Aas in Trøndelag), is the one meant.
    exact = [c.place for c in ranked if c.place.name.casefold() == name.strip().casefold()]
    if len(exact) == 1 and exact[0].municipality and sum(c.place.municipality for c in ranked) == 1:
        return Match(exact[0], (exact[0],))
    return Match(ranked[0].place, tuple(c.place for c in ranked))


def _unknown(name: str, country: str, names: dict[str, list[Place]]) -> Msg:
    """The message for an unknown name, with the CLOSEST most similar known names."""
    matcher = difflib.SequenceMatcher(b=fold(name))
    scored = []
    for key in names:  # ~10 000 names in the largest country: well under 0.1 s
        matcher.set_seq1(key)
        scored.append((-matcher.ratio(), key))
    suggestions: list[str] = []
    for _, key in sorted(scored):
        shown = names[key][0].name
        if shown not in suggestions:
            suggestions.append(shown)
        if len(suggestions) == CLOSEST:
            break
    closest = Msg("place.closest", names=", ".join(suggestions)) if suggestions else ""
    return Msg("place.unknown", name=name, country=country, closest=closest)
