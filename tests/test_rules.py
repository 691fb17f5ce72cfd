"""Programme rules at their edges: each hard rule is an error at its key, advice a warning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.errors import InputError
from generator.loaded import Loaded, load_project
from generator.rules.ruleset import available_calls, load_rules
from tests.conftest import COURSE, PARTNER, project_yaml, write_tree

STAFF_TRAINING = {**COURSE, "id": "training", "type": "joint-staff-training"}


def load(tmp_path: Path, **changes: Any) -> Loaded:
    return load_project(write_tree(tmp_path, {"p.yaml": project_yaml(**changes)}) / "p.yaml")


def errors(tmp_path: Path, **changes: Any) -> list[str]:
    with pytest.raises(InputError) as info:
        load(tmp_path, **changes)
    return [p.split("\n")[0] for p in map(str, info.value.problems)]


def ka229(**changes: Any) -> dict[str, Any]:
    return {
        "action": "KA229",
        "role": "partner",
        "partners": [PARTNER],
        "activities": [STAFF_TRAINING],
        **changes,
    }


def ka122(**changes: Any) -> dict[str, Any]:
    return {"action": "KA122-SCH", "call": 2024, **changes}


def test_rule_sets_exist_for_the_seed_calls_and_the_current_programme() -> None:
    assert {2019, 2020, 2024} <= set(available_calls())
    for call in available_calls():
        rules = load_rules(call)
        for key, value in rules.rates.items():
            assert value.confidence in ("P", "S", "A"), key
            assert value.source in rules.data["sources"], key


@pytest.mark.parametrize(("days", "ok"), [(1, False), (2, True), (60, True), (61, False)])
def test_ka101_activity_length_2_to_60_days(tmp_path: Path, days: int, ok: bool) -> None:
    changes = {"activities": [{**COURSE, "days": days}]}
    if ok:
        load(tmp_path, **changes)
    else:
        assert errors(tmp_path, **changes)[0].endswith(
            f"activities[0].days: course activities in KA101 last 2–60 days (travel excluded), "
            f"not {days}"
        )


@pytest.mark.parametrize(("months", "ok"), [(12, True), (24, True), (18, False), (36, False)])
def test_ka101_runs_12_or_24_months(tmp_path: Path, months: int, ok: bool) -> None:
    period = {"start": "2019-09-01", "months": months}
    if ok:
        load(tmp_path, period=period)
    else:
        assert errors(tmp_path, period=period)[0].endswith(
            f"period.months: a KA101 project runs 12 or 24 months, not {months}"
        )


@pytest.mark.parametrize(
    ("months", "long_term", "ok"),
    [
        (11, False, False),
        (12, False, True),
        (24, False, True),
        (36, False, False),
        (36, True, True),
    ],
)
def test_ka229_length_and_36_months_only_with_long_term_mobility(
    tmp_path: Path, months: int, long_term: bool, ok: bool
) -> None:
    activities = [STAFF_TRAINING]
    if long_term:
        activities = [
            STAFF_TRAINING,
            {
                **COURSE,
                "id": "long",
                "type": "long-term-pupil-mobility",
                "days": 90,
                "accompanying": 0,
            },
        ]
    changes = ka229(period={"start": "2019-09-01", "months": months}, activities=activities)
    if ok:
        load(tmp_path, **changes)
    else:
        assert (
            "period.months: a KA229 project runs 12–24 months, or 36 with long-term pupil mobility"
            in errors(tmp_path, **changes)[0]
        )


@pytest.mark.parametrize(("partners", "ok"), [(1, True), (5, True), (6, False)])
def test_ka229_has_2_to_6_schools_in_all(tmp_path: Path, partners: int, ok: bool) -> None:
    listed = [
        {**PARTNER, "name": f"School {i}", "role": "coordinator" if i == 0 else "partner"}
        for i in range(partners)
    ]
    if ok:
        load(tmp_path, **ka229(partners=listed))
    else:
        assert errors(tmp_path, **ka229(partners=listed))[0].endswith(
            f"partners: {partners + 1} schools in all; KA229 takes 2 to 6"
        )


def test_ka229_needs_two_countries_one_coordinator_and_a_role(tmp_path: Path) -> None:
    found = errors(
        tmp_path, **ka229(partners=[{**PARTNER, "country": "NO", "role": "partner"}], role=None)
    )
    assert any(
        e.endswith("role: a KA229 applicant is coordinator or partner: 'role' is missing")
        for e in found
    )
    assert any("all organisations are in NO; KA229 needs at least 2 countries" in e for e in found)
    assert any("0 coordinators; a partnership has exactly one" in e for e in found)


def test_consortium_only_in_ka101_and_partners_only_in_partnerships(tmp_path: Path) -> None:
    found = errors(tmp_path, **ka229(consortium=[{"type": "school", "count": 2}]))
    assert found[0].endswith("consortium: KA229 has no consortium; only KA101 does")
    found = errors(tmp_path, partners=[PARTNER], role="partner")
    assert any(
        e.endswith("role: 'role' belongs to partnerships (KA229, KA210-SCH, KA220-SCH), not KA101")
        for e in found
    )
    assert any(
        e.endswith(
            "partners: 'partners' belongs to partnerships (KA229, KA210-SCH, KA220-SCH), not KA101"
        )
        for e in found
    )


def test_activity_types_per_action(tmp_path: Path) -> None:
    assert errors(tmp_path, **ka229(activities=[COURSE]))[0].endswith(
        "activities[0].type: KA229 has no activity type 'course'"
    )
    assert errors(tmp_path, activities=[STAFF_TRAINING])[0].endswith(
        "activities[0].type: KA101 has no activity type 'joint-staff-training'"
    )


@pytest.mark.parametrize(
    ("participants", "accompanying", "ok"), [(30, 0, True), (30, 6, True), (31, 0, False)]
)
def test_ka122_at_most_30_participants_accompanying_not_counted(
    tmp_path: Path, participants: int, accompanying: int, ok: bool
) -> None:
    activity = {**COURSE, "participants": participants, "accompanying": accompanying}
    if ok:
        load(tmp_path, **ka122(activities=[activity]))
    else:
        assert (
            "31 participants; KA122-SCH allows at most 30"
            in errors(tmp_path, **ka122(activities=[activity]))[0]
        )


@pytest.mark.parametrize(("count", "ok"), [(5, True), (6, False)])
def test_ka122_has_1_to_5_goals(tmp_path: Path, count: int, ok: bool) -> None:
    goals = [{"id": f"g{i}", "text": "Mål.", "needs": ["reading"]} for i in range(count)]
    outcome = [{"text": "Kan.", "goals": ["g0"]}]
    changes = ka122(
        goals=goals, activities=[{**COURSE, "goals": ["g0"]}], learning_outcomes=outcome
    )
    if ok:
        load(tmp_path, **changes)
    else:
        assert errors(tmp_path, **changes)[0].endswith("goals: 6 goals; KA122-SCH takes 1 to 5")


@pytest.mark.parametrize(("months", "ok"), [(5, False), (6, True), (18, True), (19, False)])
def test_ka122_runs_6_to_18_months(tmp_path: Path, months: int, ok: bool) -> None:
    changes = ka122(period={"start": "2024-09-01", "months": months})
    if ok:
        load(tmp_path, **changes)
    else:
        assert (
            "period.months: a KA122-SCH project runs 6–18 months" in errors(tmp_path, **changes)[0]
        )


@pytest.mark.parametrize(
    ("when", "ok"), [("2019-09", True), ("2020-08", True), ("2019-08", False), ("2020-09", False)]
)
def test_activities_inside_the_project_period(tmp_path: Path, when: str, ok: bool) -> None:
    changes = {"activities": [{**COURSE, "when": when}]}  # 2019-09-01 + 12 months
    if ok:
        load(tmp_path, **changes)
    else:
        assert errors(tmp_path, **changes)[0].endswith(
            f"activities[0].when: {when} is outside the project period (2019-09 to 2020-08)"
        )


def test_the_action_must_be_one_of_the_call(tmp_path: Path) -> None:
    assert errors(tmp_path, action="KA122-SCH")[0].endswith(
        "action: KA122-SCH is not an action of call 2019"
    )
    # A later call with no rule file uses the newest rules (2026), which have no KA101.
    assert errors(tmp_path, call=2031)[0].endswith("action: KA101 is not an action of call 2031")


@pytest.mark.parametrize(("call", "based_on"), [(2027, 2026), (2031, 2026), (2022, 2024)])
def test_a_call_without_rules_builds_on_the_nearest_with_every_amount_assumed(
    tmp_path: Path, call: int, based_on: int
) -> None:
    loaded = load(tmp_path, **ka122(call=call))
    (warning,) = [w for w in loaded.warnings if w.code == "rule-call-assumed"]
    assert (
        str(warning)
        .split("\n")[0]
        .endswith(
            f"call: warning: no rules for {call}{' yet' if call > 2026 else ''}: using {based_on}, "
            "all amounts marked A"
        )
    )
    assert loaded.rules.call == call and loaded.rules.based_on == based_on
    assert loaded.budget.lines and {line.confidence for line in loaded.budget.lines} == {"A"}
    assert loaded.budget.estimate
    assert all(
        f"call {based_on} rules, used for call {call}" in line.source
        for line in loaded.budget.lines
    )


def test_priorities_and_rate_keys_are_the_calls(tmp_path: Path) -> None:
    path = write_tree(
        tmp_path,
        {
            "p.yaml": project_yaml(
                priorities=["basic-skils"],
                budget={"rates": {"travel.500-1999": 300, "individual_suport.group2": 1}},
            )
        },
    )
    with pytest.raises(InputError) as info:
        load_project(path / "p.yaml")
    found = [str(p) for p in info.value.problems]
    assert len(found) == 2
    message, hint = found[0].split("\n")
    assert message.endswith(
        "priorities[0]: 'basic-skils' is not a priority of call 2019 — did you mean 'basic-skills'?"
    )
    # The hint names each priority in the project's language (en here, nb below).
    assert (
        "basic-skills (Addressing underachievement in basic skills through more effective "
        "teaching)" in hint
    )
    assert (
        found[1]
        .split("\n")[0]
        .endswith(
            "budget.rates.individual_suport.group2: 'individual_suport.group2' is not a rate of "
            "call 2019 — did you mean 'individual_support.group2'?"
        )
    )
    norwegian = path / "p.yaml"
    norwegian.write_text(norwegian.read_text("utf-8").replace("language: en", "language: nb"))
    with pytest.raises(InputError) as info:
        load_project(norwegian)
    message, hint = str(info.value.problems[0]).split("\n")
    assert message.endswith(
        "priorities[0]: 'basic-skils' er ikke en prioritet i utlysningen for 2019 – mente du "
        "'basic-skills'?"
    )
    assert hint == (
        "    tips: prioriteringene i denne utlysningen: teaching-professions (Styrke "
        "lærerprofesjonen), basic-skills (Bedre grunnleggende ferdigheter gjennom mer effektiv "
        "undervisning), early-school-leaving (Motvirke frafall og utenforskap), early-childhood "
        "(Barnehage av høy kvalitet)"
    )


def test_a_pic_in_a_2020_application_is_a_warning_not_an_error(tmp_path: Path) -> None:
    applicant = {
        "name": "Eksempel skole",
        "type": "school",
        "country": "NO",
        "city": "Trondheim",
        "pic": "949999999",
    }
    loaded = load(tmp_path, call=2020, applicant=applicant)
    assert [w.message for w in loaded.warnings] == [
        "from call 2020 the organisation ID (OID) replaces the PIC"
    ]
    assert loaded.warnings[0].level == "warning"
    assert not load(
        tmp_path, applicant=applicant
    ).warnings  # 2019: the PIC was still the identifier
