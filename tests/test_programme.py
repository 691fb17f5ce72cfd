"""Today's programme (2021–27): the rule files as data, a call without one, a user's own rule
files, KA122-SCH's rules at their edges, the new unit costs, the budget in three languages,
places that are never silently wrong, and the starter skeleton."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import InputError
from generator.facts.travel import band
from generator.inputs.load import load_bytes
from generator.inputs.placeholders import LEFTOVER
from generator.loaded import Loaded, load_project
from generator.rules.actions import ACTIONS
from generator.rules.ruleset import RuleLibrary, available_calls, load_rules
from tests.conftest import COURSE, ROOT, project_yaml, write_tree

RULES = ROOT / "generator" / "data" / "rules"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def ka122(**changes: Any) -> str:
    return project_yaml(**{"action": "KA122-SCH", "call": 2026, **changes})


def load(tmp_path: Path, text: str) -> Loaded:
    return load_project(write_tree(tmp_path, {"p.yaml": text}) / "p.yaml")


def errors(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(InputError) as info:
        load(tmp_path, text)
    return [str(p).split("\n")[0] for p in info.value.problems]


def act(**changes: Any) -> dict[str, Any]:
    return {**COURSE, **changes}


# --- the rule files ------------------------------------------------------------------------------


def _plain(node: Any) -> Any:
    """Validated data as the fast parse gives it: lists for tuples, str keys for ints."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items() if v is not None}
    if isinstance(node, (list, tuple)):
        return [_plain(v) for v in node]
    return node


@pytest.mark.parametrize("call", available_calls())
def test_each_built_in_rule_file_is_valid_and_reads_the_same_fast(call: int) -> None:
    """The fast parse used at run time (PyYAML) must read what the validated one does: this
    caught `NO` read as false (Norway had no country group) and a priority name cut at a comma."""
    from generator.inputs.validate import validate
    from generator.rules.schema import RuleFile

    path = RULES / f"{call}.yaml"
    doc = load_bytes(path.read_bytes(), str(path))
    model, problems = validate(RuleFile, doc)
    assert not problems, "\n".join(map(str, problems))
    assert model is not None and model.call == call
    fast = yaml.safe_load(path.read_text("utf-8"))
    strict = model.model_dump(mode="python", exclude_unset=True)
    assert _plain(fast) == _plain(strict)


def test_every_source_says_where_a_value_comes_from_and_cites_nothing_outside() -> None:
    for call in available_calls():
        for key, text in load_rules(call).data["sources"].items():
            assert "domain.md" not in text and "shared/" not in text, (call, key)


def test_norway_has_a_country_group_in_every_call() -> None:
    assert all(load_rules(c).country_group("NO") == 1 for c in available_calls())


STANDARD = [(9, 0), (10, 28), (99, 28), (100, 211), (499, 211), (500, 309), (1999, 309),
            (2000, 395), (2999, 395), (3000, 580), (3999, 580), (4000, 1188), (7999, 1188),
            (8000, 1735), (12000, 1735)]  # fmt: skip
GREEN = [(10, 56), (99, 56), (100, 285), (499, 285), (500, 417), (1999, 417), (2000, 535),
         (3000, 785), (4000, 1188), (8000, 1735)]  # fmt: skip


@pytest.mark.parametrize("call", [2024, 2025, 2026])
def test_travel_band_edges_from_2024(call: int) -> None:
    rules = load_rules(call)
    assert [band(rules.data["travel_bands"], km)[1] for km, _ in STANDARD] == [
        amount for _, amount in STANDARD
    ]
    assert [band(rules.data["green_travel_bands"], km)[1] for km, _ in GREEN] == [
        amount for _, amount in GREEN
    ]


def test_deadlines_are_rule_data() -> None:
    rules = load_rules(2026)
    assert rules.deadline["KA122-SCH"].value == "2026-02-19T12:00"
    assert rules.deadline["KA210-SCH"].value == "2026-03-05T12:00"
    code, stdout, _ = run("check", ROOT / "projects" / "fjellvik-ka122.yaml")
    # fjellvik-ka122.yaml is nb: the deadline as Norwegian writes it; the source is secondary.
    assert "  søknadsfrist: 19.02.2026 kl. 12.00 Brussel-tid (fra en annenhåndskilde" in stdout


# --- a call without a rule file, and a user's own -------------------------------------------------


def test_a_call_without_rules_builds_with_a_warning_naming_the_rules_used(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"p.yaml": ka122(call=2027)}) / "p.yaml"
    code, stdout, stderr = run("application", path, "-f", "md", "-o", tmp_path / "o")
    assert code == 0, stderr
    assert "call: warning: no rules for 2027 yet: using 2026, all amounts marked A" in stderr
    assert (tmp_path / "o" / "p" / "application.md").is_file()


def _user_rules(tmp_path: Path, call: int, edit: Any = None) -> Path:
    text = (RULES / "2026.yaml").read_text("utf-8").replace("call: 2026", f"call: {call}")
    if edit:
        text = edit(text)
    return write_tree(tmp_path, {f"rules/{call}.yaml": text}) / "rules"


def test_a_users_rule_file_adds_a_call_and_its_values_are_used(tmp_path: Path) -> None:
    rules = _user_rules(tmp_path, 2027, lambda t: t.replace("[500, 1999, 309]", "[500, 1999, 333]"))
    path = write_tree(tmp_path, {"p.yaml": ka122(call=2027)}) / "p.yaml"
    code, stdout, stderr = run("budget", path, "--rules", rules, "--format", "json")
    assert code == 0 and "no rules for 2027" not in stderr
    import json

    travel = [line for line in json.loads(stdout)["lines"] if line["category"] == "travel"]
    assert travel[0]["unit_amount"] == 333  # Trondheim → Berlin, 1 225 km
    assert RuleLibrary(rules).calls()[-1] == 2027


def test_a_users_rule_file_is_checked_like_the_built_in_ones(tmp_path: Path) -> None:
    rules = _user_rules(
        tmp_path,
        2027,
        lambda t: t.replace("confidence: S}", "confidence: X}", 1).replace(
            "  travel_bands:", "  travel_bandz:"
        ),
    )
    path = write_tree(tmp_path, {"p.yaml": ka122(call=2027)}) / "p.yaml"
    code, stdout, stderr = run("budget", path, "--rules", rules)
    assert code == 1 and stdout == ""
    first = stderr.splitlines()[0]
    assert re.match(rf"{re.escape(str(rules / '2027.yaml'))}:\d+:\d+: .*confidence: ", first)
    assert "'X' is not allowed" in first


def test_a_rule_file_named_for_another_call_is_refused(tmp_path: Path) -> None:
    rules = _user_rules(tmp_path, 2027, lambda t: t.replace("call: 2027", "call: 2028"))
    path = write_tree(tmp_path, {"p.yaml": ka122(call=2027)}) / "p.yaml"
    code, _, stderr = run("check", path, "--rules", rules)
    assert code == 5 and "the file 2027.yaml holds call 2028" in stderr + _


# --- KA122-SCH at its edges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participants", "accompanying", "visit", "ok"),
    [(30, 0, 0, True), (31, 0, 0, False), (30, 4, 0, True), (28, 0, 3, True)],
)
def test_ka122_takes_at_most_30_participants_not_counting_adults_or_visits(
    tmp_path: Path, participants: int, accompanying: int, visit: int, ok: bool
) -> None:
    acts = [act(participants=participants, accompanying=accompanying)]
    if visit:
        acts.append(act(id="visit", type="preparatory-visit", participants=visit, days=2))
    text = ka122(activities=acts)
    if ok:
        load(tmp_path, text)
    else:
        assert errors(tmp_path, text)[0].endswith(
            "activities: 31 participants; KA122-SCH allows at most 30 (accompanying persons and "
            "preparatory-visit not counted)"
        )


def test_ka122_refuses_a_consortium_and_accredited_organisations(tmp_path: Path) -> None:
    found = errors(
        tmp_path,
        ka122(
            consortium=[{"type": "school", "count": 2}],
            applicant={
                "name": "X",
                "type": "school",
                "country": "NO",
                "city": "Trondheim",
                "accredited": True,
            },
        ),  # fmt: skip
    )
    assert any(f.endswith("applicant.accredited: KA122-SCH is not open to organisations with an "
                          "Erasmus accreditation") for f in found)  # fmt: skip
    assert any("consortium: KA122-SCH has no consortium; only" in f for f in found)


@pytest.mark.parametrize(
    ("kind", "days", "ok"),
    [
        ("short-term-pupil-mobility", 9, False),
        ("short-term-pupil-mobility", 10, True),
        ("short-term-pupil-mobility", 29, True),
        ("short-term-pupil-mobility", 30, False),
        ("long-term-pupil-mobility", 29, False),
        ("long-term-pupil-mobility", 30, True),
        ("long-term-pupil-mobility", 365, True),
        ("long-term-pupil-mobility", 366, False),
        ("pupil-group-exchange", 2, True),
        ("pupil-group-exchange", 31, False),
        ("invited-expert", 60, True),
        ("invited-expert", 61, False),
    ],
)
def test_ka122_activity_lengths(tmp_path: Path, kind: str, days: int, ok: bool) -> None:
    extra: dict[str, Any] = {"learning_agreement": True, "accompanying": 1}
    if kind == "invited-expert":
        extra = {"destination": None, "origin": {"country": "SE", "city": "Uppsala"}}
    a = {k: v for k, v in act(type=kind, days=days, **extra).items() if v is not None}
    text = ka122(activities=[a], period={"start": "2026-09-01", "months": 18})
    if ok:
        load(tmp_path, text)
    else:
        assert any(
            f"{kind} activities in KA122-SCH last" in e and f"not {days}" in e
            for e in errors(tmp_path, text)
        )


def test_ka122_pupil_groups_have_two_pupils_and_adults_throughout(tmp_path: Path) -> None:
    one = errors(tmp_path, ka122(activities=[act(type="pupil-group-exchange", participants=1)]))
    assert any(e.endswith("a pupil group in KA122-SCH has at least 2 pupils, not 1") for e in one)
    assert any(e.endswith("pupils in KA122-SCH are accompanied throughout") for e in one)
    load(tmp_path, ka122(activities=[act(type="pupil-group-exchange", participants=2,
                                         accompanying=1)]))  # fmt: skip


def test_individual_pupil_mobility_needs_a_learning_agreement(tmp_path: Path) -> None:
    pupil = act(type="short-term-pupil-mobility", days=20)
    assert errors(tmp_path, ka122(activities=[pupil]))[0].endswith(
        "activities[0]: short-term-pupil-mobility activities require a learning agreement between "
        "the pupil, the sending and the hosting school"
    )
    load(tmp_path, ka122(activities=[{**pupil, "learning_agreement": True}]))


def test_a_preparatory_visit_takes_at_most_three(tmp_path: Path) -> None:
    visit = act(id="visit", type="preparatory-visit", participants=3, accompanying=1, days=2)
    assert errors(tmp_path, ka122(activities=[act(), visit]))[0].endswith(
        "activities[1].participants: preparatory-visit activities take at most 3 persons, not 4"
    )


def test_a_mobility_goes_abroad(tmp_path: Path) -> None:
    home = act(destination={"country": "NO", "city": "Bergen"})
    found = errors(tmp_path, ka122(activities=[home]))
    assert found[0].endswith(
        "activities[0].destination.country: a mobility goes abroad: Bergen is in NO, the "
        "applicant's own country"
    )


def test_invited_experts_come_from_abroad_to_the_applicant(tmp_path: Path) -> None:
    expert = {k: v for k, v in act(type="invited-expert").items() if k != "destination"}
    found = errors(tmp_path, ka122(activities=[expert]))[0]
    assert "this invited-expert activity comes to you" in found
    loaded = load(tmp_path, ka122(activities=[{**expert, "origin": {"country": "SE",
                                                                     "city": "Uppsala"}}]))  # fmt: skip
    travel = [line for line in loaded.budget.lines if line.category == "travel"]
    assert travel and travel[0].route == ("Uppsala", "Trondheim")
    support = [line for line in loaded.budget.lines if line.category == "individual-support"]
    assert support[0].country == "NO" and support[0].group == 1  # paid at Norway's rate


@pytest.mark.parametrize(("green", "days", "ok"), [(False, 2, True), (False, 3, False),
                                                   (True, 6, True), (True, 7, False)])  # fmt: skip
def test_travel_days_up_to_2_or_6_with_green_travel(
    tmp_path: Path, green: bool, days: int, ok: bool
) -> None:
    text = ka122(activities=[act(green_travel=green, travel_days=days)])
    if ok:
        load(tmp_path, text)
    else:
        assert (
            f"travel days are funded with {'green' if green else 'standard'} travel"
            in (errors(tmp_path, text)[0])
        )


# --- the budget people read ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "travel", "own"),
    [
        ("nb", "Budsjettoverslag: p (KA122-SCH, utlysning 2026), EUR",
         "Trondheim → Berlin (Tyskland): 1 225 km i luftlinje, avstandsbånd 500–1 999 km",
         "egen sats"),
        ("nn", "Budsjettoverslag: p (KA122-SCH, utlysing 2026), EUR",
         "Trondheim → Berlin (Tyskland): 1 225 km i luftline, avstandsband 500–1 999 km",
         "eigen sats"),
        ("en", "Budget estimate: p (KA122-SCH, call 2026), EUR",
         "Trondheim → Berlin (Germany): 1,225 km straight-line distance, band 500–1,999 km",
         "own rate"),
    ],
)  # fmt: skip
def test_gen_budget_speaks_the_projects_language(
    tmp_path: Path, language: str, heading: str, travel: str, own: str
) -> None:
    text = ka122(language=language, budget={"rates": {"organisational_support": 380}})
    path = write_tree(tmp_path, {"p.yaml": text}) / "p.yaml"
    code, stdout, _ = run("budget", path)
    out = stdout.replace("\u00a0", " ")
    assert code == 0 and out.splitlines()[0] == heading
    assert travel in out
    group = {"nb": "(landgruppe 2)", "nn": "(landgruppe 2)", "en": "(country group 2)"}[language]
    assert group in out  # each destination's country group
    assert re.search(rf"\b{own}\b", out) and " user" not in out
    assert "¹ " in out and "HK-dir's daily rates" in out  # why the daily rate is assumed


def test_requested_above_the_estimate_is_a_warning(tmp_path: Path) -> None:
    loaded = load(tmp_path, ka122(budget={"requested": 99999}))
    (warning,) = [w for w in loaded.warnings if w.code == "budget-requested-above"]
    assert "the amount requested, EUR 99,999, is above the estimate" in warning.message


# --- places --------------------------------------------------------------------------------------


def test_an_ambiguous_town_is_a_warning_naming_each_with_its_county_and_band(
    tmp_path: Path,
) -> None:
    applicant = {"name": "Bø skole", "type": "school", "country": "NO", "city": "Bø"}
    loaded = load(tmp_path, ka122(applicant=applicant))
    (warning,) = [w for w in loaded.warnings if w.code == "place-ambiguous"]
    assert warning.key == "applicant.city"
    assert "'Bø' is the name of several places: Bø (Telemark):" in warning.message
    assert "Bø (Nordland):" in warning.message and "band" in warning.message
    assert "Nordland" in warning.hint
    chosen = load(tmp_path, ka122(applicant={**applicant, "region": "Nordland"}))
    assert not [w for w in chosen.warnings if w.code == "place-ambiguous"]
    far = [line.distance_km for line in chosen.budget.lines if line.category == "travel"][0]
    near = [line.distance_km for line in loaded.budget.lines if line.category == "travel"][0]
    assert far is not None and near is not None and far > near + 500  # Vesterålen to Berlin


def test_course_towns_by_the_names_course_providers_use(tmp_path: Path) -> None:
    for town in ("St Julian's", "Saint Julian's", "San Ġiljan", "St Paul's Bay"):
        loaded = load(tmp_path, ka122(activities=[act(destination={"country": "MT",
                                                                    "city": town})]))  # fmt: skip
        assert [w for w in loaded.warnings if w.code.startswith("place")] == [], town


# --- the starter ---------------------------------------------------------------------------------


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts(value)]
    if isinstance(node, list):
        return [t for value in node for t in _texts(value)]
    return [node] if isinstance(node, str) else []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_gen_new_builds_at_once_and_check_flags_every_placeholder(
    tmp_path: Path, action: str, language: str
) -> None:
    target = tmp_path / "start.yaml"
    extra: list[str | Path] = []
    if action == "KA121-SCH":  # a request refers to its accreditation
        plan = tmp_path / "plan" / "accreditation.yaml"
        plan.parent.mkdir()
        assert run("new", "KA120-SCH", "-o", plan)[0] == 0
        extra = ["--accreditation", plan]
    code, stdout, stderr = run("new", action, "--language", language, "-o", target, *extra)
    wrote = {"nb": "skrev", "nn": "skreiv", "en": "wrote"}[language]  # in the file's language
    assert code == 0 and stdout == f"{wrote} {target}\n", stderr
    text = target.read_text("utf-8")
    data = load_bytes(text.encode("utf-8"), "start.yaml").data
    assert data["action"] == action and data["language"] == language
    # Each form field's key (the text a field is built from) is in the skeleton.
    source = {"organisation": "applicant", "participants": "activities", "budget": "activities",
              "plan_activities": "activities"}  # fmt: skip
    if action == "KA121-SCH":
        source["goals"] = "accreditation"
    expected = {source.get(field, field) for field in ACTIONS[action].form_order}
    keys = set(data) | ({"partners"} if "partners" in data else set())
    assert expected <= keys, expected - keys
    code, _, stderr = run("application", target, "-f", "md,docx", "-o", tmp_path / "out")
    assert code == 0, stderr
    code, stdout, _ = run("check", target, "--format", "json")
    import json

    leftovers = [f for f in json.loads(stdout) if f["code"] == "leftover"]
    assert code == 5
    placeholders = [value for value in _texts(data) if LEFTOVER.search(value)]
    assert len(placeholders) >= 8
    assert len(leftovers) == len(placeholders)  # every placeholder, once
    # A fresh skeleton is not also told its placeholders are vague: one finding per placeholder.
    assert [f for f in json.loads(stdout) if f["code"] != "leftover"] == []
    assert run("new", action, "-o", target, *extra)[0] == 1  # never overwrites without --force


def test_advice_on_a_part_waits_for_its_placeholder_and_then_comes_back(tmp_path: Path) -> None:
    target = tmp_path / "start.yaml"
    assert run("new", "KA122-SCH", "-o", target)[0] == 0
    text = target.read_text("utf-8")
    code, stdout, _ = run("check", target)
    # gen new writes an nb skeleton: its findings are in Norwegian.
    assert "plassholdere står igjen" in stdout and "follow-up-vague" not in stdout
    start = text.index("follow_up:")
    end = text.index("\n", text.index("- ", start))
    target.write_text(text[:start] + "follow_up:\n  - Vi evaluerer.\n" + text[end + 1 :], "utf-8")
    code, stdout, _ = run("check", target)
    assert "follow-up-vague" in stdout  # the part is written, so it is judged


@pytest.mark.parametrize(
    ("typed", "hint"), [("ka122-sch", ""), ("KA122", "did you mean KA122-SCH?")]
)
def test_gen_new_takes_an_action_in_any_case_and_suggests_the_full_code(
    typed: str, hint: str
) -> None:
    code, stdout, stderr = run("new", typed, "-o", "-")
    if hint:
        assert code == 2 and hint in stderr
    else:
        assert code == 0 and "action: KA122-SCH" in stdout


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("{default: 5000, ", "{"), "needs a 'default'"),
        (lambda t: t.replace(', nn: "Berekraft"', ""), "nn missing"),
        (lambda t: t.replace("    countries_min: {value: 2, source: ec-wiki, confidence: P}\n", ""),
         "this action also needs countries_min"),
        (lambda t: t.replace("  KA210-SCH:\n", "  KA219-SCH:\n"), "did you mean 'KA210-SCH'?"),
        (lambda t: t.replace("organisational_support: {value: 400", "organisational_suport: {value: 400"),
         "KA122-SCH needs the rate organisational_support"),
        (lambda t: t.replace("[8000, 40000, 1735]]\n  source: travel-2024", "[8000, 9999, 1735]]\n  source: travel-2024", 1),
         "the last distance band must reach 20040 km"),
        (lambda t: t.replace("    3: [SI, EE,", "    3: [SI, DK, EE,"), "DK is in country groups 1 and 3"),
        (lambda t: t.replace("long_stay_factor: {value: 0.7", "long_stay_factor: {value: 7"),
         "the rate long_stay_factor is a share"),
        (lambda t: t.replace("lump_sums: {value: [30000, 60000]", "lump_sums: {value: []"),
         "needs at least 1 entry"),
    ],
)  # fmt: skip
def test_a_rule_file_that_would_fail_later_is_refused_at_once(
    tmp_path: Path, edit: Any, message: str
) -> None:
    rules = _user_rules(tmp_path, 2027, edit)
    with pytest.raises(InputError) as info:
        RuleLibrary(rules).load(2027)
    assert any(message in str(p) for p in info.value.problems), info.value.problems


def test_a_destination_outside_the_country_groups_takes_the_projects_own_rate(
    tmp_path: Path,
) -> None:
    uk = act(destination={"country": "GB", "city": "Edinburgh"})
    found = errors(tmp_path, ka122(activities=[uk]))
    assert any("GB has no country group in call 2026" in f for f in found)
    loaded = load(
        tmp_path,
        ka122(activities=[uk], budget={"rates": {"individual_support.staff.GB": 150}}),
    )
    support = [line for line in loaded.budget.lines if line.category == "individual-support"]
    assert support[0].unit_amount == 150 and support[0].confidence == "user"


# --- hostile input found by the review of these features ----------------------------------------


def test_a_pipe_or_device_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "p.yaml"
    os.mkfifo(pipe)
    for command in ("application", "budget", "check"):
        code, out, err = run(command, pipe)
        assert code in (1, 5) and "is not a regular file" in out + err
    rules = tmp_path / "rules"
    rules.mkdir()
    os.mkfifo(rules / "2027.yaml")
    path = write_tree(tmp_path, {"q.yaml": ka122(call=2027)}) / "q.yaml"
    code, _, err = run("budget", path, "--rules", rules)
    assert code == 1 and "2027.yaml:1:1: -: is not a regular file" in err


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"activities": [act(destination={"country": "DE", "city": "Berlin", "distance_km": "1e400"})]},
         "must be at most 20040"),
        ({"budget": {"requested": "1e400"}}, "must be at most 10000000"),
        ({"budget": {"rates": {"organisational_support": 1e308}}}, "must be at most 10000000"),
        ({"budget": {"rates": {"exceptional_costs_share": 80}}}, "is a share of 1"),
        ({"budget": {"rates": {"course_fee_max_days": 2.5}}}, "is a number of days"),
        ({"budget": {"rates": {"individual_support.staff.FI": 150}}},
         "FI is in country group 1 of call 2026: its daily rate is 'individual_support.staff.group1'"),
    ],
)  # fmt: skip
def test_numbers_a_budget_cannot_use_are_input_errors(
    tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    path = write_tree(tmp_path, {"p.yaml": ka122(**changes)}) / "p.yaml"
    code, stdout, stderr = run("budget", path, "--format", "json")
    assert code == 1 and expected in stderr and "Infinity" not in stdout, stderr


def test_gen_new_refuses_calls_out_of_range_and_targets_that_are_not_files(tmp_path: Path) -> None:
    import os

    assert run("new", "KA101", "--call", "0", "-o", tmp_path / "a.yaml")[0] == 2
    assert (
        run("new", "KA122-SCH", "--call", "99999999999999999999", "-o", tmp_path / "b.yaml")[0] == 2
    )
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, _, err = run("new", "KA122-SCH", "-o", pipe, "--force")  # nb, the default language
    assert code == 1 and "er ikke en vanlig fil" in err
    code, _, err = run("new", "KA122-SCH", "-o", tmp_path, "--force")
    assert code == 1 and "er en mappe" in err and err.startswith("Feil: ")
    code, _, err = run("new", "KA122-SCH", "-l", "en", "-o", f"{tmp_path}/missing/")
    assert code == 1 and "is a folder" in err and not (tmp_path / "missing").exists()
