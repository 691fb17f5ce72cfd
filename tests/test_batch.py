"""gen batch: many inputs, parallel, one bad file failing alone, incremental, sharded, reports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from generator.batch import UserFiles, find_inputs, plan
from generator.cli import cli
from tests.conftest import MINIMAL, write_tree

MD_ONLY = ["--application", "md", "--handout", "none", "--slides", "none"]
MD_HTML = ["--application", "md,html", "--handout", "none", "--slides", "none"]


def corpus(tmp_path: Path, n: int = 3, bad: bool = False) -> Path:
    files = {f"in/p{i}.yaml": MINIMAL.replace("Lesing i alle fag", f"Lesing {i}") for i in range(n)}
    if bad:
        files["in/bad.yaml"] = MINIMAL.replace("days: 5", "days: fem")
    return write_tree(tmp_path, files) / "in"


def gen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.output


def statuses(report: Path) -> dict[str, str]:
    return {Path(r["file"]).name: r["status"] for r in json.loads(report.read_text())["inputs"]}


def test_one_bad_file_fails_alone_with_exit_4_and_reports(tmp_path: Path) -> None:
    inputs, out = corpus(tmp_path, bad=True), tmp_path / "out"
    report, junit = tmp_path / "r.json", tmp_path / "j.xml"
    code, output = gen(
        str(inputs), "-o", str(out), "-j", "2", "--report", str(report), "--junit", str(junit)
    )
    assert code == 4, output
    assert statuses(report) == {
        "bad.yaml": "failed",
        "p0.yaml": "built",
        "p1.yaml": "built",
        "p2.yaml": "built",
    }
    for i in range(3):
        for doc, fmts in (
            ("application", "md docx pdf"),
            ("handout", "docx pdf"),
            ("slides", "pptx pdf"),
        ):
            for fmt in fmts.split():
                assert (out / f"p{i}" / f"{doc}.{fmt}").is_file()
    assert not (out / "bad").exists()
    assert (
        f"{inputs / 'bad.yaml'}:" in output
        and "activities[0].days: must be a whole number" in output
    )
    assert "3 built, 0 unchanged (skipped), 1 failed of 4 inputs" in output
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "4" and suite.get("failures") == "1"
    (failure,) = suite.iter("failure")
    assert "must be a whole number" in failure.get("message", "")


def test_unchanged_documents_are_skipped_and_a_touched_file_rebuilds_alone(tmp_path: Path) -> None:
    inputs, out, report = corpus(tmp_path), tmp_path / "out", tmp_path / "r.json"
    assert gen(str(inputs), "-o", str(out), *MD_ONLY)[0] == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.md")}
    code, output = gen(str(inputs), "-o", str(out), *MD_ONLY, "--report", str(report))
    assert code == 0 and set(statuses(report).values()) == {"unchanged"}
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.md")} == before
    with (inputs / "p1.yaml").open("a") as f:
        f.write("# a comment changes the file\n")
    gen(str(inputs), "-o", str(out), *MD_ONLY, "--report", str(report))
    assert statuses(report) == {"p0.yaml": "unchanged", "p1.yaml": "built", "p2.yaml": "unchanged"}
    # Other options, a deleted output, or --force rebuild.
    gen(str(inputs), "-o", str(out), *MD_HTML, "--report", str(report))
    assert set(statuses(report).values()) == {"built"}
    (out / "p2" / "application.md").unlink()
    gen(str(inputs), "-o", str(out), *MD_HTML, "--report", str(report))
    assert statuses(report) == {"p0.yaml": "unchanged", "p1.yaml": "unchanged", "p2.yaml": "built"}
    gen(str(inputs), "-o", str(out), *MD_ONLY, "--force", "--report", str(report))
    assert set(statuses(report).values()) == {"built"}


def test_a_changed_template_rebuilds_everything(tmp_path: Path) -> None:
    inputs, out, report = corpus(tmp_path), tmp_path / "out", tmp_path / "r.json"
    templates = (
        write_tree(
            tmp_path,
            {"t/application/KA101.md.j2": '{% extends "builtin/application/KA101.md.j2" %}'},
        )
        / "t"
    )
    gen(str(inputs), "-o", str(out), *MD_ONLY, "--templates", str(templates))
    (templates / "application" / "KA101.md.j2").write_text(
        '{% extends "builtin/application/KA101.md.j2" %}\n'
    )
    gen(
        str(inputs),
        "-o",
        str(out),
        *MD_ONLY,
        "--templates",
        str(templates),
        "--report",
        str(report),
    )
    assert set(statuses(report).values()) == {"built"}


def test_a_workshop_rebuilds_when_an_example_changes(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    text = (root / "workshops" / "kom-i-gang.yaml").read_text("utf-8")
    # The example lives below the workshop's folder: a reference may not lead outside it.
    text = text.replace("../projects/", "projects/").replace(
        "  - projects/frosta.yaml\n  - projects/hypatia-asen.yaml\n  - projects/tydal.yaml\n",
        "",
    )
    tree = write_tree(
        tmp_path,
        {
            "workshops/ws.yaml": text,
            "workshops/projects/melhus.yaml": (root / "projects" / "melhus.yaml").read_text(
                "utf-8"
            ),
        },
    )
    out, report = tmp_path / "out", tmp_path / "r.json"
    args = [
        str(tree / "workshops" / "ws.yaml"),
        "-o",
        str(out),
        "--handout",
        "md",
        "--slides",
        "none",
        "--report",
        str(report),
    ]
    assert gen(*args)[0] == 0 and statuses(report) == {"ws.yaml": "built"}
    assert gen(*args)[0] == 0 and statuses(report) == {"ws.yaml": "unchanged"}
    with (tree / "workshops" / "projects" / "melhus.yaml").open("a") as f:
        f.write("# changed\n")
    assert gen(*args)[0] == 0 and statuses(report) == {"ws.yaml": "built"}


def test_two_inputs_writing_one_folder_are_refused_before_anything_is_built(tmp_path: Path) -> None:
    tree = write_tree(
        tmp_path,
        {"a/x.yaml": MINIMAL, "b/x.yaml": MINIMAL, "c/y.yaml": "id: x\n" + MINIMAL},
    )
    out = tmp_path / "out"
    code, output = gen(str(tree / "a"), str(tree / "b"), str(tree / "c"), "-o", str(out))
    assert code == 1
    assert (
        f"{tree / 'b' / 'x.yaml'}:1:1: id: writes the output folder {out / 'x'}/, as {tree / 'a' / 'x.yaml'} does"
        in output
    )
    assert f"{tree / 'c' / 'y.yaml'}:1:1: id:" in output
    assert not out.exists()


def test_shards_together_build_everything_exactly_once(tmp_path: Path) -> None:
    inputs = find_inputs([corpus(tmp_path, n=20)])
    formats = {"application": ["md"], "handout": [], "slides": []}
    shares = [
        {
            job.path
            for job in plan(inputs, formats, tmp_path / "out", UserFiles(), (k, 3), False).jobs
        }
        for k in (1, 2, 3)
    ]
    assert set().union(*shares) == set(inputs)
    assert sum(len(s) for s in shares) == len(inputs)
    assert all(shares)  # 20 files over 3 shards: none is empty
    code, output = gen(str(inputs[0].parent), "--shard", "4/3")
    assert code == 2 and "1 <= K <= N" in output


def test_a_killed_batch_leaves_no_partial_file_and_the_next_run_finishes(tmp_path: Path) -> None:
    inputs, out, report = corpus(tmp_path, n=8), tmp_path / "out", tmp_path / "r.json"
    gen_bin = Path(sys.executable).parent / "gen"
    args = [
        str(gen_bin),
        "batch",
        str(inputs),
        "-o",
        str(out),
        "-j",
        "1",
        "-q",
        "--handout",
        "none",
        "--slides",
        "pptx",
    ]
    process = subprocess.Popen(args, start_new_session=True, stderr=subprocess.DEVNULL)
    journal = out / ".gen-manifest.journal"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        journal.is_file() and journal.read_text().count("\n") >= 2
    ):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    leftovers = [
        p for p in out.rglob("*") if p.is_file() and (".tmp" in p.name or p.name.startswith("."))
    ]
    assert {p.name for p in leftovers} <= {".gen-manifest.journal"}, leftovers
    for slides in out.glob("*/slides.pptx"):  # every written file is whole
        from pptx import Presentation

        Presentation(str(slides))
    code, _ = gen(
        str(inputs),
        "-o",
        str(out),
        "--handout",
        "none",
        "--slides",
        "pptx",
        "--report",
        str(report),
    )
    assert code == 0
    done = statuses(report)
    assert "unchanged" in done.values() and "built" in done.values()
    assert len(done) == 8
