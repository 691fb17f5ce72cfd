"""Confinement (security.md): the files an input names are read only from inside its folder, its
Git repository or a folder the user allowed; outputs are never written through a link."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.errors import InputError
from generator.loaded import load_project, load_workshop
from tests.conftest import MINIMAL, ROOT

SECRET = "root:x:0:0:the secret line\n"


def _workshop(examples: list[str]) -> str:
    text = (ROOT / "workshops" / "kom-i-gang.yaml").read_text("utf-8")
    start = text.index("examples:")
    end = text.index("\n", text.index("tydal.yaml", start))
    listed = "".join(f"\n  - {e}" for e in examples)
    return text[:start] + "examples:" + listed + text[end:]


def _tree(tmp_path: Path, examples: list[str]) -> Path:
    """tmp/outside/secret.yaml, tmp/outside/melhus.yaml, tmp/work/w.yaml naming `examples`."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET, "utf-8")
    (outside / "melhus.yaml").write_bytes((ROOT / "projects" / "melhus.yaml").read_bytes())
    work = tmp_path / "work"
    work.mkdir()
    (work / "w.yaml").write_text(_workshop(examples), "utf-8")
    return work / "w.yaml"


def _problems(path: Path, allowed: tuple[Path, ...] = ()) -> str:
    with pytest.raises(InputError) as caught:
        load_workshop(path, allowed=allowed)
    return "\n".join(str(p) for p in caught.value.problems)


@pytest.mark.parametrize(
    ("example", "message"),
    [
        ("/etc/passwd", "er en absolutt sti"),  # the workshop is nb: its problems are too
        ("{tmp}/outside/secret.yaml", "er en absolutt sti"),
        ("../outside/secret.yaml", "ligger utenfor"),
        ("sub/../../outside/secret.yaml", "ligger utenfor"),
        ("link.yaml", "ligger utenfor"),  # a symbolic link out of the tree
        ("linked-folder/secret.yaml", "ligger utenfor"),  # a link to a folder out of it
    ],
)
def test_an_example_outside_the_workshops_tree_is_refused_unread(
    tmp_path: Path, example: str, message: str
) -> None:
    path = _tree(tmp_path, [example.format(tmp=tmp_path)])
    os.symlink(tmp_path / "outside" / "secret.yaml", path.parent / "link.yaml")
    os.symlink(tmp_path / "outside", path.parent / "linked-folder")
    text = _problems(path)
    assert message in text and "examples[0]" in text
    assert "secret line" not in text and "root:x" not in text  # never echoed back


def test_a_fifo_as_example_is_refused_without_hanging(tmp_path: Path) -> None:
    path = _tree(tmp_path, ["pipe.yaml"])
    os.mkfifo(path.parent / "pipe.yaml")
    # In a child process with a timeout: a regression would block on open() for ever.
    code = (
        "from pathlib import Path; from generator.loaded import load_workshop\n"
        f"load_workshop(Path({str(path)!r}))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, cwd=ROOT
    )
    assert run.returncode != 0 and "InputError" in run.stderr and "pipe.yaml" in run.stderr


def test_an_allowed_folder_and_the_git_repository_admit_their_files(tmp_path: Path) -> None:
    path = _tree(tmp_path, ["../outside/melhus.yaml"])
    assert "ligger utenfor" in _problems(path)
    loaded = load_workshop(path, allowed=(tmp_path / "outside",))
    assert [e.project.id for e in loaded.examples] == ["melhus"]
    (tmp_path / ".git").mkdir()  # the workshop and the project in one repository
    assert [e.project.id for e in load_workshop(path).examples] == ["melhus"]


def test_a_requests_accreditation_is_confined_the_same_way(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    plan = (ROOT / "projects" / "melhus-ka120.yaml").read_text("utf-8")
    (tmp_path / "plans" / "plan.yaml").write_text(plan, "utf-8")
    request = (ROOT / "projects" / "melhus-ka121-2026.yaml").read_text("utf-8")
    request = request.replace(
        "accreditation: melhus-ka120.yaml", "accreditation: ../plans/plan.yaml"
    )
    assert "../plans/plan.yaml" in request
    (tmp_path / "requests").mkdir()
    target = tmp_path / "requests" / "r.yaml"
    target.write_text(request, "utf-8")
    with pytest.raises(InputError) as caught:
        load_project(target)
    assert "accreditation: '../plans/plan.yaml' ligger utenfor" in str(caught.value.problems[0])
    loaded = load_project(target, allowed=(tmp_path / "plans",))
    assert loaded.accreditation is not None and loaded.accreditation.action == "KA120-SCH"


def test_the_bundled_workshop_finds_its_examples_in_the_repository() -> None:
    # workshops/ names ../projects/: inside the repository the tool ships in.
    assert (ROOT / ".git").exists()
    loaded = load_workshop(ROOT / "workshops" / "kom-i-gang.yaml")
    assert len(loaded.examples) == 4


def test_a_minimal_project_needs_no_reference_at_all(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(MINIMAL, "utf-8")
    assert load_project(tmp_path / "p.yaml").project.title == "Lesing i alle fag"


def _gen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_allow_dir_on_the_command_line_admits_a_folder(tmp_path: Path) -> None:
    path = _tree(tmp_path, ["../outside/melhus.yaml"])
    out = tmp_path / "out"
    refused = _gen("slides", path, "-o", out, "-f", "pptx")
    assert refused.returncode == 1 and "ligger utenfor" in refused.stderr
    assert "--allow-dir" in refused.stderr and not out.exists()
    built = _gen("slides", path, "-o", out, "-f", "pptx", "--allow-dir", tmp_path / "outside")
    assert built.returncode == 0, built.stderr
    assert (out / "kom-i-gang" / "slides.pptx").is_file()


def test_gen_batch_admits_the_folders_it_is_given_and_never_reads_outside(tmp_path: Path) -> None:
    # workshops/ and projects/ side by side, both given: the examples are found.
    for folder in ("projects", "workshops"):
        (tmp_path / folder).mkdir()
    (tmp_path / "projects" / "melhus.yaml").write_bytes(
        (ROOT / "projects/melhus.yaml").read_bytes()
    )
    (tmp_path / "workshops" / "w.yaml").write_text(_workshop(["../projects/melhus.yaml"]), "utf-8")
    out = tmp_path / "out"
    args = ("--application", "none", "--handout", "none", "--slides", "pptx", "-o", out)
    given_both = _gen("batch", tmp_path / "workshops", tmp_path / "projects", *args)
    assert given_both.returncode == 0, given_both.stdout + given_both.stderr
    # Only the workshops folder given: its example lies outside it, and it fails alone.
    (tmp_path / "workshops" / "w2.yaml").write_text(
        _workshop(["/etc/passwd"]).replace("id: kom-i-gang", "id: other"), "utf-8"
    )
    alone = _gen("batch", tmp_path / "workshops", *args, "-o", tmp_path / "out2")
    assert alone.returncode == 4
    assert "ligger utenfor" in alone.stdout + alone.stderr
    assert "er en absolutt sti" in alone.stdout + alone.stderr
    assert "root:x" not in alone.stdout + alone.stderr


def test_a_linked_slide_template_is_refused(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    os.symlink(ROOT / "templates" / "slides.pptx", templates / "slides.pptx")
    result = _gen(
        "slides", ROOT / "projects/melhus.yaml", "--templates", templates, "-o", tmp_path / "o"
    )
    assert result.returncode == 1 and "links outside" in result.stderr
    assert not (tmp_path / "o").exists()


def test_the_batch_hash_of_a_template_folder_never_follows_a_link_or_opens_a_pipe(
    tmp_path: Path,
) -> None:
    from generator.output.manifest import code_hash

    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    os.symlink("/dev/zero", folder / "zero")
    with _deadline_of(20):
        first = code_hash([folder])
    (folder / "zero").unlink()
    os.symlink("/dev/null", folder / "zero")
    assert code_hash([folder]) != first  # where a link points is part of the hash


def _deadline_of(seconds: int) -> Any:
    from tests.test_fuzz import _deadline

    return _deadline(seconds)
