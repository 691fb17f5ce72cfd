"""Measure `gen batch` on a synthetic corpus (bench/corpus.py), in one run on one machine.

    .venv/bin/python bench/bench_batch.py [--compare 100] [--sizes 100,400,1600] [--memory 400,4000]

1. compare: `gen batch` over N projects (+ a workshop) against a shell loop running
   `gen application`, `gen handout` and `gen slides` per file: the same documents and formats
   (the defaults: application md,docx,pdf; handout docx,pdf; slides pptx,pdf). Goal: >= 3x faster.
2. incremental: a second `gen batch` with nothing changed (goal: < 3 % of the first run), then one
   file touched (only its outputs rebuild).
3. memory: peak memory of the whole process tree (gen, its workers, pandoc), sampled from /proc
   every 50 ms as the sum of each process's PSS (shared pages counted once), at each --memory
   size. Goal: < 300 MB and flat.
4. scaling: time at each --sizes size. Goal: linear.
5. floor (issue 16): `gen batch` over --floor N projects with every default document against N
   bare pandoc Markdown→DOCX conversions run back to back (of the application.md files it wrote),
   with the peak memory of the tree as PSS and as RSS (RSS counts pages shared between processes
   once per process). Goal: <= 1.5x and < 300 MB. --full-sizes repeats the batch (every default
   document) at more sizes for linearity, e.g. --full-sizes 40,400,3000 (3000 takes ~15 minutes).
Runs 3 and 4 build the application as Markdown only (`--handout none --slides none
--application md`), so the large sizes finish in minutes; the per-input work is then smaller and
the fixed costs weigh more, which is the harder case for linearity and for memory.
Results go to bench/results/batch.json (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LIGHT = ["--application", "md", "--handout", "none", "--slides", "none"]


def corpus(n: int, folder: Path) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "corpus.py"), str(n), str(folder)],
        check=True,
        capture_output=True,
    )
    return folder


def _pss(pid: int) -> int:
    """Proportional set size (bytes): resident memory with pages shared between processes (the
    forked workers share the parent's) counted once across them, not once per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _rss(pid: int) -> int:
    """Resident set size (bytes) of one process."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(root: int, measure: Callable[[int], int] | None = None) -> int:
    """Memory (PSS, bytes; or `measure`) of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += (measure or _pss)(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


PEAK_RSS = [0]  # the last run's peak tree RSS (bytes)


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak tree memory (PSS, bytes) of one command (its peak RSS: PEAK_RSS)."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    PEAK_RSS[0] = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            PEAK_RSS[0] = max(PEAK_RSS[0], _tree_rss(process.pid, _rss))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    stop.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({process.returncode}): {err.decode()[-2000:]}")
    return time.perf_counter() - start, peak


def batch(folder: Path, out: str, extra: list[str] = ()) -> tuple[float, int]:  # type: ignore[assignment]
    return run(
        [str(BIN / "gen"), "batch", "projects", "workshops", "-o", out, "-q", *extra], folder
    )


def loop(folder: Path, out: str) -> float:
    script = (
        f'for f in projects/*.yaml; do for c in application handout slides; do "{BIN}/gen" $c -q "$f" -o {out} || exit 1; done; done; '
        f'for c in handout slides; do "{BIN}/gen" $c -q workshops/ws.yaml -o {out} || exit 1; done'
    )
    seconds, _ = run(["bash", "-c", script], folder)
    return seconds


def full_batch(n: int, root: Path) -> dict[str, float]:
    """`gen batch` of n projects with every default document: seconds, peak PSS and RSS (MB)."""
    folder = corpus(n, root / f"full{n}")
    seconds, peak = run([str(BIN / "gen"), "batch", "projects", "-o", "out", "-q"], folder)
    return {
        "projects": n,
        "s": round(seconds, 2),
        "ms_per_project": round(1000 * seconds / n, 1),
        "peak_pss_mb": round(peak / 2**20, 1),
        "peak_rss_mb": round(PEAK_RSS[0] / 2**20, 1),
    }


def floor(n: int, root: Path) -> dict[str, float]:
    """gen batch (every default document) against n bare pandoc md→docx runs back to back."""
    from generator.output.pandoc import pandoc_path

    result = full_batch(n, root)
    folder = root / f"full{n}"
    sources = sorted((folder / "out").glob("*/application.md"))
    assert len(sources) == n, len(sources)
    start = time.perf_counter()
    for md in sources:
        subprocess.run(
            [pandoc_path(), str(md), "-o", str(md.with_suffix(".bare.docx"))],
            check=True,
            capture_output=True,
        )
    bare = time.perf_counter() - start
    shutil.rmtree(folder)
    return {**result, "bare_pandoc_s": round(bare, 2), "ratio": round(result["s"] / bare, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", type=int, default=100)
    parser.add_argument("--sizes", default="100,400,1600")
    parser.add_argument("--memory", default="400,4000")
    parser.add_argument("--floor", type=int, default=40)
    parser.add_argument("--full-sizes", default="")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}",
    }
    with tempfile.TemporaryDirectory(prefix="gen-bench-") as tmp:
        root = Path(tmp)
        if args.floor:
            results["floor"] = floor(args.floor, root)
            print("floor", json.dumps(results["floor"]), flush=True)
        full = [int(x) for x in args.full_sizes.split(",") if x]
        for n in full:
            results.setdefault("full", {})[n] = full_batch(n, root)  # type: ignore[index]
            print("full", json.dumps(results["full"][n]), flush=True)  # type: ignore[index]
            shutil.rmtree(root / f"full{n}")
        if args.compare:
            n = args.compare
            folder = corpus(n, root / f"compare{n}")
            first, peak = batch(folder, "out-batch")
            shell = loop(folder, "out-loop")
            again, _ = batch(folder, "out-batch")
            (folder / "projects" / "p00007.yaml").write_text(
                (folder / "projects" / "p00007.yaml").read_text("utf-8") + "# touched\n", "utf-8"
            )
            report = folder / "touched.json"
            touched, _ = batch(folder, "out-batch", ["--report", str(report)])
            rebuilt = [
                r["file"]
                for r in json.loads(report.read_text("utf-8"))["inputs"]
                if r["status"] == "built"
            ]
            results["compare"] = {
                "inputs": n + 1,
                "batch_s": round(first, 2),
                "shell_loop_s": round(shell, 2),
                "speedup": round(shell / first, 2),
                "unchanged_rerun_s": round(again, 3),
                "unchanged_rerun_pct": round(100 * again / first, 2),
                "after_touching_one_s": round(touched, 2),
                "rebuilt_after_touching_one": rebuilt,
                "peak_mb": round(peak / 2**20, 1),
            }
            print(json.dumps(results["compare"], indent=1), flush=True)
            shutil.rmtree(folder)
        timings = {}
        for n in sorted({int(x) for x in (args.sizes + "," + args.memory).split(",") if x}):
            folder = corpus(n, root / f"n{n}")
            seconds, peak = batch(folder, "out", LIGHT)
            timings[n] = {
                "s": round(seconds, 2),
                "ms_per_input": round(1000 * seconds / (n + 1), 1),
                "peak_mb": round(peak / 2**20, 1),
            }
            print(n, timings[n], flush=True)
            shutil.rmtree(folder)
        results["light"] = timings
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "batch.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
