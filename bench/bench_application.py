"""Time `gen application` against a bare pandoc conversion of the same Markdown, in one run.

    make bench            (or: .venv/bin/python bench/bench_application.py [--runs N] [--stages])

Measures wall-clock medians over N runs (after one warm-up) of:
  gen      gen application projects/melhus.yaml -f md,docx,pdf   (the whole job: validate,
           render, three formats, atomic write)
  pandoc   pandoc <that application.md> -o application.docx      (the baseline: one conversion)
  help     gen --help                                            (CLI start-up)
and prints the ratio gen / pandoc. Goals (issue 16): help < 0.2 s; gen <= 2 x pandoc.
With --stages it also splits one `gen application` run into its stages (Python start and exit,
the base imports, pydantic's import, our model classes, pydantic's schema build, the rest), each
imported or run in turn in one process, and says what the run would take without pydantic's
import and schema build: the figure behind the decision whether to validate without pydantic.
Wall-clock and CPU time (user + system, the command and its children) are both reported:
on a shared or virtual machine CPU time varies much less. Results also go to
bench/results/application.json (not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = Path(sys.executable).parent / "gen"


def timed(cmd: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Run `cmd` once to warm up, then `runs` times; return (wall seconds, CPU seconds) of each.

    CPU is user + system time of the command and every process it started: on a shared or
    virtual machine it varies far less than wall-clock time.
    """
    subprocess.run(cmd, check=True, capture_output=True)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


# One run of `gen application`, each stage done on its own in turn and timed (printed as JSON).
STAGES = """
import json, sys, time
t = [time.perf_counter()]
import click, yaml, jinja2
import generator.errors, generator.messages, generator.inputs.load
t.append(time.perf_counter())
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, ValidationError
from pydantic import StringConstraints, model_validator
t.append(time.perf_counter())
import generator.inputs.project, generator.inputs.theme, generator.inputs.workshop
t.append(time.perf_counter())
generator.inputs.project.Project.model_rebuild(force=True)
t.append(time.perf_counter())
from generator.cli import main
sys.argv = ["gen", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
t.append(time.perf_counter())
names = ["base imports", "pydantic import", "model classes", "schema build", "the rest"]
print(json.dumps(dict(zip(names, (b - a for a, b in zip(t, t[1:]))))))
"""


def stages(gen_args: list[str], runs: int) -> dict[str, float]:
    """Median seconds of each stage of STAGES over `runs` runs (after a warm-up), with Python's
    start-up as the process's wall time less the time measured inside it."""
    cmd = [sys.executable, "-c", STAGES, *gen_args]
    subprocess.run(cmd, check=True, capture_output=True)
    rows = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
        row = json.loads(done.stdout.strip().splitlines()[-1])
        rows.append({"Python start and exit": wall - sum(row.values()), **row, "whole run": wall})
    return {name: statistics.median(row[name] for row in rows) for name in rows[0]}


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--stages", action="store_true", help="also time the stages of one gen application run"
    )
    args = parser.parse_args()
    from generator.output.pandoc import pandoc_path

    with tempfile.TemporaryDirectory(prefix="gen-bench-") as tmp:
        out = Path(tmp)
        gen = [
            str(GEN),
            "application",
            str(ROOT / "projects" / "melhus.yaml"),
            "-f",
            "md,docx,pdf",
            "-o",
            str(out),
            "-q",
        ]
        subprocess.run(gen, check=True)
        markdown = out / "melhus" / "application.md"
        pandoc = [pandoc_path(), str(markdown), "-o", str(out / "bare.docx")]
        results = {
            "gen": timed(gen, args.runs),
            "pandoc": timed(pandoc, args.runs),
            "help": timed([str(GEN), "--help"], args.runs),
        }
        split = stages(gen[1:], args.runs) if args.stages else {}
    wall = {name: statistics.median(r[0]) for name, r in results.items()}
    cpu = {name: statistics.median(r[1]) for name, r in results.items()}
    print(f"machine: {machine()}; {args.runs} runs each after one warm-up; medians")
    print(f"  {'':42s} {'wall':>9s} {'CPU':>9s}")
    for name, label in (
        ("gen", "gen application melhus -f md,docx,pdf"),
        ("pandoc", "bare pandoc md -> docx"),
        ("help", "gen --help"),
    ):
        print(f"  {label:42s} {wall[name] * 1000:6.0f} ms {cpu[name] * 1000:6.0f} ms")
    ratio, cpu_ratio = wall["gen"] / wall["pandoc"], cpu["gen"] / cpu["pandoc"]
    print(f"  ratio gen / pandoc: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU   (goal <= 2x)")
    print(f"  gen --help: {wall['help']:.3f} s   (goal < 0.2 s)")
    if split:
        print("stages of one gen application run, each done in turn (medians):")
        for name, seconds in split.items():
            print(f"  {name:42s} {seconds * 1000:6.0f} ms")
        without = split["whole run"] - split["pydantic import"] - split["schema build"]
        print(
            f"  without pydantic's import and schema build: {without * 1000:.0f} ms"
            f" = {without / wall['pandoc']:.2f}x pandoc (an estimate; the classes stay)"
        )
    report = ROOT / "bench" / "results" / "application.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text(
        json.dumps(
            {
                "machine": machine(),
                "runs": args.runs,
                "wall": wall,
                "cpu": cpu,
                "ratio_wall": ratio,
                "ratio_cpu": cpu_ratio,
                "stages": split,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
