"""`gen check` and `gen fields`: every planted flaw found at its line, clean files pass, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import EXAMPLES, MINIMAL, ROOT, project_yaml, write_tree

FLAWED = ROOT / "tests" / "fixtures" / "flawed.yaml"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def check_json(*files: Path, strict: bool = False) -> tuple[int, list[dict]]:
    code, stdout, _ = run("check", *files, "--format", "json", *(["--strict"] if strict else []))
    return code, json.loads(stdout)


def planted() -> set[tuple[str, int]]:
    """(code, line) of each '# flaw: CODE, …' comment in the fixture."""
    marks = set()
    for number, line in enumerate(FLAWED.read_text("utf-8").splitlines(), 1):
        found = re.search(r"# flaw: (.+)$", line)
        if found:
            marks |= {(code.strip(), number) for code in found.group(1).split(",")}
    return marks


def test_every_planted_flaw_is_found_at_its_line_and_nothing_else() -> None:
    code, findings = check_json(FLAWED)
    assert {(f["code"], f["line"]) for f in findings} == planted()
    assert len(planted()) == 14 and code == 5  # the budget over its cap is an error


def test_findings_carry_level_path_message_and_hint() -> None:
    _, findings = check_json(FLAWED)
    by_code = {f["code"]: f for f in findings}
    assert by_code["partner-description"]["path"] == "partners[1]"
    assert by_code["outcome-not-ability"]["path"] == "learning_outcomes[0].text"
    assert by_code["think-small"]["level"] == "info"
    assert by_code["budget-over-cap"]["level"] == "error"
    # The message and hint in the file's language (flawed.yaml is nb); the code is stable.
    assert by_code["form-field-too-long"]["message"].endswith(
        "grensen er 5\u00a0000 (antatt grense)"
    )
    assert all(f["hint"] and f["file"] == str(FLAWED) for f in findings)
    assert all(f["language"] == "nb" for f in findings)
    assert set(findings[0]) == {
        "file",
        "level",
        "code",
        "path",
        "line",
        "message",
        "hint",
        "language",
    }


def test_text_report_groups_by_file_with_chain_and_criteria() -> None:
    code, stdout, _ = run("check", FLAWED)
    assert code == 5 and stdout.startswith(f"{FLAWED}\n")
    # flawed.yaml is nb: the report is in Norwegian, the codes stay as they are.
    assert "    behov 1      → mål 2   → aktiviteter —          → læringsutbytte —" in stdout
    assert "tildelingskriterier (veiledning, ikke en forventet poengsum):" in stdout
    assert "    partnerskap  2 advarsler  (goals-common, partner-description)" in stdout
    # The over-cap budget and the leftover "[sett inn …]" are errors: neither may be submitted.
    assert stdout.rstrip().endswith("1 fil: 2 feil, 11 advarsler, 1 merknad")


def test_the_seed_examples_pass_without_errors_and_melhus_is_clean() -> None:
    code, findings = check_json(*EXAMPLES)
    assert code == 0 and not [f for f in findings if f["level"] == "error"]
    assert [f for f in findings if f["file"].endswith("melhus.yaml")] == []


def test_strict_fails_on_warnings() -> None:
    frosta = ROOT / "projects" / "frosta.yaml"
    assert check_json(frosta)[0] == 0
    assert check_json(frosta, strict=True)[0] == 5


def test_rule_errors_are_findings(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"p.yaml": MINIMAL.replace("days: 5", "days: 61")}) / "p.yaml"
    code, findings = check_json(path)
    assert code == 5
    errors = [(f["code"], f["path"], f["line"]) for f in findings if f["level"] == "error"]
    assert errors == [("rule-activity-length", "activities[0].days", 26)]


def test_an_unreadable_file_is_reported_and_the_others_still_reviewed(tmp_path: Path) -> None:
    bad = write_tree(tmp_path, {"bad.yaml": "title: a\ntitle: b\n"}) / "bad.yaml"
    code, findings = check_json(bad, ROOT / "projects" / "melhus.yaml")
    assert code == 5
    assert [(f["file"], f["code"], f["line"]) for f in findings] == [(str(bad), "input", 2)]


def test_gen_fields_writes_each_field_to_paste_in_form_order(tmp_path: Path) -> None:
    code, stdout, _ = run("fields", ROOT / "projects" / "melhus.yaml", "-o", tmp_path)
    folder = tmp_path / "melhus" / "fields"
    assert code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names[:4] == ["01-title.txt", "02-acronym.txt", "03-organisation.txt", "04-needs.txt"]
    assert names[-2:] == ["12-summary.txt", "index.txt"] and len(names) == 13
    assert stdout.splitlines()[0] == f"skrev {folder}/01-title.txt"  # melhus.yaml is nb
    assert (folder / "01-title.txt").read_text(
        "utf-8"
    ) == "Å utvikle kvalitet i undervisningen av grunnleggende ferdigheter"
    needs = (folder / "04-needs.txt").read_text("utf-8")
    assert (
        needs.startswith("1. Resultatene på nasjonale prøver")
        and "\n\n2. Skolene og barnehagene" in needs
    )
    index = (folder / "index.txt").read_text("utf-8")
    assert index.splitlines()[1].split() == ["01-title.txt", "Prosjekttittel", "64", "200", "(A)"]


def test_fields_are_plain_text_with_user_text_verbatim(tmp_path: Path) -> None:
    hostile = '**bold** <b>x</b> {{ 7*7 }} #read("x") &amp; 1. a\\b'
    path = (
        write_tree(
            tmp_path, {"p.yaml": project_yaml(title=hostile, summary=hostile + "\n\nline two")}
        )
        / "p.yaml"
    )
    assert run("fields", path, "-o", tmp_path / "out")[0] == 0
    folder = tmp_path / "out" / "p" / "fields"
    assert (folder / "01-title.txt").read_text("utf-8") == hostile
    summary = next(folder.glob("*-summary.txt")).read_text("utf-8")
    assert summary == hostile + "\n\nline two"


def test_over_limit_fields_are_flagged(tmp_path: Path) -> None:
    code, _, stderr = run("fields", FLAWED, "-o", tmp_path)
    assert code == 0
    index = (tmp_path / "flawed" / "fields" / "index.txt").read_text("utf-8")
    summary_row = next(line for line in index.splitlines() if "-summary.txt" in line)
    assert (
        "5\u00a0394" in summary_row
        and "5\u00a0000 (A)" in summary_row
        and summary_row.endswith("OVER GRENSEN")
    )
    # flawed.yaml is nb: so is the warning.
    assert "advarsel: feltet 'Sammendrag' har flere tegn enn grensen tillater" in stderr


@pytest.mark.parametrize("text", ["a\nb", "æ\u0301", "e\u0301"])
def test_characters_are_counted_as_the_form_counts_them(text: str) -> None:
    from generator.documents.fields import Field

    field = Field("x", "X", text, ("x",), 10, "A")
    assert (
        field.length == {"a\nb": 3, "æ\u0301": 1, "e\u0301": 1}[text]
    )  # NFC composes (ǽ, é); a line break is one


def test_pre_commit_hook_definition() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks[0]["id"] == "gen-check" and hooks[0]["entry"] == "gen check"
    assert re.search(hooks[0]["files"], "projects/melhus.yaml")


def test_the_2021_27_examples_are_clean_even_under_strict() -> None:
    """The KA122-SCH (nb) and KA210-SCH (nn) examples a first-timer starts from: no finding."""
    code, findings = check_json(
        ROOT / "projects" / "fjellvik-ka122.yaml",
        ROOT / "projects" / "voss-ka210.yaml",
        strict=True,
    )
    assert code == 0 and findings == []


def test_check_takes_folders_and_finds_project_files_as_gen_batch_does(tmp_path: Path) -> None:
    from generator.batch import find_inputs

    code, stdout, stderr = run("check", ROOT / "projects", ROOT / "workshops")
    found = find_inputs([ROOT / "projects", ROOT / "workshops"])
    reviewed = [line for line in stdout.splitlines() if line.endswith((".yaml", ".yml"))]
    assert reviewed == [str(p) for p in found if p.parent.name == "projects"]
    assert "workshops" not in stdout and "2 workshop files left out" in stderr
    assert code == 0  # warnings only, not --strict

    tree = write_tree(tmp_path, {"a/b/deep.yml": MINIMAL, "a/notes.txt": "not a project"})
    code, stdout, _ = run("check", tree / "a")
    assert str(tree / "a" / "b" / "deep.yml") in stdout and "notes" not in stdout
    code, _, stderr = run("check", ROOT / "workshops")
    assert code == 2 and "no project files in" in stderr
    code, stdout, _ = run("check", ROOT / "workshops" / "kom-i-gang.yaml")  # named: an error
    assert code == 5 and "dette er en verkstedfil" in stdout  # kom-i-gang.yaml is nb


def test_quiet_check_prints_nothing_when_it_passes_and_everything_when_it_fails() -> None:
    clean = [ROOT / "projects" / "fjellvik-ka122.yaml", ROOT / "projects" / "voss-ka210.yaml"]
    assert run("check", *clean, "--strict", "-q") == (0, "", "")
    assert run("check", ROOT / "projects", ROOT / "workshops", "--quiet") == (0, "", "")
    code, stdout, _ = run("check", ROOT / "projects", "--strict", "-q")
    assert code == 5 and stdout == run("check", ROOT / "projects", "--strict")[1]
    assert "selection-vague" in stdout
