"""The project schema: every problem in one run, located, with did-you-mean and quote-it hints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.inputs.load import load_bytes
from generator.inputs.project import Project, parse_project, project_schema
from tests.conftest import MINIMAL


def parse(text: str, default_id: str = "p") -> Project:
    return parse_project(load_bytes(text.encode("utf-8"), "p.yaml"), default_id)


def problems(text: str, default_id: str = "p") -> list[str]:
    with pytest.raises(InputError) as info:
        parse(text, default_id)
    return [str(p) for p in info.value.problems]


def lines_of(found: list[str]) -> list[str]:
    return [p.split("\n")[0] for p in found]


def test_minimal_project_is_valid_and_typed() -> None:
    project = parse(MINIMAL, default_id="minimal")
    assert project.id == "minimal"
    assert project.applicant.country == "NO"
    assert project.period.start.isoformat() == "2019-09-01"
    assert project.activities[0].days == 5 and project.activities[0].accompanying == 0


def test_models_are_frozen() -> None:
    project = parse(MINIMAL)
    with pytest.raises(Exception, match="frozen"):
        project.title = "x"  # type: ignore[misc]


def test_misspelt_key_gets_did_you_mean_at_the_key_and_no_second_missing_error() -> None:
    found = problems(MINIMAL.replace("title:", "titel:"))
    assert lines_of(found) == ["p.yaml:5:1: titel: unknown key 'titel' — did you mean 'title'?"]
    assert (
        found[0]
        .split("hint: ")[1]
        .startswith("allowed here: format, id, language, action, call, title")
    )


def test_all_problems_are_reported_in_one_run_in_file_order() -> None:
    text = (
        MINIMAL.replace("days: 5", "days: fem")
        .replace("country: NO", "country: NOR")
        .replace("months: 12", "monts: 12")
        .replace("type: course", "type: kurs")
    )
    assert lines_of(problems(text)) == [
        "p.yaml:9:12: applicant.country: 'NOR' is not an ISO 3166-1 alpha-2 country code",
        "p.yaml:13:3: period.monts: unknown key 'monts' — did you mean 'months'?",
        "p.yaml:23:11: activities[0].type: 'kurs' is not allowed — did you mean 'course'?",
        "p.yaml:26:11: activities[0].days: must be a whole number, got 'fem'",
    ]


def test_errors_have_hints() -> None:
    for problem in problems(MINIMAL.replace("days: 5", "days: fem").replace("title:", "titel:")):
        assert "\n    hint: " in problem


def test_a_mapping_where_text_belongs_says_quote_it() -> None:
    found = problems(MINIMAL.replace("title: Lesing i alle fag", "title: {a: b}"))
    assert found == [
        "p.yaml:5:8: title: must be text, got a mapping (key: value)\n"
        '    hint: quote it: key: "{text with [brackets] or {braces}}"'
    ]


def test_numbers_are_accepted_where_text_is_expected_and_keep_their_digits() -> None:
    project = parse(MINIMAL.replace("title: Lesing i alle fag", "title: 2019\nacronym: 0150"))
    assert project.title == "2019" and project.acronym == "0150"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("days: 5", "days: 0"), "activities[0].days: must be at least 1, got '0'"),
        (
            ("format: 1", "format: 2"),
            "format: format 2 is not supported; this version of gen reads format 1",
        ),
        (("language: en", "language: no"), "language: 'no' is not allowed — did you mean 'nn'?"),
        (
            ("start: 2019-09-01", "start: 2019-13-01"),
            "period.start: must be a date YYYY-MM-DD, got '2019-13-01'",
        ),
        (("  - id: course", "  - id: Course"), "activities[0].id: 'Course' is not a valid id"),
        (
            ("country: DE", "country: EL"),
            "activities[0].destination.country: 'EL' is not an ISO 3166-1 alpha-2 "
            "country code — did you mean 'GR'?",
        ),
        (
            ("city: Trondheim", "city: Trondheim\n  oid: 12345678"),
            "applicant.oid: '12345678' is not an OID",
        ),
        (
            ("preparation: [Kurs i tysk.]", "preparation: Kurs i tysk."),
            "preparation: must be a list, got 'Kurs i tysk.'",
        ),
        (
            ("procedure: Rektor velger.", 'procedure: "  "'),
            "selection.procedure: must not be empty",
        ),
    ],
)
def test_messages_for_common_mistakes(change: tuple[str, str], expected: str) -> None:
    found = lines_of(problems(MINIMAL.replace(*change)))
    assert any(line.endswith(expected) for line in found), found


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("preparation: [Kurs i tysk.]", "preparation: []"), "preparation: needs at least 1 entry"),
        (
            ("preparation: [Kurs i tysk.]\n", ""),
            "preparation: required key 'preparation' is missing",
        ),
    ],
)
def test_the_parts_an_actions_form_asks_for(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    """Which parts a project needs depends on its action's form (KA121-SCH takes its goals from
    its accreditation), so the loader checks them, each at its place."""
    from generator.loaded import load_project

    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace(*change), "utf-8")
    with pytest.raises(InputError) as info:
        load_project(path)
    found = lines_of([str(p) for p in info.value.problems])
    assert any(line.endswith(expected) for line in found), found


def test_references_must_resolve_with_a_suggestion() -> None:
    text = MINIMAL.replace("needs: [reading]", "needs: [readng]").replace(
        "goals: [methods]", "goals: [method]"
    )
    found = problems(text)
    assert lines_of(found) == [
        "p.yaml:20:13: goals[0].needs[0]: 'readng' is not the id of one of the needs — did you mean 'reading'?",
        "p.yaml:27:13: activities[0].goals[0]: 'method' is not the id of one of the goals — did you mean 'methods'?",
        "p.yaml:35:13: learning_outcomes[0].goals[0]: 'method' is not the id of one of the goals"
        " — did you mean 'methods'?",
    ]
    assert found[0].endswith("hint: the needs ids are: reading")


def test_reference_problems_come_in_the_same_run_as_schema_problems() -> None:
    text = MINIMAL.replace("needs: [reading]", "needs: [nope]").replace("days: 5", "days: x")
    found = " ".join(problems(text))
    assert "'nope' is not the id" in found and "must be a whole number" in found


def test_ids_must_be_unique_within_their_list() -> None:
    text = MINIMAL.replace(
        "  - id: reading\n    text: Elevene leser for lite.\n",
        "  - id: reading\n    text: A.\n  - id: reading\n    text: B.\n",
    )
    assert "needs[1].id: id 'reading' is used twice (first at needs[0])" in problems(text)[0]


def test_a_file_name_that_is_not_an_id_needs_an_id_key() -> None:
    found = problems(MINIMAL, default_id="Melhus Kommune")
    assert "the file name gives the id 'Melhus Kommune'" in found[0]
    assert parse(MINIMAL + "id: melhus\n", default_id="Melhus Kommune").id == "melhus"


def test_consortium_entry_has_a_name_or_a_count() -> None:
    text = MINIMAL + "consortium:\n  - name: Gimse skole\n    type: school\n    count: 3\n"
    assert "consortium[0]: give a name or a count, not both" in problems(text)[0]


def test_schema_has_descriptions_and_every_spec_key() -> None:
    schema = project_schema()
    props = schema["properties"]
    spec_keys = {
        "format",
        "id",
        "language",
        "action",
        "call",
        "title",
        "acronym",
        "summary",
        "priorities",
        "applicant",
        "consortium",
        "role",
        "partners",
        "period",
        "needs",
        "goals",
        "activities",
        "selection",
        "preparation",
        "follow_up",
        "learning_outcomes",
        "dissemination",
        "budget",
    }
    added = {  # for gen check, slides and handouts; the 2021–27 forms KA120, KA121, KA220
        "first_application",
        "focus",
        "accreditation",
        "topics",
        "management",
        "quality_standards",
        "cooperation",
        "work_packages",
        "theme",  # the documents' colours, font and logo (docs/project-format.md 4.18)
    }
    assert spec_keys | added == set(props)
    assert all(props[k].get("description") or "$ref" in str(props[k]) for k in spec_keys)
    activity = schema["$defs"]["Activity"]["properties"]
    assert {
        "id",
        "type",
        "title",
        "host",
        "destination",
        "origin",
        "year",
        "work_package",
        "participants",
        "accompanying",
        "days",
        "travel_days",
        "green_travel",
        "learning_agreement",
        "when",
        "goals",
        "fewer_opportunities",
        "amount",
    } == set(activity)
    assert schema["$defs"]["Activity"]["additionalProperties"] is False
    json.dumps(schema)  # serialisable
