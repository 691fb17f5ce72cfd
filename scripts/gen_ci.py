"""The steps of the consumer CI workflow (docs/ci/github-actions.yml), one subcommand each.

A repository that holds only project files copies this file to scripts/gen_ci.py and the workflow
to .github/workflows/, both from the gen release it pins. Python's standard library only: the
merge job runs it without gen installed.

    python scripts/gen_ci.py install          # pip install gen at tag v$GEN_VERSION of $GEN_REPOSITORY
    python scripts/gen_ci.py version          # gen --version is "gen $GEN_VERSION", else exit 1
    python scripts/gen_ci.py check            # gen check --strict on the input folders
    python scripts/gen_ci.py shard K N [-o OUTPUT] [-- GEN BATCH OPTIONS]
                                              # gen batch --shard K/N, then stage this shard's files
    python scripts/gen_ci.py merge DIR...     # one folder of documents and reports from all shards

Settings (environment): GEN_VERSION (e.g. 1.0.0), GEN_REPOSITORY (the URL of gen's repository),
GEN_INPUTS (the input folders, default "projects workshops"), GEN_REF (optional: a commit to
install instead of the tag vGEN_VERSION; gen must still say it is GEN_VERSION). Files go under gen-ci/: each shard
stages gen-ci/shard-K/{documents,reports,shard.json}; merge writes gen-ci/merged/documents/ and
gen-ci/merged/reports/{batch.json,junit.xml}.

Exit codes: those of gen (0 ok, 4 some inputs failed, 5 gen check found problems, …); merge: 0 all
inputs built, 4 some failed, 70 an input hit a bug in gen, 1 the shards do not add up (an input
missing or built twice, a shard missing, a file written by two shards).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

WORK = Path("gen-ci")
PLACEHOLDER = "<your-gen-repository>"


def inputs() -> list[Path]:
    """The input folders that exist, from GEN_INPUTS."""
    names = os.environ.get("GEN_INPUTS", "projects workshops").split()
    return [Path(n) for n in names if Path(n).is_dir()]


def find_inputs(folders: list[Path]) -> list[str]:
    """The input files in the folders, found as gen batch finds them (*.yaml and *.yml, at any
    depth), as the paths gen reports."""
    found: list[str] = []
    for folder in folders:
        found += [
            p.as_posix()
            for p in sorted(folder.rglob("*"))
            if p.suffix in (".yaml", ".yml") and p.is_file()
        ]
    return list(dict.fromkeys(found))


def say(message: str) -> None:
    print(f"gen-ci: {message}", file=sys.stderr, flush=True)


def run(*args: str) -> int:
    say("$ " + " ".join(args))
    return subprocess.run(args).returncode


# --- install, version, check ------------------------------------------------------------------


def version() -> int:
    """gen on PATH must be the pinned release."""
    wanted = os.environ.get("GEN_VERSION", "")
    try:
        got = subprocess.run(["gen", "--version"], capture_output=True, text=True).stdout.strip()
    except FileNotFoundError:
        got = "(gen not found)"
    if got != f"gen {wanted}":
        say(f"expected gen {wanted or '? (set GEN_VERSION)'}, found {got or 'no version'}")
        return 1
    say(got)
    return 0


def install() -> int:
    """pip install gen from the pinned tag (or the commit in GEN_REF), then check its version."""
    repository, wanted = os.environ.get("GEN_REPOSITORY", ""), os.environ.get("GEN_VERSION", "")
    if not repository or PLACEHOLDER in repository or not wanted:
        say(f"set GEN_REPOSITORY (replace {PLACEHOLDER}) and GEN_VERSION in the workflow's env")
        return 1
    ref = os.environ.get("GEN_REF") or f"v{wanted}"
    code = run(sys.executable, "-m", "pip", "install", f"git+{repository}@{ref}")
    return code or version()


def check() -> int:
    """gen check --strict on every project file in the input folders (workshops left out)."""
    return run("gen", "check", "--strict", *(str(p) for p in inputs()))


# --- shard ------------------------------------------------------------------------------------


def shard(k: int, n: int, output: Path, extra: list[str]) -> int:
    """gen batch --shard K/N into OUTPUT (kept between runs, with its manifest), then copy the
    files of this shard's inputs, and its reports, to gen-ci/shard-K/."""
    stage = WORK / f"shard-{k}"
    shutil.rmtree(stage, ignore_errors=True)
    reports = stage / "reports"
    reports.mkdir(parents=True)
    report, junit = reports / f"batch-{k}.json", reports / f"junit-{k}.xml"
    args = ["--shard", f"{k}/{n}", "-o", str(output), "--report", str(report)]
    code = run("gen", "batch", *(str(p) for p in inputs()), *args, "--junit", str(junit), *extra)
    copied = 0
    if report.is_file():  # gen batch stopped before building (exit 1, 2) when there is none
        for entry in json.loads(report.read_text("utf-8"))["inputs"]:
            if entry["status"] in ("failed", "error"):
                continue
            for rel in entry["outputs"]:  # only this shard's inputs: the cache may hold others
                target = stage / "documents" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(output / rel, target)
                copied += 1
    meta = {"shard": k, "of": n, "exit": code}
    (stage / "shard.json").write_text(json.dumps(meta), "utf-8")
    say(f"shard {k}/{n}: gen batch exited {code}; {copied} files staged in {stage}")
    return code


# --- merge ------------------------------------------------------------------------------------


def merge(folders: list[Path], out: Path, expected: list[str]) -> int:
    """The shards' documents in one folder, their reports as one JSON and one JUnit file; every
    expected input reported by exactly one shard, every shard 1..N present."""
    problems: list[str] = []
    shutil.rmtree(out, ignore_errors=True)
    (out / "reports").mkdir(parents=True)
    metas = []
    for folder in folders:
        meta_file = folder / "shard.json"
        if meta_file.is_file():
            metas.append((json.loads(meta_file.read_text("utf-8")), folder))
        else:
            problems.append(f"{folder}: no shard.json (not a staged shard)")
    metas.sort(key=lambda m: int(m[0]["shard"]))
    totals = {int(m["of"]) for m, _ in metas}
    if len(totals) > 1:
        problems.append(f"the shards were cut differently: of {sorted(totals)}")
    n = max(totals, default=0)
    seen = {int(m["shard"]) for m, _ in metas}
    problems += [
        f"shard {k}/{n}: missing (its job did not finish)" for k in range(1, n + 1) if k not in seen
    ]

    entries: dict[str, list[int]] = {}
    results: list[dict[str, object]] = []
    suites = ET.Element("testsuites", name="gen batch")
    owner: dict[str, int] = {}
    for meta, folder in metas:
        k = int(meta["shard"])
        reports = folder / "reports"
        report, junit = reports / f"batch-{k}.json", reports / f"junit-{k}.xml"
        if not report.is_file() or not junit.is_file():
            problems.append(f"shard {k}/{n}: no report (gen batch exited {meta['exit']})")
            continue
        for entry in json.loads(report.read_text("utf-8"))["inputs"]:
            entries.setdefault(entry["file"], []).append(k)
            results.append(entry)
        suite = ET.parse(junit).getroot().find("testsuite")
        if suite is None:
            problems.append(f"shard {k}/{n}: {junit} has no testsuite")
            continue
        suite.set("name", f"gen batch (shard {k}/{n})")
        suites.append(suite)
        documents = folder / "documents"
        for file in sorted(p for p in documents.rglob("*") if p.is_file()):
            rel = file.relative_to(documents).as_posix()
            if rel in owner:
                problems.append(f"{rel}: written by shard {owner[rel]} and by shard {k}")
                continue
            owner[rel] = k
            (out / "documents" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, out / "documents" / rel)

    problems += [f"{f}: built by shards {ks}" for f, ks in sorted(entries.items()) if len(ks) > 1]
    if not problems:  # with a shard missing, its inputs are missing: that says it already
        problems += [f"{f}: built by no shard" for f in expected if f not in entries]
    results.sort(key=lambda r: str(r["file"]))
    statuses = ("built", "unchanged", "failed", "error")
    counts = {s: sum(r["status"] == s for r in results) for s in statuses}
    summary = {**counts, "inputs": len(results), "shards": n, "problems": problems}
    (out / "reports" / "batch.json").write_text(
        json.dumps({"summary": summary, "inputs": results}, ensure_ascii=False, indent=2), "utf-8"
    )
    for key in ("tests", "failures", "errors", "skipped"):
        suites.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
    suites.set("time", f"{sum(float(s.get('time', '0')) for s in suites):.3f}")
    ET.ElementTree(suites).write(out / "reports" / "junit.xml", "utf-8", xml_declaration=True)

    line = (
        f"{len(results)} inputs from {len(metas)} of {n} shards: {counts['built']} built, "
        f"{counts['unchanged']} unchanged, {counts['failed']} failed"
        + (f", {counts['error']} hit a bug in gen" if counts["error"] else "")
        + f"; {len(owner)} files in {out}"
    )
    say(line)
    for problem in problems:
        say(f"error: {problem}")
    failed = [str(r["file"]) for r in results if r["status"] == "failed"]
    bugs = [str(r["file"]) for r in results if r["status"] == "error"]
    for name in failed:
        say(f"failed: {name}")
    for name in bugs:
        say(f"error (a bug in gen): {name}")
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as step_summary:
            step_summary.write(f"### gen batch\n\n{line}\n\n")
            step_summary.writelines(f"- error: {p}\n" for p in problems)
            step_summary.writelines(f"- failed: `{f}`\n" for f in failed)
            step_summary.writelines(f"- error (a bug in gen): `{f}`\n" for f in bugs)
    return 1 if problems else 70 if bugs else 4 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gen_ci.py", description=__doc__.split("\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    steps.add_parser("install", help="pip install the pinned gen, check its version")
    steps.add_parser("version", help="check that gen on PATH is GEN_VERSION")
    steps.add_parser("check", help="gen check --strict on the input folders")
    one = steps.add_parser("shard", help="gen batch --shard K/N and stage its files")
    one.add_argument("k", type=int)
    one.add_argument("n", type=int)
    one.add_argument("-o", "--output", type=Path, default=Path("output"), help="gen's output")
    together = steps.add_parser("merge", help="merge staged shards into gen-ci/merged")
    together.add_argument("folders", nargs="+", type=Path, help="the staged shard folders")
    together.add_argument("-o", "--output", type=Path, default=WORK / "merged")
    argv = sys.argv[1:] if argv is None else argv
    cut = argv.index("--") if "--" in argv else len(argv)
    args, extra = parser.parse_args(argv[:cut]), argv[cut + 1 :]  # extra: for gen batch
    if args.step == "install":
        return install()
    if args.step == "version":
        return version()
    if args.step == "check":
        return check()
    if args.step == "shard":
        if not 1 <= args.k <= args.n:
            parser.error("shard: need 1 <= K <= N")
        return shard(args.k, args.n, args.output, extra)
    return merge(args.folders, args.output, find_inputs(inputs()))


if __name__ == "__main__":
    sys.exit(main())
