"""The forms Norwegian schools write today: the Erasmus plan (KA120-SCH), the yearly request that
names it (KA121-SCH) and the cooperation partnership (KA220-SCH): each rule at its edges, the
lump-sum and work-package arithmetic, each form's section order, and the examples."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.documents.application import render_application
from generator.errors import InputError
from generator.loaded import Loaded, load_draft, load_project
from generator.pipeline import field_files
from generator.rules.actions import ACTIONS
from tests.conftest import COURSE, PARTNER, ROOT, project_yaml, write_tree

PROJECTS = ROOT / "projects"
PLAN = {
    "action": "KA120-SCH",
    "call": 2026,
    "period": {"start": "2026-09-01", "months": 36},
    "management": ["Rektor leder planen med en koordinator i 20 % stilling og en styringsgruppe."],
    "quality_standards": True,
    "activities": [{**COURSE, "year": 2027}],
}


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def load(tmp_path: Path, **changes: Any) -> Loaded:
    return load_project(write_tree(tmp_path, {"p.yaml": project_yaml(**changes)}) / "p.yaml")


def errors(tmp_path: Path, **changes: Any) -> list[str]:
    with pytest.raises(InputError) as info:
        load(tmp_path, **changes)
    return [str(p).split("\n")[0] for p in info.value.problems]


def codes(tmp_path: Path, **changes: Any) -> dict[str, str]:
    """Every finding's code → its level, as `gen check` reviews the file."""
    draft = load_draft(write_tree(tmp_path, {"p.yaml": project_yaml(**changes)}) / "p.yaml")
    return {p.code: p.level for p in draft.problems}


# --- KA120-SCH ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("months", "ok"), [(23, False), (24, True), (60, True)])
def test_an_erasmus_plan_runs_2_to_5_years(tmp_path: Path, months: int, ok: bool) -> None:
    changes = {**PLAN, "period": {"start": "2026-09-01", "months": months}}
    if ok:
        load(tmp_path, **changes)
    else:
        assert any("runs 24–60 months" in e for e in errors(tmp_path, **changes))


def test_each_objective_is_reached_by_a_planned_activity_in_a_year_of_the_plan(
    tmp_path: Path,
) -> None:
    goals = [
        {"id": "methods", "text": "Lærerne bruker nye metoder.", "needs": ["reading"]},
        {"id": "lonely", "text": "Et mål uten aktivitet.", "needs": ["reading"]},
    ]
    found = errors(tmp_path, **{**PLAN, "goals": goals})
    assert any(
        e.endswith("goals[1]: objective 'lonely' is reached by no planned activity") for e in found
    )
    late = {**PLAN, "activities": [{**COURSE, "year": 2030}]}
    assert any(
        e.endswith("activities[0].year: 2030 is outside the plan (2026–2029)")
        for e in errors(tmp_path, **late)
    )
    undated = {**PLAN, "activities": [COURSE]}
    assert any(
        "an activity of the Erasmus plan needs its year" in e for e in errors(tmp_path, **undated)
    )


def test_the_quality_standards_are_acknowledged(tmp_path: Path) -> None:
    found = errors(tmp_path, **{**PLAN, "quality_standards": None})
    assert any(
        e.endswith("KA120-SCH asks you to commit to the Erasmus quality standards") for e in found
    )


def test_numbers_per_year_are_weighed_against_the_organisations_size(tmp_path: Path) -> None:
    small = {"name": "Liten skole", "type": "school", "country": "NO", "city": "Trondheim",
             "staff": 3, "pupils": 40}  # fmt: skip
    assert codes(tmp_path, **{**PLAN, "applicant": small}).get("plan-numbers") == "warning"
    big = {**small, "staff": 40}
    assert "plan-numbers" not in codes(tmp_path, **{**PLAN, "applicant": big})
    assert codes(tmp_path, **PLAN).get("plan-numbers") == "info"  # size not given: advice


def test_an_accreditation_has_no_budget_of_its_own(tmp_path: Path) -> None:
    loaded = load(tmp_path, **PLAN)
    assert loaded.budget.lines == () and loaded.budget.total == 0
    path = tmp_path / "p.yaml"
    code, stdout, _ = run("budget", path)
    assert code == 0 and "KA120-SCH has no budget of its own" in stdout


# --- KA121-SCH ----------------------------------------------------------------------------------


def _request(tmp_path: Path, **changes: Any) -> Path:
    files = {
        "plan.yaml": project_yaml(**PLAN),
        "request.yaml": project_yaml(
            **{
                "action": "KA121-SCH",
                "call": 2026,
                "accreditation": "plan.yaml",
                "needs": None,
                "goals": None,
                "period": {"start": "2026-06-01", "months": 15},
                **changes,
            }
        ),
    }
    return write_tree(tmp_path, files) / "request.yaml"


def test_a_request_takes_the_accreditations_objectives(tmp_path: Path) -> None:
    loaded = load_project(_request(tmp_path))
    assert [g.id for g in loaded.project.goals] == ["methods"]
    assert loaded.accreditation is not None and loaded.accreditation.action == "KA120-SCH"
    markdown = render_application(loaded)
    assert "Lærerne bruker nye lesemetoder" in markdown  # the plan's objective, not retyped


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"accreditation": None}, "required key 'accreditation' is missing"),
        ({"accreditation": "nowhere.yaml"}, "no project file at"),
        ({"activities": [{**COURSE, "goals": ["method"]}]},
         "activities[0].goals[0]: 'method' is not the id of one of the goals — did you mean 'methods'?"),
        ({"goals": [{"id": "x", "text": "Eget mål.", "needs": ["reading"]}]},
         "a KA121-SCH request takes its goals from its accreditation"),
        ({"period": {"start": "2026-06-01", "months": 14}}, "runs 15–24 months"),
        ({"period": {"start": "2026-06-01", "months": 25}}, "runs 15–24 months"),
    ],
)  # fmt: skip
def test_a_request_names_a_real_accreditation_and_its_goals(
    tmp_path: Path, changes: dict[str, Any], expected: str
) -> None:
    with pytest.raises(InputError) as info:
        load_project(_request(tmp_path, **changes))
    assert any(expected in str(p) for p in info.value.problems), info.value.problems


def test_a_request_cannot_name_another_request_as_its_accreditation(tmp_path: Path) -> None:
    first = _request(tmp_path)
    second = write_tree(
        tmp_path,
        {"second.yaml": first.read_text("utf-8").replace("plan.yaml", "request.yaml")},
    )
    with pytest.raises(InputError) as info:
        load_project(second / "second.yaml")
    assert any("an accreditation (KA120-SCH) names no accreditation" in str(p)
               for p in info.value.problems)  # fmt: skip


@pytest.mark.parametrize("months", [15, 24])
def test_a_request_runs_15_months_extendable_to_24(tmp_path: Path, months: int) -> None:
    load_project(_request(tmp_path, period={"start": "2026-06-01", "months": months}))


# --- KA220-SCH ----------------------------------------------------------------------------------

KIEL = {**PARTNER, "id": "kiel", "name": "Schule Y", "country": "DE", "city": "Kiel",
        "role": "partner"}  # fmt: skip
LYON = {**PARTNER, "id": "lyon"}


def wp(
    ident: str, share: float, lead: str = "applicant", management: bool = False
) -> dict[str, Any]:
    return {"id": ident, "title": f"Pakke {ident}", "management": management, "lead": lead,
            "objectives": ["Et mål."], "activities": ["En aktivitet."], "results": ["Et resultat."],
            "share": share}  # fmt: skip


def ka220(**changes: Any) -> dict[str, Any]:
    return {
        "action": "KA220-SCH",
        "call": 2026,
        "role": "partner",
        "partners": [LYON, KIEL],
        "period": {"start": "2026-09-01", "months": 24},
        "cooperation": "Skolene deler oppgavene etter arbeidspakkene.",
        "work_packages": [wp("wp1", 20000, management=True), wp("wp2", 100000, "lyon")],
        "activities": [{**COURSE, "type": "joint-staff-training"}],
        "budget": {"lump_sum": 120000},
        **changes,
    }


def test_a_partnership_has_three_organisations_from_three_countries(tmp_path: Path) -> None:
    two = errors(tmp_path, **ka220(partners=[LYON]))
    assert any("2 organisations; KA220-SCH needs at least 3" in e for e in two)
    same = errors(tmp_path, **ka220(partners=[LYON, {**KIEL, "country": "FR", "city": "Paris"}]))
    assert any("KA220-SCH needs at least 3 countries" in e for e in same)
    load(tmp_path, **ka220())


@pytest.mark.parametrize(("months", "ok"), [(11, False), (12, True), (36, True), (37, False)])
def test_a_partnership_runs_12_to_36_months(tmp_path: Path, months: int, ok: bool) -> None:
    changes = ka220(period={"start": "2026-09-01", "months": months})
    if ok:
        load(tmp_path, **changes)
    else:
        assert any("runs 12–36 months" in e for e in errors(tmp_path, **changes))


def test_the_lump_sum_is_one_of_the_three(tmp_path: Path) -> None:
    found = errors(tmp_path, **ka220(budget={"lump_sum": 100000}))
    assert any("lump sum of EUR 120,000, EUR 250,000 or EUR 400,000" in e for e in found)


def test_work_packages_share_out_the_lump_sum_exactly(tmp_path: Path) -> None:
    found = errors(tmp_path, **ka220(budget={"lump_sum": 250000}))
    assert any(
        "work_packages: the work packages' shares add up to EUR 120,000.00, not the lump sum of "
        "EUR 250,000" in e
        for e in found
    )
    loaded = load(tmp_path, **ka220())
    assert [(line.label, line.organisation, line.amount) for line in loaded.budget.lines] == [
        ("WP1 Pakke wp1", "Eksempel skole", 20000),
        ("WP2 Pakke wp2", "École X", 100000),
    ]
    assert loaded.budget.total == 120000


@pytest.mark.parametrize(
    ("packages", "level", "message"),
    [
        ([wp("wp1", 120000, management=True)], "error", "0 work packages besides project management"),
        ([wp("wp1", 20000), wp("wp2", 100000)], "error", "0 project-management work packages"),
        ([wp("wp1", 10000, management=True), *(wp(f"wp{i}", 10000) for i in range(2, 13))],
         "error", "11 work packages besides project management; KA220-SCH takes 1 to 10"),
        ([wp("wp1", 20000, management=True), *(wp(f"wp{i}", 20000) for i in range(2, 7))],
         "warning", "6 work packages; at most 5 in all are advised"),
    ],
)  # fmt: skip
def test_wp1_manages_and_at_least_one_more_at_most_ten_more(
    tmp_path: Path, packages: list[dict[str, Any]], level: str, message: str
) -> None:
    draft = load_draft(
        write_tree(tmp_path, {"p.yaml": project_yaml(**ka220(work_packages=packages))}) / "p.yaml"
    )
    found = [p for p in draft.problems if p.code == "rule-work-packages"]
    assert found and found[0].level == level and message in found[0].message, found


def test_up_to_three_topics(tmp_path: Path) -> None:
    load(tmp_path, **ka220(topics=["a", "b", "c"]))
    assert any("4 topics; KA220-SCH takes at most 3" in e
               for e in errors(tmp_path, **ka220(topics=["a", "b", "c", "d"])))  # fmt: skip


@pytest.mark.parametrize(("year", "level"), [(2025, "error"), (2024, None), (None, "info")])
def test_organisations_are_at_least_two_years_old(
    tmp_path: Path, year: int | None, level: str | None
) -> None:
    partners = [{**LYON, "established": year} if year else LYON, {**KIEL, "established": 1990}]
    applicant = {"name": "Eksempel skole", "type": "school", "country": "NO", "city": "Trondheim",
                 "established": 1970}  # fmt: skip
    found = codes(tmp_path, **ka220(partners=partners, applicant=applicant))
    assert found.get("partner-established") == level


def test_gen_budget_shows_the_lump_sum_by_work_package_and_organisation() -> None:
    code, stdout, _ = run("budget", PROJECTS / "arctic-ka220.yaml")
    assert code == 0
    assert re.search(
        r"WP2 A common online course \(Lapinrinne Comprehensive School\)\s+1 work package\s+100,000",
        stdout,
    )
    tail = stdout.split("Per organisation:")[1]
    assert re.search(r"Nordlys skole\s+70,000", tail)  # WP1 and WP4
    assert re.search(r"Brekkuskóli\s+80,000", tail)


# --- each form's sections and fields, and the examples ------------------------------------------

SECTIONS = {
    "melhus-ka120": ["Kontekst", "Deltakende organisasjoner", "Bakgrunn", "Erasmusplanen",
                     "Aktiviteter og deltakere per år", "Ledelse og ressurser",
                     "Erasmus-kvalitetsstandardene", "Sammendrag"],
    "melhus-ka121-2026": ["Kontekst", "Deltakende organisasjoner", "Akkreditering",
                          "Mobilitetsønsker", "Budsjett"],
    "arctic-ka220": ["Context", "Participating organisations", "Relevance",
                     "Partnership and cooperation arrangements", "Project design and implementation",
                     "Activities", "Budget", "Impact and follow-up", "Project summary"],
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_each_new_form_has_its_sections_in_order(name: str) -> None:
    loaded = load_project(PROJECTS / f"{name}.yaml")
    markdown = render_application(loaded)
    headings = [
        re.sub(r"\\(.)", r"\1", line[3:].strip())  # as the reader sees them: no escapes
        for line in markdown.splitlines()
        if line.startswith("## ")
    ]
    assert headings == SECTIONS[name]


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_gen_fields_follows_the_forms_order(name: str) -> None:
    loaded = load_project(PROJECTS / f"{name}.yaml")
    files = field_files(loaded).files
    ids = [p.stem.split("-", 1)[1] for p in files if p.name != "index.txt"]
    order = [f for f in ACTIONS[loaded.project.action].form_order if f in ids]
    assert ids == order and len(ids) >= len(ACTIONS[loaded.project.action].form_order) - 2


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_the_examples_are_clean_under_strict(name: str) -> None:
    code, stdout, _ = run("check", PROJECTS / f"{name}.yaml", "--strict")
    # The report is in the file's language: melhus-* nb, arctic-ka220 en.
    if name == "melhus-ka121-2026":  # its accreditation's goal 3 waits for a later request
        assert code == 0 and "0 feil, 0 advarsler, 1 merknad" in stdout
        assert "request-goal-without-activity" in stdout
    else:
        assert code == 0 and ("no findings" if name == "arctic-ka220" else "ingen funn") in stdout


def test_the_ka220_deck_shows_the_work_packages_on_its_timeline() -> None:
    from generator.documents.slides.project_deck import project_deck

    slides = project_deck(load_project(PROJECTS / "arctic-ka220.yaml"))
    (timeline,) = [s.timeline for s in slides if s.timeline is not None]
    labels = [b.label for b in timeline.bars]
    assert labels[:4] == ["WP1 Project management", "WP2 A common online course",
                          "WP3 Pupils' field work", "WP4 Sharing the results"]  # fmt: skip
    wp1 = timeline.bars[0]
    assert (wp1.start, wp1.length) == (0, 24)  # 2026-09 to 2028-08: the whole period


def test_the_chain_in_gen_check_names_outcomes_only_where_the_form_asks_for_them() -> None:
    plan = CliRunner().invoke(cli, ["check", str(ROOT / "projects/melhus-ka120.yaml")]).output
    partnership = (
        CliRunner().invoke(cli, ["check", str(ROOT / "projects/arctic-ka220.yaml")]).output
    )
    # melhus-ka120 is nb, arctic-ka220 en: each report in its file's language.
    assert "behov → mål → aktiviteter (numrene" in plan
    assert "læringsutbytte" not in plan
    assert "behov 1      → mål 1   → aktiviteter 1, 4, 7\n" in plan
    assert "need → goal → activities → learning outcomes" in partnership
    assert "→ outcomes 1" in partnership
