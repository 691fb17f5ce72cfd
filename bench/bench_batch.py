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


def _tree_rss(root: int) -> int:
    """Memory (PSS, bytes) of `root` and all its descendants, from /proc."""
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
        total += _pss(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak tree memory (bytes) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", type=int, default=100)
    parser.add_argument("--sizes", default="100,400,1600")
    parser.add_argument("--memory", default="400,4000")
    args = parser.parse_args()
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}",
    }
    with tempfile.TemporaryDirectory(prefix="gen-bench-") as tmp:
        root = Path(tmp)
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
