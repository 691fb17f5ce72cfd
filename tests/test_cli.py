"""The command line as a user meets it: exit codes, exact messages, what is (not) written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import MINIMAL, ROOT, write_tree


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_application_writes_each_format_and_says_so(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("application", minimal, "-o", out, "-f", "md,docx,pdf,odt,html")
    assert code == 0, stderr
    assert stdout.splitlines() == [
        f"wrote {out}/minimal/application.{ext}" for ext in ("md", "docx", "pdf", "odt", "html")
    ]
    assert sorted(tree(out)) == [
        f"minimal/application.{ext}" for ext in ("docx", "html", "md", "odt", "pdf")
    ]


def test_default_formats_are_md_docx_pdf(minimal: Path, tmp_path: Path) -> None:
    code, stdout, _ = run("application", minimal, "-o", tmp_path / "o")
    assert code == 0
    assert [line.rsplit(".", 1)[1] for line in stdout.splitlines()] == ["md", "docx", "pdf"]


def test_invalid_input_exits_1_with_located_errors_and_writes_nothing(tmp_path: Path) -> None:
    path = (
        write_tree(
            tmp_path,
            {"bad.yaml": MINIMAL.replace("title:", "titel:").replace("days: 5", "days: 0")},
        )
        / "bad.yaml"
    )
    out = tmp_path / "out"
    code, stdout, stderr = run("application", path, "-o", out)
    assert code == 1 and stdout == ""
    assert stderr.splitlines() == [
        f"{path}:5:1: titel: unknown key 'titel' — did you mean 'title'?",
        "    hint: allowed here: format, id, language, action, call, title, acronym, summary, focus, priorities, "
        "applicant, consortium, role, partners, accreditation, period, topics, needs, goals, activities, "
        "selection, preparation, follow_up, learning_outcomes, dissemination, management, "
        "quality_standards, cooperation, work_packages, budget, first_application, theme",
        f"{path}:26:11: activities[0].days: must be at least 1, got '0'",
        "    hint: use a larger number",
        f"Error: 2 problems in {path}; nothing was written",
        "  each key is described in docs/project-format.md (gen's format document)",
    ]
    assert (ROOT / "docs/project-format.md").is_file()  # the document the message names ships
    assert not out.exists()


def test_a_failed_run_leaves_earlier_outputs_byte_identical(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("application", minimal, "-o", out)[0] == 0
    before = tree(out)
    minimal.write_text(MINIMAL.replace("days: 5", "days: x"), "utf-8")
    assert run("application", minimal, "-o", out)[0] == 1
    assert tree(out) == before


def test_yaml_errors_are_one_line_with_position(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"p.yaml": "title: a\ntitle: b\n"}) / "p.yaml"
    code, _, stderr = run("application", path, "-o", tmp_path / "o")
    assert code == 1
    assert stderr.splitlines()[0] == f"{path}:2:1: title: duplicate key 'title' (first at line 1)"
    assert stderr.splitlines()[-2] == f"Error: 1 problem in {path}; nothing was written"
    assert stderr.splitlines()[-1].endswith("docs/project-format.md (gen's format document)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["application"], "Missing argument 'FILE'"),
        (["application", "nope.yaml"], "'nope.yaml' does not exist"),
        (
            ["application", "{minimal}", "-f", "md,rtf"],
            "Invalid value for '-f' / '--formats': rtf; choose from",
        ),
        (["nonsense"], "No such command 'nonsense'"),
        (["schema", "recipe"], "'recipe' is not one of 'project', 'workshop'"),
    ],
)
def test_usage_errors_exit_2(minimal: Path, args: list[str], message: str) -> None:
    code, _, stderr = run(*[a.replace("{minimal}", str(minimal)) for a in args])
    assert code == 2
    assert message in stderr


def test_dry_run_checks_everything_and_writes_nothing(minimal: Path, tmp_path: Path) -> None:
    code, stdout, _ = run("application", minimal, "-o", tmp_path / "o", "--dry-run")
    assert code == 0 and stdout.startswith(f"would write {tmp_path}/o/minimal/application.md")
    assert not (tmp_path / "o").exists()


def test_quiet_prints_nothing(minimal: Path, tmp_path: Path) -> None:
    assert run("application", minimal, "-o", tmp_path / "o", "-q")[:2] == (0, "")


def test_a_symlinked_output_folder_pointing_outside_is_refused(
    minimal: Path, tmp_path: Path
) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "minimal")
    code, _, stderr = run("application", minimal, "-o", out)
    assert code == 1 and "refusing to write through the symbolic link" in stderr
    assert list(elsewhere.iterdir()) == []


def test_a_link_inside_the_output_folder_is_never_written_through(
    minimal: Path, tmp_path: Path
) -> None:
    # A link to a sibling project's folder (inside the output folder) is refused too.
    out = tmp_path / "out"
    (out / "other").mkdir(parents=True)
    (out / "other" / "application.md").write_text("the other project", "utf-8")
    os.symlink("other", out / "minimal")
    code, _, stderr = run("application", minimal, "-o", out, "-f", "md")
    assert code == 1 and "symbolic link" in stderr
    assert (out / "other" / "application.md").read_text("utf-8") == "the other project"
    assert list((out / "other").iterdir()) == [out / "other" / "application.md"]


def test_a_link_at_the_target_is_replaced_by_the_file_not_followed(
    minimal: Path, tmp_path: Path
) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim.md"
    victim.write_text("keep me", "utf-8")
    (out / "minimal").mkdir(parents=True)
    os.symlink(victim, out / "minimal" / "application.md")
    code, _, stderr = run("application", minimal, "-o", out, "-f", "md")
    assert code == 0, stderr
    assert victim.read_text("utf-8") == "keep me"
    written = out / "minimal" / "application.md"
    assert not written.is_symlink() and written.read_text("utf-8").startswith("#")
    assert sorted(p.name for p in (out / "minimal").iterdir()) == ["application.md"]  # no .tmp


def test_a_conversion_failure_exits_3(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.output import convert

    monkeypatch.setattr(convert, "TIMEOUT_SECONDS", 0.000001)
    # ODT is pandoc's to write (md, docx and pdf of the built-in templates are written in Python)
    code, _, stderr = run("application", minimal, "-o", tmp_path / "o", "-f", "odt")
    assert code == 3
    assert stderr.startswith(f"Error: {minimal}") and "pandoc took longer than" in stderr
    assert not (tmp_path / "o").exists()


def test_an_internal_error_exits_70_with_a_log(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import loaded

    def broken(*args: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(loaded, "derive", broken)
    code, _, stderr = run("application", minimal, "-o", tmp_path / "o")
    assert code == 70
    assert stderr.startswith(
        "Error: internal error (ZeroDivisionError: boom). This is a bug in gen"
    )
    log = Path(stderr.rsplit("the traceback is in ", 1)[1].strip())
    assert "ZeroDivisionError" in log.read_text()
    log.unlink()


def test_schema_project_prints_json_schema_with_descriptions() -> None:
    code, stdout, _ = run("schema", "project")
    schema = json.loads(stdout)
    assert code == 0 and schema["title"] == "Erasmus+ project file (format 1)"
    assert "description" in schema["properties"]["language"]


def test_help_shows_examples_and_version() -> None:
    assert "gen application projects/melhus.yaml" in run("--help")[1]
    assert "Example:" in run("application", "--help")[1]
    from generator import __version__

    assert run("--version")[1] == f"gen {__version__}\n"


def test_application_prints_warnings_and_still_writes(tmp_path: Path) -> None:
    text = MINIMAL.replace("call: 2019", "call: 2020").replace(
        "city: Trondheim", "city: Trondheim\n  pic: '949999999'"
    )
    path = write_tree(tmp_path, {"p.yaml": text}) / "p.yaml"
    code, stdout, stderr = run("application", path, "-o", tmp_path / "o", "-f", "md")
    assert code == 0 and stdout == f"wrote {tmp_path}/o/p/application.md\n"
    assert stderr.splitlines()[0] == (
        f"{path}:11:8: applicant.pic: warning: from call 2020 the organisation ID (OID) replaces the PIC"
    )
