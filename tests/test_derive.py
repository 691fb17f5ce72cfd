"""Derived facts: the numbers the seed states about its examples come out of the project files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.facts.derive import end_date
from generator.loaded import load_project
from tests.conftest import ROOT

# The examples taken from the national agency's 2019 workshop deck.
SEED = {"melhus", "frosta", "hypatia-asen", "tydal"}


def example(name: str):  # noqa: ANN201
    return load_project(ROOT / "projects" / f"{name}.yaml")


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2019-09-01", 24, "2021-08-31"),
        ("2019-09-01", 12, "2020-08-31"),
        ("2020-01-31", 1, "2020-02-28"),  # no 31 February: the day before 29 February... clamped
        ("2019-12-15", 1, "2020-01-14"),
        ("2021-03-01", 36, "2024-02-29"),
    ],
)
def test_end_date(start: str, months: int, end: str) -> None:
    assert end_date(dt.date.fromisoformat(start), months).isoformat() == end


def test_melhus_consortium_and_mobilities_match_the_seed() -> None:
    facts = example("melhus").facts
    assert dict(facts.members_by_type) == {
        "school": 11,
        "kindergarten": 11,
    }  # "11 skoler og 11 barnehager"
    assert facts.participants == 14  # "14 personer på jobbskygging"
    assert dict(facts.participants_by_type) == {"job-shadowing": 14}
    assert facts.destination_countries == ("DE", "GB")  # "i Tyskland og Skottland"


def test_frosta_matches_the_seed() -> None:
    loaded = example("frosta")
    assert dict(loaded.facts.members_by_type) == {"school": 1, "kindergarten": 4}
    assert loaded.facts.participants == 20
    assert loaded.facts.destination_countries == ("DK", "ES")
    assert loaded.project.title == "Hvordan involvere foreldre i barns læring?"


def test_hypatia_matches_the_seed() -> None:
    loaded = example("hypatia-asen")
    facts = loaded.facts
    assert facts.organisations == 5  # "5 skoler"
    assert facts.organisation_countries == ("RO", "GR", "ES", "TR", "NO")
    assert facts.participants == 12 and facts.participant_days == 76  # "12 personer ... 76 dager"
    assert loaded.project.budget is not None and loaded.project.budget.requested == 19650


def test_tydal_matches_the_seed() -> None:
    loaded = example("tydal")
    facts = loaded.facts
    assert facts.organisations == 3 and set(facts.organisation_countries) == {"FR", "NO"}
    assert (facts.participants, facts.accompanying) == (17, 3)
    assert [a.days for a in loaded.project.activities] == [12]
    assert facts.destination_countries == ("FR",)
    assert loaded.project.budget is not None and loaded.project.budget.granted == 16324
    assert loaded.project.title == "Biodiversite et renards"


def test_every_example_is_valid_and_says_what_is_illustration(tmp_path: Path) -> None:
    for path in sorted((ROOT / "projects").glob("*.yaml")):
        load_project(path)
        head = path.read_text("utf-8").split("\nformat:")[0]
        assert "ILLUSTRATION" in head, path.name
        if path.stem in SEED:
            assert "From the seed:" in head, path.name
