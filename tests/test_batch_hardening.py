"""gen batch under attack and in a bad environment (issue 13): huge inputs, too many workers, an
input that never ends, no temp folder, a terminal that cannot show the text, a file name that is
not UTF-8, an unwritable report, a full or read-only disk, a kill, a bug in a worker, symlinks
at the batch's own files. Each: a clear message, the right exit code, the other inputs built,
nothing left behind, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import batch
from generator.cli import cli
from generator.output import manifest, reports
from generator.output.workers import MAX_WORKERS, worker_count
from tests.conftest import MINIMAL, ROOT, write_tree

MD = ["--application", "md", "--handout", "none", "--slides", "none"]
MD_PDF = ["--application", "md,pdf", "--handout", "none", "--slides", "none"]
DEAD_PID = 4_999_999  # above any pid_max: no such process
WRAPPER = """\
import sys
{patch}
from generator.cli import main
sys.argv = ["gen", *sys.argv[1:]]
main()
"""
# Test patches, run in the `gen` process before the command (workers are forked, so see them).
BUG = """\
import os
import generator.loaded as loaded
_load = loaded.load_input
def load_input(path, *args):
    if path.name == "bug.yaml":
        raise ZeroDivisionError("boom")
    if path.name == "dies.yaml":
        os.kill(os.getpid(), 9)
    return _load(path, *args)
loaded.load_input = load_input
"""
NO_TEMP = "import tempfile\ntempfile.tempdir = '/nonexistent/gen-tmp'\n"


def project(i: int | str) -> str:
    return MINIMAL.replace("Lesing i alle fag", f"Lesing {i}")


def corpus(tmp_path: Path, n: int = 3, **extra: str | bytes) -> Path:
    files: dict[str, str | bytes] = {f"in/p{i}.yaml": project(i) for i in range(n)}
    files.update({f"in/{name}": text for name, text in extra.items()})
    return write_tree(tmp_path, files) / "in"


def gen(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *map(str, args)])
    return result.exit_code, result.output


def run_gen(
    *args: str | Path, patch: str = "", env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`gen` in its own process (with `patch` run first), the environment changed by `env`."""
    return subprocess.run(
        [sys.executable, "-c", WRAPPER.format(patch=patch), *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="backslashreplace",
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=timeout,
    )


def statuses(report: Path) -> dict[str, str]:
    return {Path(r["file"]).name: r["status"] for r in json.loads(report.read_text())["inputs"]}


def leftovers(out: Path) -> list[Path]:
    """Temp files and folders of gen under `out` (none may stay)."""
    return [p for p in out.rglob("*") if p.name.endswith(".tmp") or p.name == ".gen-tmp"]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def wait_for_journal(out: Path, process: subprocess.Popen[bytes], lines: int = 1) -> None:
    journal, deadline = out / manifest.JOURNAL, time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if journal.is_file() and journal.read_text().count("\n") >= lines:
            return
        time.sleep(0.02)
    raise AssertionError("the batch finished no input in time")


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small file system of its own at `path` (root only; skipped elsewhere)."""
    path.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)]
    if not shutil.which("mount") or os.geteuid() != 0 or subprocess.run(mount).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


# 1. Size: checked before anything is read -------------------------------------------------------


def test_a_huge_input_or_example_fails_alone_and_is_never_read(tmp_path: Path) -> None:
    workshop = (ROOT / "workshops" / "kom-i-gang.yaml").read_text("utf-8")
    workshop = re.sub(r"examples:\n(  - .*\n)+", "examples:\n  - big/example.yaml\n", workshop)
    inputs = corpus(tmp_path, n=1, **{"ws.yaml": workshop})
    report, out = tmp_path / "r.json", tmp_path / "out"
    for big in (inputs / "huge.yaml", inputs / "big" / "example.yaml", out / manifest.MANIFEST):
        big.parent.mkdir(exist_ok=True)
        with big.open("wb") as f:
            f.truncate(400 * 2**20)  # 400 MB (sparse): reading it would take 400 MB or more
    measure = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:]);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    gen_bin = Path(sys.executable).parent / "gen"
    done = subprocess.run(
        [sys.executable, "-c", measure, gen_bin, "batch", inputs, "-o", out, *MD, "--handout", "md"]
        + ["--report", report],
        capture_output=True,
        text=True,
    )
    peak_mib = int(done.stdout.split()[-1]) / 1024  # KiB on Linux
    assert peak_mib < 250, f"{peak_mib:.0f} MiB"  # 840 MiB before the size check
    assert statuses(report) == {
        "huge.yaml": "failed",
        "example.yaml": "failed",
        "ws.yaml": "failed",
        "p0.yaml": "built",
    }
    assert "huge.yaml:1:1: -: file is larger than 1 MiB" in done.stderr
    assert "Traceback" not in done.stderr and (out / "p0" / "application.md").is_file()
    assert (out / manifest.MANIFEST).stat().st_size < 2**20  # the oversized one counted as empty


# 2. Workers: capped ---------------------------------------------------------------------------


def test_workers_are_capped_by_the_inputs_the_cores_and_64(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cores = os.cpu_count() or 1
    assert worker_count(40, 2) == 2 and worker_count(None, 1000) == min(cores, MAX_WORKERS)
    assert worker_count(40000, 40000) == min(4 * cores, 64) and worker_count(3, 0) == 1
    asked: list[int] = []
    real = batch.run_tasks

    def spy(func: Any, tasks: Any, workers: int, *rest: Any) -> None:
        asked.append(workers)
        real(func, tasks, workers, *rest)

    monkeypatch.setattr(batch, "run_tasks", spy)
    inputs, out = corpus(tmp_path, n=2), tmp_path / "out"
    assert gen(inputs, "-o", out, *MD, "-j", "40")[0] == 0
    config = write_tree(tmp_path, {"batch.yaml": "jobs: 40000\ntimeout: 60\n"}) / "batch.yaml"
    assert gen(inputs, "-o", out, *MD, "--config", config, "--force")[0] == 0
    assert asked == [2, 2]
    assert "64" in CliRunner().invoke(cli, ["batch", "--help"]).output


# 3. Time limit --------------------------------------------------------------------------------


def test_an_input_over_the_time_limit_fails_alone_and_its_processes_are_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "sleep.pid"
    real = batch.build_job

    def build_job(job: batch.Job, **kwargs: Any) -> Any:
        if job.path.name == "slow.yaml":  # a converter that never ends, while writing
            write_tree(kwargs["out_dir"], {"slow/.application.md.0a1b2c3d.tmp": "half"})
            child = subprocess.Popen(["sleep", "60"])
            pid_file.write_text(str(child.pid))
            child.wait()
        return real(job, **kwargs)

    monkeypatch.setattr(batch, "build_job", build_job)
    inputs = corpus(tmp_path, n=3, **{"slow.yaml": "id: slow\n" + MINIMAL})
    out, junit = tmp_path / "out", tmp_path / "j.xml"
    start = time.monotonic()
    code, output = gen(inputs, "-o", out, *MD, "-j", "2", "--timeout", "3", "--junit", junit)
    assert code == 4, output
    assert time.monotonic() - start < 20
    assert "3 built, 0 unchanged (skipped), 1 failed of 4 inputs" in output
    (failure,) = ET.parse(junit).getroot().iter("failure")
    assert "slow.yaml: took longer than 3 s (--timeout); stopped" in failure.get("message", "")
    assert all((out / f"p{i}" / "application.md").is_file() for i in range(3))
    assert not alive(int(pid_file.read_text()))  # the worker's own child died with it
    assert not leftovers(out)


# 4. The environment ---------------------------------------------------------------------------


def test_without_a_writable_temp_folder_a_batch_builds_and_a_bug_says_where_its_log_is_not(
    tmp_path: Path,
) -> None:
    inputs = corpus(
        tmp_path, n=1, **{"bug.yaml": MINIMAL.replace("format: 1", "id: bug\nformat: 1")}
    )
    out = tmp_path / "out"
    env = {"TMPDIR": "/nonexistent"}
    done = run_gen("batch", inputs, "-o", out, *MD_PDF, patch=NO_TEMP + BUG, env=env)
    assert done.returncode == 70, done.stderr
    assert (out / "p0" / "application.pdf").is_file()  # Typst's temp folder is in out/.gen-tmp
    assert (
        "internal error (ZeroDivisionError: boom). This is a bug in gen; its traceback could not be saved"
        in done.stderr
    )
    assert "Traceback" not in done.stderr and not leftovers(out)


def test_without_a_writable_temp_folder_single_commands_fail_clearly(tmp_path: Path) -> None:
    file = write_tree(tmp_path, {"p.yaml": MINIMAL}) / "p.yaml"
    env = {"TMPDIR": "/nonexistent"}
    done = run_gen("application", file, "-f", "pdf", "-o", tmp_path / "o", patch=NO_TEMP, env=env)
    assert done.returncode == 3 and "cannot create a temporary folder for Typst" in done.stderr
    crash = NO_TEMP + "import generator.loaded as l\nl.derive = lambda *a: 1 / 0\n"
    done = run_gen("application", file, "-f", "md", "-o", tmp_path / "o", patch=crash, env=env)
    assert done.returncode == 70
    assert done.stderr.startswith("Error: internal error (ZeroDivisionError: division by zero)")
    assert "could not be saved" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "cp1252"}, {"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}],
)
def test_a_terminal_that_cannot_show_the_text_gets_escapes_never_a_crash(
    tmp_path: Path, env: dict[str, str]
) -> None:
    done = run_gen("budget", ROOT / "projects" / "melhus.yaml", env=env)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    bad = "id: bad\ntitle: «Å→ærlig…»\n" + MINIMAL.replace("days: 5", "days: fem")
    inputs = corpus(tmp_path, n=1, **{"bad-ø→\u2028.yaml": bad})
    out = tmp_path / "ø→"
    done = run_gen("batch", inputs, "-o", out, *MD, env=env)
    assert done.returncode == 4 and "Traceback" not in done.stderr, done.stderr
    assert "failed: " in done.stderr and "\\u2028" in done.stderr  # the separator escaped
    assert (out / "p0" / "application.md").is_file()
    done = run_gen("application", inputs / "p0.yaml", "-f", "md", "-o", out, env=env)
    assert done.returncode == 0 and "wrote " in done.stdout


def test_a_file_name_that_is_not_utf8_fails_alone_in_one_shard(tmp_path: Path) -> None:
    inputs = corpus(tmp_path, n=2)
    (Path(os.fsdecode(bytes(inputs) + b"/x\xff.yaml"))).write_text(MINIMAL)
    (inputs / "\x1b[31mred\n.yaml").write_text(MINIMAL.replace("days: 5", "days: fem"))
    out, report = tmp_path / "out", tmp_path / "r.json"
    done = run_gen("batch", inputs, "-o", out, *MD, "--report", report)
    assert done.returncode == 4 and "Traceback" not in done.stderr, done.stderr
    assert "x\\xff.yaml:1:1: -: the file name is not valid UTF-8" in done.stderr
    assert "\x1b" not in done.stderr and "\\x1b[31mred\\n.yaml" in done.stderr
    assert statuses(report) == {
        "p0.yaml": "built",
        "p1.yaml": "built",
        "x\\xff.yaml": "failed",
        "\x1b[31mred\n.yaml": "failed",
    }
    reported = []
    for k in (1, 2):
        gen(inputs, "-o", out, *MD, "--shard", f"{k}/2", "--report", report)
        reported += [name for name, status in statuses(report).items() if name == "x\\xff.yaml"]
    assert reported == ["x\\xff.yaml"]  # in exactly one shard


def test_an_unwritable_report_is_refused_before_building_or_reported_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, out = corpus(tmp_path, n=2), tmp_path / "out"
    not_a_folder = write_tree(tmp_path, {"file": "x"}) / "file"
    code, output = gen(inputs, "-o", out, *MD, "--junit", not_a_folder / "j.xml")
    assert code == 1 and f"Error: cannot write the report {not_a_folder / 'j.xml'}" in output
    assert not out.exists()

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(reports, "_atomic", full)
    code, output = gen(inputs, "-o", out, *MD, "--report", tmp_path / "r.json")
    assert code == 4
    assert (
        f"Error: cannot write the report {tmp_path / 'r.json'} (No space left on device)" in output
    )
    assert "2 built, 0 unchanged (skipped), 0 failed of 2 inputs" in output
    assert (out / "p1" / "application.md").is_file() and not leftovers(tmp_path)


# 5. Faults lose nothing -----------------------------------------------------------------------


def test_a_full_disk_fails_what_did_not_fit_and_keeps_the_rest(tmp_path: Path) -> None:
    inputs, report = corpus(tmp_path, n=6), tmp_path / "r.json"
    with tmpfs(tmp_path / "disk", "64k") as out:
        done = run_gen(
            "batch", inputs, "-o", out, "--application", "md,docx", "--handout", "none",
            "--slides", "none", "-j", "2", "--report", report,
        )  # fmt: skip
        assert done.returncode == 4 and "Traceback" not in done.stderr, done.stderr
        assert "No space left on device" in done.stderr
        assert re.search(r"\d built, 0 unchanged \(skipped\), \d failed of 6 inputs", done.stderr)
        results = json.loads(report.read_text())["inputs"]
        built = [r for r in results if r["status"] == "built"]
        assert built and len(built) < 6
        assert all((out / f).is_file() for r in built for f in r["outputs"])
        assert not leftovers(out)


def test_a_disk_that_fills_up_mid_batch_keeps_what_was_finished(tmp_path: Path) -> None:
    inputs, report = corpus(tmp_path, n=6), tmp_path / "r.json"
    with tmpfs(tmp_path / "disk", "20m") as out:
        args = ["batch", inputs, "-o", out, *MD_PDF, "-j", "1", "--report", report]
        process = subprocess.Popen(
            [sys.executable, "-c", WRAPPER.format(patch=""), *map(str, args)],
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        wait_for_journal(out, process)
        filler = out / "filler"
        with filler.open("wb") as f, pytest.raises(OSError):
            while True:  # until the disk is full
                f.write(b"\0" * 2**20)
                f.flush()
        _, err = process.communicate(timeout=120)
        stderr = err.decode()
        assert process.returncode == 4 and "Traceback" not in stderr, stderr
        assert "No space left on device" in stderr and "failed of 6 inputs" in stderr
        built = [r for r in json.loads(report.read_text())["inputs"] if r["status"] == "built"]
        assert built and all((out / f).is_file() for r in built for f in r["outputs"])
        filler.unlink()
        done = run_gen("batch", inputs, "-o", out, *MD_PDF, "--report", report)
        assert done.returncode == 0 and set(statuses(report).values()) <= {"built", "unchanged"}
        assert not leftovers(out)


def test_a_manifest_that_cannot_be_saved_is_a_warning_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open, real_replace = manifest._open, os.replace

    def journal_on_a_full_disk(path: Path, flags: int) -> int:
        return (
            os.open("/dev/full", os.O_WRONLY)
            if path.name == manifest.JOURNAL
            else real_open(path, flags)
        )

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if str(dst).endswith(manifest.MANIFEST):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(manifest, "_open", journal_on_a_full_disk)
    monkeypatch.setattr(os, "replace", replace)
    inputs, out = corpus(tmp_path, n=2), tmp_path / "out"
    code, output = gen(inputs, "-o", out, *MD)
    assert code == 0, output
    assert (
        f"warning: the manifest {out / manifest.MANIFEST} could not be saved (No space left on device)"
        in output
    )
    assert "2 built, 0 unchanged (skipped), 0 failed of 2 inputs" in output
    assert (out / "p0" / "application.md").is_file() and not leftovers(out)
    assert not (out / manifest.MANIFEST).exists()


# 6. A kill leaves nothing the next run does not clean up ----------------------------------------


def test_the_next_run_cleans_up_what_a_killed_batch_left(tmp_path: Path) -> None:
    inputs, out, temp = corpus(tmp_path, n=6), tmp_path / "out", tmp_path / "tmp"
    temp.mkdir()
    args = ["batch", inputs, "-o", out, *MD_PDF, "-j", "2", "-q"]
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER.format(patch=""), *map(str, args)],
        start_new_session=True,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(temp)},
        cwd=ROOT,
    )
    wait_for_journal(out, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # What a kill in the middle of a write leaves (the kill above may have left some too).
    stale = [
        out / "p0" / ".application.md.1a2b3c4d.tmp",
        out / ".gen-manifest.json.12345.tmp",
        out / ".gen-tmp" / f"gen-typst-{DEAD_PID}-x" / "main.typ",
        temp / f"gen-typst-{DEAD_PID}-abc" / "x",
    ]
    kept = [out / "p0" / ".notes.tmp", temp / f"gen-typst-{os.getpid()}-live" / "x"]
    write_tree(tmp_path, {str(p.relative_to(tmp_path)): "x" for p in stale + kept})
    report = tmp_path / "r.json"
    done = run_gen(
        "batch", inputs, "-o", out, *MD_PDF, "--report", report, env={"TMPDIR": str(temp)}
    )
    assert done.returncode == 0, done.stderr
    assert set(statuses(report).values()) <= {"built", "unchanged"} and len(statuses(report)) == 6
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)
    assert leftovers(out) == [out / "p0" / ".notes.tmp"]
    assert [p.name for p in temp.iterdir()] == [f"gen-typst-{os.getpid()}-live"]
    from pypdf import PdfReader

    for pdf in out.glob("*/application.pdf"):
        assert PdfReader(pdf).pages  # every file is whole


def test_a_killed_batch_takes_its_workers_with_it(tmp_path: Path) -> None:
    inputs, out = corpus(tmp_path, n=8), tmp_path / "out"
    args = ["batch", inputs, "-o", out, *MD_PDF, "-j", "2", "-q"]
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER.format(patch=""), *map(str, args)],
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    wait_for_journal(out, process)
    workers = children(process.pid)
    assert workers
    process.kill()  # the parent only, as the OOM killer would
    process.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)


def test_young_temp_files_stay_unless_a_batch_was_killed(tmp_path: Path) -> None:
    inputs, out = corpus(tmp_path, n=1), tmp_path / "out"
    young, old = out / "p0" / ".application.md.aaaa1111.tmp", out / "x" / ".a.md.bbbb2222.tmp"
    write_tree(
        tmp_path, {"out/p0/.application.md.aaaa1111.tmp": "", "out/x/.a.md.bbbb2222.tmp": ""}
    )
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert gen(inputs, "-o", out, *MD)[0] == 0
    assert young.exists() and not old.exists()  # a single command may be writing the young one
    (out / manifest.JOURNAL).write_text("")  # a batch was killed here
    assert gen(inputs, "-o", out, *MD)[0] == 0
    assert not young.exists()


def test_a_second_batch_on_the_same_output_is_refused(tmp_path: Path) -> None:
    inputs, out = corpus(tmp_path, n=1), tmp_path / "out"
    with manifest.claim(out):
        code, output = gen(inputs, "-o", out, *MD)
        assert code == 1 and f"another gen batch is writing into {out}" in output
        assert (out / ".gen-tmp" / "lock").exists()  # the first one's, untouched
    assert gen(inputs, "-o", out, *MD)[0] == 0 and not leftovers(out)


# 7. A bug is an error, never hidden among the inputs' failures -----------------------------------


def test_a_bug_in_a_worker_is_an_error_with_its_log_and_exit_70(tmp_path: Path) -> None:
    bad = MINIMAL.replace("days: 5", "days: fem")
    inputs = corpus(
        tmp_path,
        n=2,
        **{
            "bug.yaml": "id: bug\n" + MINIMAL,
            "dies.yaml": "id: dies\n" + MINIMAL,
            "bad.yaml": "id: bad\n" + bad,
        },
    )
    out, junit, temp = tmp_path / "out", tmp_path / "j.xml", tmp_path / "tmp"
    temp.mkdir()
    done = run_gen(
        "batch", inputs, "-o", out, *MD, "-j", "2", "--junit", junit, patch=BUG,
        env={"TMPDIR": str(temp)},
    )  # fmt: skip
    assert done.returncode == 70, done.stderr
    assert "Traceback" not in done.stderr
    assert "2 built, 0 unchanged (skipped), 1 failed, 2 internal errors of 5 inputs" in done.stderr
    assert f"error (a bug in gen): {inputs / 'bug.yaml'}" in done.stderr
    root = ET.parse(junit).getroot()
    assert root.get("errors") == "2" and root.get("failures") == "1"
    errors = {case.get("name"): case.find("error") for case in root.iter("testcase")}
    bug = errors[str(inputs / "bug.yaml")]
    assert bug is not None
    message = bug.get("message", "")
    assert message.startswith("internal error (ZeroDivisionError: boom). This is a bug in gen")
    log = Path(message.rsplit("the traceback is in ", 1)[1])
    assert log.parent == temp and "ZeroDivisionError: boom" in log.read_text()
    dies = errors[str(inputs / "dies.yaml")]
    assert dies is not None and "ended unexpectedly (killed by signal 9" in dies.get("message", "")
    assert all((out / f"p{i}" / "application.md").is_file() for i in range(2))


# 8. The batch's own files never follow a symlink -------------------------------------------------


@pytest.mark.parametrize("link", [manifest.JOURNAL, manifest.MANIFEST, ".gen-tmp"])
def test_the_journal_manifest_and_temp_folder_never_follow_a_symlink(
    tmp_path: Path, link: str
) -> None:
    inputs, out = corpus(tmp_path, n=1), tmp_path / "out"
    victim = write_tree(tmp_path, {"victim/keep.txt": "precious"}) / "victim"
    target = victim if link == ".gen-tmp" else victim / "keep.txt"
    out.mkdir()
    (out / link).symlink_to(target)
    if link == manifest.JOURNAL:  # a killed run's journal: the next run reads it
        assert gen(inputs, "-o", out, *MD)[0] == 0  # ... and does not append to what it points at
    assert gen(inputs, "-o", out, *MD, "--force")[0] == 0
    assert (victim / "keep.txt").read_text() == "precious"
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]
    assert not (out / link).is_symlink()
    saved = json.loads((out / manifest.MANIFEST).read_text())
    assert "p0/application" in saved["documents"] and not leftovers(out)
