"""`gen batch`: every document for many project and workshop files, in parallel, incrementally.

Plan (parent process): find the inputs, refuse two that would write the same folder, take this
shard's share, and hash what each document depends on; a document whose hash is in the manifest
and whose files exist is skipped. Build (worker processes): each input's documents are built and
written atomically, all or nothing, so one bad file fails alone and a killed batch leaves no
half-written file. The manifest is saved atomically as results arrive, so the next run finishes
the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.errors import GenError, InputError

DOCUMENTS = ("application", "handout", "slides")
DOCUMENT_FORMATS = {
    "application": ("md", "docx", "pdf", "odt", "html"),
    "handout": ("md", "docx", "pdf", "odt", "html"),
    "slides": ("pptx", "pdf"),
}
DEFAULT_FORMATS = {
    "application": ["md", "docx", "pdf"],
    "handout": ["docx", "pdf"],
    "slides": ["pptx", "pdf"],
}
MANIFEST = ".gen-manifest.json"
JOURNAL = ".gen-manifest.journal"  # one JSON line per finished document, merged at the end
_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([a-z0-9][a-z0-9-]{0,62})[\"']?[ \t]*(#.*)?$", re.M)


@dataclass(frozen=True)
class Job:
    """One input file and the documents of it to build now."""

    path: Path
    id: str
    kind: str  # project | workshop
    documents: dict[str, list[str]]  # document → formats, only those that need building
    keys: dict[str, str]  # document → dependency hash, for the manifest


@dataclass
class Result:
    """What became of one input: built, unchanged (skipped) or failed."""

    file: str
    id: str
    status: str
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)


def find_inputs(paths: list[Path]) -> list[Path]:
    """Project and workshop files: the files given, and *.yaml/*.yml under the folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
        elif path.is_file():
            found.append(path)
    return list(dict.fromkeys(found))


def output_id(path: Path, text: str) -> str:
    """The output folder an input writes: its top-level `id:`, else the file name (as the model)."""
    match = _ID_LINE.search(text)
    return match.group(1) if match else path.stem


def in_shard(path: Path, shard: tuple[int, int]) -> bool:
    """A stable share: by a hash of the path, so adding a file moves no other file's shard."""
    k, n = shard
    digest = hashlib.sha256(path.as_posix().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def _tree_hash(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for file in sorted(
            p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def tool_hash(templates: Path | None) -> str:
    """A hash of everything every document depends on besides its input: the tool's version and
    code, the rule data and other data files, the built-in and the user's templates."""
    from generator.resources import template_dir

    package = Path(__file__).resolve().parent
    folders = [package, template_dir()] + ([templates] if templates else [])
    return hashlib.sha256(f"{__version__}\0{_tree_hash(folders)}".encode()).hexdigest()


def _workshop_examples(path: Path, text: str) -> list[Path]:
    """The example project files a workshop names (read with the project loader, which refuses
    aliases and oversized files; a broken file has none here, and the worker reports it)."""
    from generator.inputs.load import load_bytes

    try:
        data = load_bytes(text.encode("utf-8"), str(path)).data
    except InputError:
        return []
    examples = data.get("examples")
    if not isinstance(examples, list):
        return []
    return [path.parent / e for e in examples if isinstance(e, str)]


def _is_workshop(text: str) -> bool:
    from generator.inputs.load import is_workshop

    return is_workshop(set(re.findall(r"^([a-z_]+):", text, re.M)))


@dataclass(frozen=True)
class Plan:
    """What a batch will do: jobs to run and inputs already up to date."""

    jobs: list[Job]
    unchanged: list[Result]
    manifest: dict[str, Any]


def plan(
    inputs: list[Path],
    formats: dict[str, list[str]],
    out_dir: Path,
    templates: Path | None,
    shard: tuple[int, int] | None,
    force: bool,
) -> Plan:
    """Refuse clashing outputs, take the shard, hash the dependencies, skip what is up to date."""
    # Only the little each input needs is kept (not its text): memory stays flat with thousands.
    info: dict[Path, tuple[str, str, list[Path]]] = {}  # id, kind, dependencies
    owners: dict[str, list[Path]] = {}
    for path in inputs:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            raise InputError(
                _problem(path, "-", f"cannot read the file ({exc.strerror})", "")
            ) from None
        ident = output_id(path, text)
        kind = "workshop" if _is_workshop(text) else "project"
        deps = [path] + (_workshop_examples(path, text) if kind == "workshop" else [])
        info[path] = (ident, kind, deps)
        owners.setdefault(ident, []).append(path)
    clashes = [
        _problem(
            other,
            "id",
            f"writes the output folder {out_dir / ident}/, as {paths[0]} does",
            "give one of them another 'id:' (or rename the file)",
        )
        for ident, paths in sorted(owners.items())
        for other in paths[1:]
    ]
    if clashes:
        raise InputError(clashes)
    manifest = load_manifest(out_dir)
    common = tool_hash(templates)
    jobs, unchanged = [], []
    for path in inputs:
        if shard and not in_shard(path, shard):
            continue
        ident, kind, deps = info[path]
        base = hashlib.sha256(common.encode())
        for dep in deps:
            base.update(dep.as_posix().encode() + b"\0")
            base.update(dep.read_bytes() if dep.is_file() else b"<missing>")
        todo, keys, outputs = {}, {}, []
        for doc, fmts in formats.items():
            if not fmts or (kind == "workshop" and doc == "application"):
                continue
            digest = base.copy()
            digest.update(f"\0{doc}\0{','.join(fmts)}".encode())
            key = digest.hexdigest()
            files = [f"{ident}/{doc}.{f}" for f in fmts]
            entry = manifest["documents"].get(f"{ident}/{doc}")
            up_to_date = (
                not force
                and entry is not None
                and entry.get("key") == key
                and all((out_dir / f).is_file() for f in files)
            )
            outputs += files
            if not up_to_date:
                todo[doc], keys[doc] = fmts, key
        if todo:
            jobs.append(Job(path, ident, kind, todo, keys))
        else:
            unchanged.append(Result(str(path), ident, "unchanged", outputs))
    return Plan(jobs, unchanged, manifest)


def _problem(path: Path, key: str, message: str, hint: str) -> Any:
    from generator.errors import Problem

    return Problem(str(path), 1, 1, key, message, hint)


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of earlier runs (an unreadable one counts as empty), with the journal of a
    run that was killed before it could merge it."""
    manifest: dict[str, Any] = {"format": 1, "documents": {}}
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            manifest = data
    except (OSError, ValueError):
        pass
    try:
        lines = (out_dir / JOURNAL).read_text("utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            entry = json.loads(line)
            manifest["documents"][entry["document"]] = {
                "key": entry["key"],
                "input": entry["input"],
            }
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by the kill
    return manifest


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically (a temp file beside it, then a rename); drop the journal."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    os.replace(tmp, out_dir / MANIFEST)
    (out_dir / JOURNAL).unlink(missing_ok=True)


def load_config(path: Path) -> dict[str, Any]:
    """A batch config file: formats per document (a list, a comma string or none) and jobs."""
    from generator.inputs.load import load_file

    doc = load_file(path)
    problems: list[Any] = []
    settings: dict[str, Any] = {}
    for key, value in doc.data.items():
        if key in DOCUMENT_FORMATS:
            items = (
                value
                if isinstance(value, list)
                else ([] if value in (None, "none") else str(value).split(","))
            )
            chosen = [str(f).strip().lower() for f in items if str(f).strip()]
            bad = [f for f in chosen if f not in DOCUMENT_FORMATS[key]]
            if bad:
                problems.append(
                    doc.problem(
                        (key,),
                        f"unknown format {', '.join(bad)}",
                        f"choose from {', '.join(DOCUMENT_FORMATS[key])}, or none",
                    )
                )
            settings[key] = chosen
        elif key == "jobs" and str(value).isdigit() and int(value) >= 1:
            settings[key] = int(value)
        else:
            problems.append(
                doc.problem(
                    (key,),
                    f"'{key}' is not a batch setting (or its value is wrong)",
                    "allowed: application, handout, slides (formats), jobs (a number)",
                    key=True,
                )
            )
    if problems:
        raise InputError(problems)
    return settings


# --- workers ---------------------------------------------------------------------------------


def build_job(job: Job, out_dir: Path, templates: Path | None) -> Result:
    """Build and write one input's documents; never raises (a failure is a Result)."""
    from generator.output.write import write_all
    from generator.pipeline import (
        build_application,
        build_handout,
        build_slides,
        load_input,
    )

    start = time.perf_counter()
    result = Result(str(job.path), job.id, "built")
    try:
        item = load_input(job.path)
        if item.id != job.id:
            raise GenError(f"{job.path}: its id is '{item.id}', but it was planned as '{job.id}'")
        files: dict[Path, bytes] = {}
        for doc, fmts in job.documents.items():
            if doc == "application":
                files.update(build_application(item, fmts, templates))
            elif doc == "handout":
                files.update(build_handout(item, fmts, templates))
            else:
                files.update(build_slides(item, fmts, templates))
        written = write_all(out_dir, files)
        result.outputs = [p.relative_to(out_dir).as_posix() for p in written]
        result.messages = [str(w) for w in item.warnings]
    except InputError as exc:
        result.status, result.messages = "failed", [str(p) for p in exc.problems]
    except GenError as exc:
        result.status, result.messages = "failed", [str(exc)]
    except Exception as exc:  # a bug must not stop the other inputs
        result.status, result.messages = "failed", [f"internal error ({type(exc).__name__}: {exc})"]
    result.seconds = round(time.perf_counter() - start, 3)
    return result


def _warm_up() -> None:
    """Import the pipeline once per worker, before the first job; the converters (pptx, typst)
    load on first use, so a batch that does not need them does not carry them."""
    import generator.output.convert
    import generator.pipeline  # noqa: F401

    generator.output.convert.WRITER_THREADS = 1


def run(
    plan_: Plan,
    out_dir: Path,
    templates: Path | None,
    jobs: int,
    on_result: Callable[[Result], None],
) -> list[Result]:
    """Run the plan's jobs in `jobs` worker processes; record each success in the manifest."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    manifest = plan_.manifest
    results: list[Result] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    journal = (out_dir / JOURNAL).open("a", encoding="utf-8")

    def record(job: Job, result: Result) -> None:
        results.append(result)
        if result.status == "built":
            for doc, key in job.keys.items():
                entry = {"document": f"{job.id}/{doc}", "key": key, "input": str(job.path)}
                manifest["documents"][entry["document"]] = {"key": key, "input": str(job.path)}
                journal.write(json.dumps(entry) + "\n")
            journal.flush()  # a kill after this line keeps the document counted as built
        on_result(result)

    if jobs <= 1 or len(plan_.jobs) <= 1:
        for job in plan_.jobs:
            record(job, build_job(job, out_dir, templates))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
            pending: dict[Future[Result], Job] = {}
            queue = iter(plan_.jobs)
            try:
                for job in _take(queue, jobs * 2):
                    pending[pool.submit(build_job, job, out_dir, templates)] = job
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        record(pending.pop(future), future.result())
                        for job in _take(queue, 1):
                            pending[pool.submit(build_job, job, out_dir, templates)] = job
            except BaseException:
                for future in pending:
                    future.cancel()
                journal.close()
                save_manifest(out_dir, manifest)
                raise
    journal.close()
    save_manifest(out_dir, manifest)
    return results


def _take(queue: Iterator[Job], n: int) -> list[Job]:
    out = []
    for _ in range(n):
        job = next(queue, None)
        if job is None:
            break
        out.append(job)
    return out


# --- reports ---------------------------------------------------------------------------------


def report_json(results: list[Result], seconds: float) -> str:
    """Per input: status, outputs, time, messages; and the totals."""
    counts = {s: sum(r.status == s for r in results) for s in ("built", "unchanged", "failed")}
    return json.dumps(
        {
            "summary": {**counts, "inputs": len(results), "seconds": round(seconds, 3)},
            "inputs": [asdict(r) for r in results],
        },
        ensure_ascii=False,
        indent=2,
    )


def report_junit(results: list[Result], seconds: float) -> str:
    """JUnit XML: one test case per input, a failure with its messages; unchanged ones pass."""
    from xml.sax.saxutils import escape as _escape
    from xml.sax.saxutils import quoteattr as _quoteattr

    def clean(text: str) -> str:  # characters XML 1.0 cannot carry
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)

    def escape(text: str) -> str:
        return _escape(clean(text))

    def quoteattr(text: str) -> str:
        return _quoteattr(clean(text))

    failed = sum(r.status == "failed" for r in results)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="gen batch" tests="{len(results)}" failures="{failed}" time="{seconds:.3f}">',
        f'<testsuite name="gen batch" tests="{len(results)}" failures="{failed}" time="{seconds:.3f}">',
    ]
    for r in results:
        head = f'<testcase classname={quoteattr("gen.batch")} name={quoteattr(r.file)} time="{r.seconds:.3f}"'
        if r.status == "failed":
            text = "\n".join(r.messages)
            first = r.messages[0] if r.messages else "failed"
            lines.append(
                f"{head}><failure message={quoteattr(first)}>{escape(text)}</failure></testcase>"
            )
        else:
            out = escape("\n".join([r.status, *r.outputs, *r.messages]))
            lines.append(f"{head}><system-out>{out}</system-out></testcase>")
    lines += ["</testsuite>", "</testsuites>", ""]
    return "\n".join(lines)
