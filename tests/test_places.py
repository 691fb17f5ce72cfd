"""The gazetteer: every Norwegian municipality, towns of the programme countries, spelling variants,
namesakes told apart by region."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.facts.places import PlaceNotFound, _country, find, fold

GAZETTEER = Path(__file__).resolve().parent.parent / "generator" / "data" / "gazetteer"
COUNTIES = {
    "Østfold", "Akershus", "Buskerud", "Oslo", "Innlandet", "Vestfold", "Telemark", "Agder",
    "Rogaland", "Vestland", "Møre og Romsdal", "Trøndelag", "Nordland", "Troms", "Finnmark",
}  # fmt: skip


def test_fold_matches_spelling_variants() -> None:
    assert fold("Århus") == fold("Aarhus") == fold("ARHUS") == "arhus"
    assert fold("Brașov") == fold("Braşov") == "brasov"
    assert fold("Bærum") == "baerum" and fold("Tromsø") == fold("Tromso")
    assert fold("İzmir") == "izmir" and fold("Kraków") == "krakow"


def test_fold_matches_saints_possessives_and_maltese_letters() -> None:
    assert fold("St. Julian's") == fold("Saint Julians") == fold("ST JULIAN’S") == "saint julians"
    assert fold("Sankt Gallen") == fold("St. Gallen") == fold("St Gallen") == "saint gallen"
    assert fold("Saint-Malo") == fold("St-Malo") == fold("St. Malo") == "saint malo"
    assert fold("Sainte-Maxime") == fold("Ste-Maxime") == "sainte maxime"
    assert fold("Sint-Truiden") == fold("St.-Truiden") == "saint truiden"
    assert fold("'s-Hertogenbosch") == "s hertogenbosch"  # a leading 's is a word, no possessive
    assert fold("Ħamrun") == "hamrun" and fold("San Pawl il-Baħar") == "san pawl il bahar"
    assert fold("Stord") == "stord" and fold("Steinkjer") == "steinkjer"  # whole words only


@pytest.mark.parametrize(
    "municipality",
    [
        "Melhus",
        "Frosta",
        "Tydal",
        "Levanger",
        "Utsira",
        "Kvitsøy",
        "Træna",
        "Røst",
        "Modalen",
        "Bykle",
        "Osen",
        "Bærum",
        "Tromsø",
        "Kautokeino",
        "Vardø",
        "Oslo",
        "Trondheim",
        "Ås",
        # formed by the 2020 reform
        "Indre Østfold",
        "Nordre Follo",
        "Kinn",
        "Sunnfjord",
        "Orkland",
        "Heim",
        "Senja",
        "Alver",
    ],
)
def test_norwegian_municipalities(municipality: str) -> None:
    place = find(municipality, "NO").place
    assert place.municipality and 57.9 < place.lat < 71.2 and 4.5 < place.lon < 31.2
    assert place.region in COUNTIES


@pytest.mark.parametrize(
    ("town", "country"),
    [
        ("Berlin", "DE"),
        ("Hamburg", "DE"),
        ("Edinburgh", "GB"),
        ("Valletta", "MT"),
        ("Reykjavík", "IS"),
        ("Vaduz", "LI"),
        ("Skopje", "MK"),
        ("Belgrade", "RS"),
        ("Ankara", "TR"),
        ("Nicosia", "CY"),
        ("Luxembourg", "LU"),
        ("Copenhagen", "DK"),
        ("København", "DK"),
        ("Aarhus", "DK"),
        ("Thessaloniki", "GR"),
        ("Brasov", "RO"),
        ("Izmir", "TR"),
        ("Lisbon", "PT"),
        ("Tallinn", "EE"),
        ("Grenoble", "FR"),
    ],
)
def test_towns_of_programme_countries(town: str, country: str) -> None:
    match = find(town, country)
    assert match.place.country == country and match.place.region
    assert not match.ambiguous


@pytest.mark.parametrize(
    ("name", "country", "region", "lat", "lon"),
    [
        ("Melhus", "NO", "Trøndelag", 63.29, 10.28),
        ("Trondheim", "NO", "Trøndelag", 63.43, 10.40),
        ("Oslo", "NO", "Oslo", 59.91, 10.75),
        ("Bergen", "NO", "Vestland", 60.39, 5.32),
        ("Frankfurt", "DE", "Hesse", 50.12, 8.68),  # am Main, not an/der Oder
        ("Berlin", "DE", "State of Berlin", 52.52, 13.41),
        ("Hamburg", "DE", "Hamburg", 53.55, 9.99),
        ("Edinburgh", "GB", "Scotland", 55.95, -3.20),
        ("Izmir", "TR", "İzmir Province", 38.41, 27.14),
    ],
)
def test_well_known_places_are_not_ambiguous(
    name: str, country: str, region: str, lat: float, lon: float
) -> None:
    match = find(name, country)
    assert match.candidates == (match.place,) and not match.ambiguous
    assert match.place.region == region
    assert match.place.lat == pytest.approx(lat, abs=0.02)
    assert match.place.lon == pytest.approx(lon, abs=0.02)


# Norwegian names that two (or more) municipalities far apart bear, with the counties of each.
@pytest.mark.parametrize(
    ("name", "counties"),
    [
        ("Bø", {"Telemark", "Nordland"}),
        ("Herøy", {"Nordland", "Møre og Romsdal"}),
        ("Os", {"Innlandet", "Vestland"}),
        ("Våler", {"Innlandet", "Østfold"}),
        ("Sande", {"Møre og Romsdal", "Vestfold"}),
        ("Nes", {"Akershus", "Buskerud"}),
    ],
)
def test_ambiguous_norwegian_names_name_every_candidate_with_its_county(
    name: str, counties: set[str]
) -> None:
    match = find(name, "NO")
    assert match.ambiguous and match.place == match.candidates[0]
    assert {p.region for p in match.candidates} >= counties
    assert all(p.name == name for p in match.candidates)
    # the candidates are far apart (a municipality and its namesake town are one candidate)
    lats = sorted(p.lat for p in match.candidates)
    assert lats[-1] - lats[0] > 0.3


def test_a_region_picks_one_of_the_namesakes() -> None:
    vesteralen = find("Bø", "NO", region="Nordland")
    assert not vesteralen.ambiguous and vesteralen.place.region == "Nordland"
    assert vesteralen.place.lat == pytest.approx(68.7, abs=0.1)  # Vesterålen, not Telemark
    telemark = find("Bø", "NO", region="Telemark")
    assert telemark.place.region == "Telemark"
    assert telemark.place.lat == pytest.approx(59.41, abs=0.05)
    assert find("Herøy", "NO", region="Nordland").place.lat == pytest.approx(65.98, abs=0.1)
    assert find("Herøy", "NO", region="Møre og Romsdal").place.lat == pytest.approx(62.3, abs=0.1)
    assert find("Våler", "NO", region="Østfold").place.lat == pytest.approx(59.49, abs=0.05)
    assert find("Nes", "NO", region="Buskerud").place.lat == pytest.approx(60.57, abs=0.05)


@pytest.mark.parametrize("region", ["Hordaland", "Vestland", "vestland", "HORDALAND"])
def test_a_former_county_picks_the_place_in_todays_county(region: str) -> None:
    # Os in Hordaland, since 2020 part of Bjørnafjorden (Vestland), not Os in Innlandet
    match = find("Os", "NO", region=region)
    assert not match.ambiguous and match.place.region == "Vestland"
    assert match.place.lat == pytest.approx(60.18, abs=0.05)
    assert match.place.lon == pytest.approx(5.43, abs=0.1)


def test_region_names_are_matched_forgivingly() -> None:
    assert find("Os", "NO", region="Hedmark").place.region == "Innlandet"
    assert find("Våler", "NO", region="Hedmark").place.region == "Innlandet"
    assert find("Sande", "NO", region="Vestfold og Telemark").place.region == "Vestfold"
    assert find("Sande", "NO", region="More og Romsdal").place.region == "Møre og Romsdal"
    assert find("Bø", "NO", region="Vesteralen og Nordland").place.region == "Nordland"
    # Viken of 2020–2023 held both Nes: still two candidates
    viken = find("Nes", "NO", region="Viken")
    assert {p.region for p in viken.candidates} == {"Akershus", "Buskerud"}
    # the UK's nations in Norwegian and English; German states in German
    for scotland in ("Skottland", "Scotland", "scotland"):
        assert find("Edinburgh", "GB", region=scotland).place.region == "Scotland"
    bangor = find("Bangor", "GB")
    assert bangor.ambiguous and {p.region for p in bangor.candidates} == {
        "Northern Ireland",
        "Wales",
    }
    assert find("Bangor", "GB", region="Nord-Irland").place.lat == pytest.approx(54.66, abs=0.05)
    assert find("Bangor", "GB", region="Northern Ireland").place.region == "Northern Ireland"
    assert find("Bangor", "GB", region="Wales").place.lat == pytest.approx(53.23, abs=0.05)
    assert find("Nürnberg", "DE", region="Bayern").place.region == "Bavaria"
    assert find("Frankfurt", "DE", region="Hessen").place.region == "Hesse"
    assert find("Izmir", "TR", region="Izmir").place.region == "İzmir Province"
    assert find("Berlin", "DE", region="Berlin").place.region == "State of Berlin"


def test_a_region_no_candidate_is_in_names_the_candidates_regions() -> None:
    with pytest.raises(PlaceNotFound) as raised:
        find("Bø", "NO", region="Rogaland")
    said = str(raised.value)  # the sentence in the default language (English)
    assert said.startswith("'Bø' in NO is not in the region 'Rogaland'")
    assert "Bø (Telemark)" in said and "Bø (Nordland)" in said
    assert raised.value.message.say("nb").startswith(
        "'Bø' i NO ligger ikke i regionen 'Rogaland' – steder med dette navnet: Bø ("
    )
    with pytest.raises(PlaceNotFound, match=r"it is: Edinburgh \(Scotland\)$"):
        find("Edinburgh", "GB", region="Wales")


def test_every_norwegian_place_is_in_a_county_of_today() -> None:
    places = {p for entries in _country("NO").values() for p in entries}
    assert {p.region for p in places} == COUNTIES
    # municipalities that moved to another county in 2019–2024
    moved = {
        "Jevnaker": "Akershus",
        "Røyken": "Akershus",
        "Svelvik": "Buskerud",
        "Rindal": "Trøndelag",
        "Hornindal": "Møre og Romsdal",
        "Tjeldsund": "Troms",
        "Romskog": "Akershus",
        "Midt-Telemark": "Telemark",
        "Bjørnafjorden": "Vestland",
    }
    for name, county in moved.items():
        assert find(name, "NO").place.region == county, name


@pytest.mark.parametrize(
    ("names", "country", "lat", "lon"),
    [
        (["St Julian's", "Saint Julian's", "St. Julians", "San Ġiljan", "San Giljan", "Paceville"],
         "MT", 35.918, 14.490),
        (["St Paul's Bay", "Saint Paul's Bay", "San Pawl il-Baħar", "San Pawl il-Bahar",
          "Bugibba", "Buġibba", "Qawra"], "MT", 35.951, 14.416),
        (["Msida", "Imsida"], "MT", 35.893, 14.483),
        (["Ħamrun", "Hamrun"], "MT", 35.885, 14.485),
        (["St. Gallen", "Sankt Gallen", "St Gallen", "Saint-Gall"], "CH", 47.424, 9.375),
        (["St. Moritz", "Sankt Moritz", "Saint Moritz"], "CH", 46.499, 9.843),
        (["Saint-Malo", "St Malo", "St-Malo"], "FR", 48.647, -2.009),
        (["Saint-Étienne", "St Etienne", "St. Étienne"], "FR", 45.434, 4.390),
        (["Sankt Pölten", "St. Pölten", "St Polten"], "AT", 48.208, 15.637),
        (["Sankt Augustin", "St. Augustin"], "DE", 50.775, 7.197),
        (["St Andrews", "Saint Andrews", "St. Andrews"], "GB", 56.339, -2.799),
        (["St Helens", "Saint Helens"], "GB", 53.450, -2.733),
        (["Sint-Truiden", "St. Truiden", "Saint-Trond"], "BE", 50.817, 5.186),
        (["Santa Cruz de Tenerife"], "ES", 28.468, -16.255),
    ],
)  # fmt: skip
def test_course_towns_by_the_names_course_providers_use(
    names: list[str], country: str, lat: float, lon: float
) -> None:
    for name in names:
        match = find(name, country)
        assert not match.ambiguous, name
        assert (match.place.lat, match.place.lon) == (
            pytest.approx(lat, abs=0.01),
            pytest.approx(lon, abs=0.01),
        ), name


def test_an_alternate_name_of_a_smaller_place_does_not_make_a_name_ambiguous() -> None:
    assert not find("Rabat", "MT").ambiguous  # Victoria on Gozo is also called Rabat
    assert not find("Sint-Niklaas", "BE").ambiguous  # Saint-Nicolas (Liège) is also Sint-Niklaas
    # …but a larger place that bears the name as an alternate one is a candidate, ranked as if a
    # fifth as large, and never chosen silently over the place of that very name
    nicolas = find("Saint-Nicolas", "BE")  # Sint-Niklaas is Saint-Nicolas in French
    assert [(p.name, p.region) for p in nicolas.candidates] == [
        ("Saint-Nicolas", "Wallonia"),
        ("Sint-Niklaas", "Flanders"),
    ]
    newcastle = find("Newcastle", "GB")
    assert [(p.name, p.region) for p in newcastle.candidates] == [
        ("Newcastle upon Tyne", "England"),
        ("Newcastle", "Northern Ireland"),
    ]
    # namesakes within SAME_PLACE_KM are one candidate, shown by the place of that very name
    mgarr, imgarr = find("Mġarr", "MT"), find("Imġarr", "MT")
    assert not mgarr.ambiguous and mgarr.place.name == "Mġarr" and imgarr.place.name == "Imġarr"
    assert mgarr.place.lat == pytest.approx(36.03, abs=0.01)  # on Gozo


def test_namesakes_in_one_region_are_told_apart() -> None:
    st_ives = find("St Ives", "GB")  # Cornwall's and Cambridgeshire's, both in England
    assert {round(p.lat) for p in st_ives.candidates} == {50, 52}
    assert {p.region for p in st_ives.candidates} == {"England"}
    richmond = find("Richmond", "GB")  # London's and North Yorkshire's
    assert richmond.ambiguous and {round(p.lat) for p in richmond.candidates} >= {51, 54}


def _closest(message: str) -> list[str]:
    return message.split(" — closest: ")[1].split(", ")


def test_unknown_and_misspelt_places_name_the_closest_matches() -> None:
    assert find("Edinburg", "GB").place.name == "Edinburgh"  # a GeoNames alternate name
    with pytest.raises(
        PlaceNotFound, match="'Edinbrugh' is not a known place in GB — closest: Edinburgh, "
    ) as raised:
        find("Edinbrugh", "GB")
    assert len(_closest(str(raised.value))) == 3
    for name, country in [("Xyzzy", "NO"), ("Trondhem", "NO"), ("Melhuss", "NO"), ("Qq", "MT")]:
        with pytest.raises(PlaceNotFound) as raised:
            find(name, country)
        assert str(raised.value).startswith(f"'{name}' is not a known place in {country} — ")
        closest = _closest(str(raised.value))
        assert 1 <= len(closest) <= 3 and len(set(closest)) == len(closest)
    with pytest.raises(PlaceNotFound) as raised:
        find("Trondhem", "NO")
    assert _closest(str(raised.value))[0] == "Trondheim"
    assert raised.value.message.say("nn").startswith(
        "'Trondhem' er ikkje ein kjend stad i NO – nærast: Trondheim"
    )


def test_a_place_in_another_country_is_not_found() -> None:
    with pytest.raises(PlaceNotFound):
        find("Hamburg", "NO")
    with pytest.raises(PlaceNotFound, match="'Oslo' is not a known place in US$"):
        find("Oslo", "US")  # no gazetteer for the country: nothing to suggest


def test_the_gazetteer_stays_small() -> None:
    size = sum(f.stat().st_size for f in GAZETTEER.glob("*.tsv.gz"))
    assert size < 1.5 * 1024 * 1024


def test_looking_up_one_name_finds_what_reading_the_whole_country_finds() -> None:
    """places._named searches a country's text for one name instead of parsing every row: the
    same places in the same order, for a sample of every country's names (and none for a name
    that is only part of another or of a region)."""
    import random

    from generator.facts import places

    folder = Path(places.__file__).resolve().parent.parent / "data" / "gazetteer"
    rng = random.Random(16)
    for country in sorted(p.name.split(".")[0] for p in folder.glob("*.tsv.gz")):
        names = places._country(country)
        for key in rng.sample(sorted(names), min(60, len(names))):
            assert places._named(country, key) == names[key], (country, key)
            assert places._named(country, key[:-1]) == names.get(key[:-1], []), (country, key)
    assert places._named("NO", "trondelag") == places._country("NO").get("trondelag", [])
