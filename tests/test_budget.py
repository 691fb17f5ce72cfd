"""The grant estimate: unit costs from the rule data, the arithmetic, caps, and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.facts.budget import affordable_mobilities, estimate
from generator.facts.places import distance_km, find
from generator.facts.travel import band
from generator.inputs.load import load_bytes
from generator.inputs.project import Project
from generator.rules.ruleset import load_rules
from tests.conftest import MINIMAL, PARTNER, ROOT, project_yaml, write_tree

BASE = load_bytes(MINIMAL.encode("utf-8"), "m.yaml").data


def project(**changes: Any) -> Project:
    return Project.model_validate({**BASE, "id": "p", **changes})


def activity(**changes: Any) -> dict[str, Any]:
    return {**BASE["activities"][0], **changes}


def test_roughly_17_mobilities_from_norway_to_central_europe() -> None:
    """The seed: EUR 16 500 per school and year "tilsvarer cirka 17 mobiliteter fra Norge til
    Mellomeuropa": (16 500 − 12 × 250) / (275 + 5 × 100) = 17.4, the seed counting no travel days."""
    oslo, berlin = find("Oslo", "NO").place, find("Berlin", "DE").place
    km = distance_km(oslo.lat, oslo.lon, berlin.lat, berlin.lon)
    n = affordable_mobilities(load_rules(2019), "KA229", "partner", days=5, km=km)
    assert round(n) == 17
    assert n == pytest.approx(13500 / 775)


@pytest.mark.parametrize(
    ("km", "expected"),
    [
        (0, 0),
        (9.99, 0),
        (10, 20),
        (99.9, 20),
        (100, 180),
        (499.9, 180),
        (500, 275),
        (1999.9, 275),
        (2000, 360),
        (3999, 530),
        (4000, 820),
        (7999, 820),
        (8000, 1500),
        (12000, 1500),
    ],
)
def test_travel_band_edges_2014_2020(km: float, expected: float) -> None:
    assert band(load_rules(2019).data["travel_bands"], km)[1] == expected


def test_known_distances() -> None:
    def between(a: tuple[str, str], b: tuple[str, str]) -> float:
        p, q = find(*a).place, find(*b).place
        return distance_km(p.lat, p.lon, q.lat, q.lon)

    assert between(("Oslo", "NO"), ("Berlin", "DE")) == pytest.approx(840, abs=15)
    assert between(("Trondheim", "NO"), ("Paris", "FR")) == pytest.approx(1700, abs=25)
    assert between(("Melhus", "NO"), ("Melhus", "NO")) == 0


def test_ka101_lines_and_total() -> None:
    budget, issues = estimate(project(activities=[activity(days=5)]), load_rules(2019))
    assert issues == []
    assert [
        (line.category, line.quantity, line.unit_amount, line.amount) for line in budget.lines
    ] == [
        ("travel", 2, 275.0, 550.0),  # Trondheim → Berlin, 1 225 km: band 500–1999
        ("individual-support", 14, 105.0, 1470.0),  # 2 × (5 days + 2 travel days), DE is group 2
        ("organisational-support", 2, 350.0, 700.0),
        ("course-fees", 2, 350.0, 700.0),  # 5 days × 70
    ]
    assert (
        budget.total == 3420.0 and budget.estimate
    )  # group rates for Norway's agency are assumed (A)
    assert (
        "1,225 km" in budget.lines[0].description
        and "band 500–1999 km" in budget.lines[0].description
    )


def test_course_fees_are_capped_per_participant() -> None:
    budget, _ = estimate(project(activities=[activity(days=12)]), load_rules(2019))
    fees = [line for line in budget.lines if line.category == "course-fees"]
    assert [(fee.quantity, fee.unit_amount) for fee in fees] == [(2, 700.0)]  # min(12 × 70, 700)


def test_individual_support_is_reduced_after_day_14() -> None:
    budget, _ = estimate(project(activities=[activity(days=20, travel_days=2)]), load_rules(2019))
    support = [line for line in budget.lines if line.category == "individual-support"]
    assert [(s.quantity, s.unit_amount) for s in support] == [
        (28, 105.0),
        (16, 73.5),
    ]  # 2 × 14, 2 × 8 at 70 %


def test_rates_can_be_overridden_and_say_so() -> None:
    rates = {"individual_support.group2": 130, "travel.500-1999": 300}
    budget, _ = estimate(
        project(activities=[activity(travel_days=2)], budget={"rates": rates}), load_rules(2019)
    )
    travel, support = budget.lines[0], budget.lines[1]
    assert (travel.unit_amount, travel.confidence, travel.source) == (
        300.0,
        "user",
        "project file (budget.rates)",
    )
    assert (support.unit_amount, support.confidence) == (130.0, "user")


def test_ka122_green_travel_bands_days_and_what_makes_an_estimate() -> None:
    rules = load_rules(2024)
    green, _ = estimate(
        project(action="KA122-SCH", call=2024, activities=[activity(green_travel=True)]), rules
    )
    # Trondheim → Berlin, 1 225 km: the 2024 green band 500–1999 km is EUR 417 (standard 309).
    assert green.lines[0].unit_amount == 417.0 and green.lines[0].description.endswith(", green")
    days = [line for line in green.lines if line.category == "individual-support"][0]
    assert days.quantity == 2 * (5 + 2)  # 2 travel days unless the project asks for more (up to 6)
    six = estimate(
        project(
            action="KA122-SCH",
            call=2024,
            activities=[activity(green_travel=True, travel_days=6)],
        ),
        rules,
    )[0]
    assert [line for line in six.lines if line.category == "individual-support"][0].quantity == 22
    near = project(
        action="KA122-SCH",
        call=2024,
        activities=[
            activity(
                green_travel=True, destination={"country": "SE", "city": "Are", "distance_km": 50}
            )
        ],
    )
    assert estimate(near, rules)[0].lines[0].unit_amount == 56.0  # green 10–99 km from 2024
    # Travel is S, course fees P, the daily rates and organisational support A: an estimate.
    assert {line.category: line.confidence for line in green.lines} == {
        "travel": "S",
        "individual-support": "A",
        "organisational-support": "A",
        "course-fees": "P",
    }
    assert green.estimate
    own = {"individual_support.staff.group2": 150, "organisational_support": 400}
    mine, _ = estimate(
        project(
            action="KA122-SCH",
            call=2024,
            activities=[activity(green_travel=True)],
            budget={"rates": own},
        ),
        rules,
    )
    assert not mine.estimate  # every assumed rate replaced by the project's own


def test_ka229_project_management_cap_and_requested() -> None:
    partner = PARTNER
    big = activity(type="pupil-group-exchange", participants=30, accompanying=4, days=14)
    p = project(
        action="KA229",
        role="partner",
        partners=[partner],
        activities=[big],
        period={"start": "2019-09-01", "months": 12},
        budget={"requested": 16000},
    )
    budget, issues = estimate(p, load_rules(2019))
    management = [line for line in budget.lines if line.category == "project-management"]
    assert [(m.quantity, m.unit_amount) for m in management] == [(12, 250.0)]
    # 14 activity days + 2 travel days: days 1–14 at the full rate, days 15–16 at 70 %.
    pupils = 30 * 14 * 55 + 30 * 2 * 55 * 0.7
    adults = 4 * 14 * 100 + 4 * 2 * 100 * 0.7
    assert budget.total == pytest.approx(34 * 275 + pupils + adults + 12 * 250)  # 43 920
    assert budget.cap == 16500 and budget.over_cap
    assert [i.code for i in issues] == ["budget-over-cap"] and issues[0].level == "warning"
    assert budget.as_json()["requested"] == 16000


def test_ka210_lump_sum_must_be_shared_out_exactly() -> None:
    partner = PARTNER
    p = project(
        action="KA210-SCH",
        call=2024,
        role="partner",
        partners=[partner],
        activities=[activity(type="joint-staff-training", amount=20000)],
        budget={"lump_sum": 30000},
    )
    budget, issues = estimate(p, load_rules(2024))
    assert budget.total == 30000
    assert [i.message.say("en") for i in issues] == [
        "the activity amounts add up to EUR 20,000.00, not the lump sum of EUR 30,000"
    ]
    assert issues[0].message.say("nb") == (
        "beløpene til aktivitetene blir til sammen 20\u00a0000,00 euro, ikke sekkebeløpet på "
        "30\u00a0000 euro"
    )
    wrong = p.model_copy(update={"budget": p.budget.model_copy(update={"lump_sum": 45000})})  # type: ignore[union-attr]
    said = estimate(wrong, load_rules(2024))[1][0].message.say("en")
    assert said == "KA210-SCH is funded by a lump sum of EUR 30,000 or EUR 60,000"


def test_json_contract() -> None:
    budget, _ = estimate(project(), load_rules(2019))
    data = budget.as_json()
    assert list(data) == [
        "project",
        "action",
        "call",
        "currency",
        "lines",
        "total",
        "cap",
        "over_cap",
        "requested",
        "estimate",
    ]
    assert data["currency"] == "EUR"
    assert list(data["lines"][0]) == [
        "category",
        "activity",
        "description",
        "quantity",
        "unit",
        "unit_amount",
        "amount",
        "source",
        "confidence",
    ]  # type: ignore[index]
    json.dumps(data)


def test_unknown_places_are_errors_with_the_closest_matches(tmp_path: Path) -> None:
    from generator.errors import InputError
    from generator.loaded import load_project

    text = project_yaml(activities=[activity(destination={"country": "DE", "city": "Hamburgg"})])
    with pytest.raises(InputError) as info:
        load_project(write_tree(tmp_path, {"p.yaml": text}) / "p.yaml")
    assert (
        str(info.value.problems[0])
        .split("\n")[0]
        .endswith(
            "activities[0].destination.city: 'Hamburgg' is not a known place in DE — closest: "
            "Hamburg, Camburg, Harburg"
        )
    )


@settings(max_examples=80, deadline=None)
@given(
    participants=st.integers(1, 40),
    accompanying=st.integers(0, 5),
    days=st.integers(2, 60),
    km=st.floats(0, 9000, allow_nan=False),
    kind=st.sampled_from(["course", "job-shadowing", "teaching-assignment"]),
    green=st.booleans(),
    call=st.sampled_from([(2019, "KA101"), (2024, "KA122-SCH")]),
    more=st.sampled_from(["participants", "days", "accompanying"]),
)
def test_total_is_the_sum_of_its_lines_and_more_never_costs_less(
    participants: int,
    accompanying: int,
    days: int,
    km: float,
    kind: str,
    green: bool,
    call: tuple[int, str],
    more: str,
) -> None:
    rules = load_rules(call[0])
    base = dict(
        type=kind,
        participants=participants,
        accompanying=accompanying,
        days=days,
        green_travel=green,
        destination={"country": "DE", "city": "Berlin", "distance_km": km},
    )

    def total(activity_data: dict[str, Any]) -> float:
        budget, _ = estimate(
            project(action=call[1], call=call[0], activities=[activity(**activity_data)]), rules
        )
        assert budget.total == pytest.approx(sum(line.amount for line in budget.lines))
        return budget.total

    assert total({**base, more: base[more] + 1}) >= total(base)


def test_gen_budget_text_json_and_over_cap_exit(tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["budget", str(ROOT / "projects" / "hypatia-asen.yaml")])
    assert text.exit_code == 0
    lines = text.stdout.replace("\u00a0", " ").splitlines()
    assert lines[0] == "Budsjettoverslag: hypatia-asen (KA229, utlysning 2019), EUR"
    # The seed's EUR 19 650 against the estimate with 2 travel days per traveller: 20 660.
    assert "Sum                             20 660" in lines
    assert any(
        line.startswith("Omsøkt beløp")
        and line.endswith("19 650   Differanse (omsøkt − overslag): \u22121 010")
        for line in lines
    )
    assert (
        "Overslag: linjene merket A bruker satser som ikke er bekreftet for utlysningen 2019."
        in text.stdout
    )
    data = json.loads(
        runner.invoke(
            cli, ["budget", str(ROOT / "projects" / "melhus.yaml"), "--format", "json"]
        ).stdout
    )
    assert data["total"] == sum(line["amount"] for line in data["lines"])

    partner = PARTNER
    big = activity(type="pupil-group-exchange", participants=30, accompanying=4, days=14)
    path = (
        write_tree(
            tmp_path,
            {
                "big.yaml": project_yaml(
                    action="KA229", role="partner", partners=[partner], activities=[big]
                )
            },
        )
        / "big.yaml"
    )
    over = runner.invoke(cli, ["budget", str(path)])
    assert over.exit_code == 1
    assert "The estimate is over the cap of the action." in over.stdout  # big.yaml is in English
    assert over.stderr.splitlines()[-1] == f"Error: 1 problem in {path}"
    assert "budget: the estimate EUR 43,920 is over the cap of EUR 16,500" in over.stderr
    assert (
        runner.invoke(
            cli, ["application", str(path), "-o", str(tmp_path / "o"), "-f", "md"]
        ).exit_code
        == 0
    )


def test_the_current_call_is_an_estimate_while_the_daily_rates_are_not_found() -> None:
    rules = load_rules(2026)
    daily = {k: v for k, v in rules.rates.items() if k.startswith("individual_support.")}
    assert daily and {v.confidence for v in daily.values()} == {"A"}
    assert rules.rate("course_fee_per_day").confidence == "P"
    assert rules.action("KA122-SCH")["participants_max"].confidence == "P"
    budget, _ = estimate(project(action="KA122-SCH", call=2026), rules)
    assert budget.estimate
    support = [line for line in budget.lines if line.category == "individual-support"]
    assert support and all(line.confidence == "A" and "HK-dir" in line.why for line in support)
