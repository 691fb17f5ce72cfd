"""The gazetteer: every Norwegian municipality, towns of the programme countries, spelling variants."""

from __future__ import annotations

import pytest

from generator.facts.places import PlaceNotFound, find, fold


def test_fold_matches_spelling_variants() -> None:
    assert fold("Århus") == fold("Aarhus") == fold("ARHUS") == "arhus"
    assert fold("Brașov") == fold("Braşov") == "brasov"
    assert fold("Bærum") == "baerum" and fold("Tromsø") == fold("Tromso")
    assert fold("İzmir") == "izmir" and fold("Kraków") == "krakow"


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
    place = find(municipality, "NO")
    assert place.municipality and 57.9 < place.lat < 71.2 and 4.5 < place.lon < 31.2


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
    assert find(town, country).country == country


def test_unknown_and_misspelt_places_name_the_closest_matches() -> None:
    assert find("Edinburg", "GB").name == "Edinburgh"  # a GeoNames alternate name
    with pytest.raises(
        PlaceNotFound, match="'Edinbrugh' is not a known place in GB — closest: Edinburgh"
    ):
        find("Edinbrugh", "GB")
    with pytest.raises(PlaceNotFound, match="'Xyzzy' is not a known place in NO$"):
        find("Xyzzy", "NO")


def test_a_place_in_another_country_is_not_found() -> None:
    with pytest.raises(PlaceNotFound):
        find("Hamburg", "NO")
