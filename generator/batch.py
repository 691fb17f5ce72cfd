"""`gen batch`: every document for many project and workshop files, in parallel, incrementally.

Plan (parent process): find the inputs, refuse two that would write the same folder, take this
shard's share, and hash what each document depends on; a document whose hash is in the manifest
and whose files exist is skipped. Build (worker processes): each input's documents are built and
written atomically, all or nothing, so one bad file fails alone and a killed batch leaves no
half-written file. The manifest is saved atomically as results arrive, so the next run finishes
the rest. `run_batch` does all of it for the command line.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from generator.errors import GenError, InputError, OutputError, Problem, UsageError, printable
from generator.inputs.ids import ID_PATTERN
from generator.messages import Msg, language_in, said
from generator.output import manifest, reports
from generator.output.manifest import load_manifest, up_to_date
from generator.output.reports import Result, path_text
from generator.output.typeset import sweep_stale_typst
from generator.output.workers import Stopped, bug_report, describe, run_tasks, worker_count
from generator.pipeline import DOCUMENTS, build_documents, share_before_fork
from generator.shards import assign_shards, expected_cost

DEFAULT_TIMEOUT = 300.0  # seconds one input may take (--timeout)

# A top-level `id:` line (the output folder's name), read without loading the file.
_ID_LINE = re.compile(r"^id:[ \t]*[\"']?(" + ID_PATTERN.strip("^$") + r")[\"']?[ \t]*(#.*)?$", re.M)


@dataclass(frozen=True)
class UserFiles:
    """What a user brings besides the inputs: template overrides, rule files, and the folders
    an input's references (a workshop's examples, a request's accreditation) may name."""

    templates: Path | None = None
    rules: Path | None = None
    allowed: tuple[Path, ...] = ()
    theme: Path | None = None  # a shared theme file (--theme)


@dataclass(frozen=True)
class Job:
    """One input file and the documents of it to build now."""

    path: Path
    id: str
    kind: str  # project | workshop
    documents: dict[str, list[str]]  # document → formats, only those that need building
    keys: dict[str, str]  # document → dependency hash, for the manifest


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


def tool_hash(user: UserFiles) -> str:
    """A hash of everything every document depends on besides its input (manifest.code_hash),
    with the user's templates, rule files and theme file (--theme, with its logo)."""
    from generator.inputs.theme import theme_files

    theme = [_read_small(f) for f in theme_files(user.theme, user.allowed)] if user.theme else []
    return manifest.code_hash([f for f in (user.templates, user.rules) if f], repr(theme))


def _references(path: Path, text: str, allowed: tuple[Path, ...]) -> list[Path]:
    """The files an input's documents also depend on: a workshop's examples, a request's
    accreditation (read with the project loader, which refuses aliases and oversized files; a
    broken file has none here, and the worker reports it). A reference the loader would refuse
    (outside the input's tree and the allowed folders) is left out unread."""
    from generator.inputs.load import load_bytes, referenced_file
    from generator.inputs.theme import logo_named

    try:
        data = load_bytes(text.encode("utf-8"), str(path)).data
    except InputError:
        return []
    named = data.get("examples") if data.get("examples") is not None else data.get("accreditation")
    names = [*(named if isinstance(named, list) else [named]), logo_named(data)]  # and the logo
    found = [referenced_file(path, n, allowed) for n in names if isinstance(n, str)]
    return [target for target, refused in found if refused is None]


def _read_small(path: Path) -> bytes | Problem:
    """A regular file's bytes, its size checked before anything is read; else the Problem."""
    from generator.inputs.load import MAX_BYTES, read_regular

    def refuse(key: str, **args: str) -> Problem:  # nothing read: the default language
        return Problem.of((path_text(path), 1, 1, "-"), *said(key, **args))

    if path_text(path) != str(path):
        return refuse("load.name-not-utf8")
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return refuse("load.not-regular")
        raw = read_regular(path, MAX_BYTES + 1) if info.st_size <= MAX_BYTES else b""
    except OSError as exc:
        return refuse("load.unreadable", reason=str(exc.strerror or exc))
    if info.st_size > MAX_BYTES or len(raw) > MAX_BYTES:
        return refuse("load.too-large")
    return raw


def _failed(path: Path, problem: Problem, shard: tuple[int, int] | None) -> list[Result]:
    """An input that fails before it is built, in the shard that reports it (a stable choice of
    its own: the other inputs' shards do not change)."""
    named = Path(path_text(path))
    if shard and assign_shards({named: 1}, shard[1])[named] != shard[0]:
        return []
    return [Result(str(named), path_text(path.stem), "failed", messages=[str(problem)])]


def _is_workshop(text: str) -> bool:
    from generator.inputs.load import is_workshop

    return is_workshop(set(re.findall(r"^([a-z_]+):", text, re.M)))


@dataclass(frozen=True)
class Plan:
    """What a batch will do: jobs to run and inputs already up to date."""

    jobs: list[Job]
    unchanged: list[Result]
    manifest: dict[str, Any]
    failed: list[Result] = field(default_factory=list)  # before building: unreadable, too big


def plan(
    inputs: list[Path],
    formats: dict[str, list[str]],
    out_dir: Path,
    user: UserFiles,
    shard: tuple[int, int] | None,
    force: bool,
) -> Plan:
    """Refuse clashing outputs, take the shard, hash the dependencies, skip what is up to date."""
    # Only the little each input needs is kept (not its text): memory stays flat with thousands.
    info: dict[Path, tuple[str, str, list[Path]]] = {}  # id, kind, dependencies
    owners: dict[str, list[Path]] = {}
    costs: dict[Path, int] = {}  # for the shards
    languages: dict[Path, str] = {}  # what a clash is said in
    failed: list[Result] = []
    for path in inputs:
        raw = _read_small(path)
        if isinstance(raw, Problem):  # it fails alone
            failed += _failed(path, raw, shard)
            continue
        text = raw.decode("utf-8", errors="replace")
        languages[path] = language_in(text)
        ident = output_id(path, text)
        kind = "workshop" if _is_workshop(text) else "project"
        deps = [path, *_references(path, text, user.allowed)]
        info[path] = (ident, kind, deps)
        writes = sum(
            len(f) for d, f in formats.items() if kind == "project" or DOCUMENTS[d].workshops
        )
        costs[path] = expected_cost(len(text), len(deps) - 1, writes)
        owners.setdefault(ident, []).append(path)
    clashes = [
        Problem.of(
            (str(other), 1, 1, "id"),
            *said("batch.clash", folder=f"{out_dir / ident}/", other=str(paths[0])),
            languages[other],
        )
        for ident, paths in sorted(owners.items())
        for other in paths[1:]
    ]
    if clashes:
        raise InputError(clashes)
    share = assign_shards(costs, shard[1]) if shard else {}
    manifest = load_manifest(out_dir)
    common = tool_hash(user)
    jobs, unchanged = [], []
    for path in inputs:
        if path not in info or (shard and share[path] != shard[0]):
            continue
        ident, kind, deps = info[path]
        base = hashlib.sha256(common.encode())
        for dep in deps:
            raw = _read_small(dep)  # a Problem if it is missing or too large (when built too)
            base.update(
                os.fsencode(dep) + b"\0" + (str(raw).encode() if isinstance(raw, Problem) else raw)
            )
        todo, keys, documents = {}, {}, {}
        for doc, fmts in formats.items():
            if not fmts or (kind == "workshop" and not DOCUMENTS[doc].workshops):
                continue
            digest = base.copy()
            digest.update(f"\0{doc}\0{','.join(fmts)}".encode())
            key = digest.hexdigest()
            if force or not up_to_date(manifest, out_dir, f"{ident}/{doc}", key):
                todo[doc], keys[doc] = fmts, key
            else:
                documents[doc] = manifest["documents"][f"{ident}/{doc}"]["outputs"]
        if todo:
            jobs.append(Job(path, ident, kind, todo, keys))
        else:
            outputs = [f for files in documents.values() for f in files]
            unchanged.append(Result(str(path), ident, "unchanged", outputs, documents=documents))
    return Plan(jobs, unchanged, manifest, failed)


def load_config(path: Path) -> dict[str, Any]:
    """A batch config file: formats per document (a list, a comma string or none) and jobs."""
    from generator.inputs.load import load_file

    doc = load_file(path)
    problems: list[Problem] = []
    settings: dict[str, Any] = {}
    for key, value in doc.data.items():
        if key in DOCUMENTS:
            items = (
                value
                if isinstance(value, list)
                else ([] if value in (None, "none") else str(value).split(","))
            )
            chosen = [str(f).strip().lower() for f in items if str(f).strip()]
            bad = [f for f in chosen if f not in DOCUMENTS[key].formats]
            if bad:
                named = {"formats": ", ".join(bad), "allowed": ", ".join(DOCUMENTS[key].formats)}
                problems.append(doc.problem((key,), *said("batch.format", **named)))
            settings[key] = chosen
        elif key in ("jobs", "timeout") and str(value).isdigit() and int(value) >= 1:
            settings[key] = int(value)
        else:
            problems.append(
                doc.problem(
                    (key,),
                    *said("batch.setting", key=key, documents=", ".join(DOCUMENTS)),
                    key=True,
                )
            )
    if problems:
        raise InputError(problems)
    return settings


# --- workers ---------------------------------------------------------------------------------


def build_job(job: Job, out_dir: Path, user: UserFiles) -> Result:
    """Build and write one input's documents; never raises (a failure is a Result)."""
    from generator.loaded import load_input
    from generator.output.write import write_all
    from generator.rules.ruleset import RuleLibrary

    start = time.perf_counter()
    result = Result(str(job.path), job.id, "built")
    try:
        item = load_input(job.path, RuleLibrary(user.rules), user.allowed)
        if item.id != job.id:
            raise GenError(f"{job.path}: its id is '{item.id}', but it was planned as '{job.id}'")
        look = (user.templates, user.theme, user.allowed)
        built, notes = build_documents(item, job.documents, *look)
        files = {rel: data for made in built.values() for rel, data in made.items()}
        written = write_all(out_dir, files)
        result.outputs = [p.relative_to(out_dir).as_posix() for p in written]
        result.documents = {doc: [rel.as_posix() for rel in files] for doc, files in built.items()}
        result.messages = list(dict.fromkeys(str(w) for w in (*item.warnings, *notes)))
    except InputError as exc:
        result.status, result.messages = "failed", [str(p) for p in exc.problems]
    except GenError as exc:  # its text may quote a path or a converter's output
        result.status, result.messages = "failed", [printable(exc)]
    except Exception as exc:  # a bug: reported as one (exit 70), the other inputs go on
        result.status, result.messages = "error", [bug_report(*describe(exc))]
    result.seconds = round(time.perf_counter() - start, 3)
    return result


def _warm_up(temp_dir: Path) -> None:
    """Import the loaders once per worker, before the first job; the converters (pptx, typst)
    load on first use, so a batch that does not need them does not carry them. Typst's temp
    folders go into the batch's temp folder, where the next batch finds what a kill left."""
    import generator.loaded  # noqa: F401
    from generator.output import convert, typeset

    convert.WRITER_THREADS, typeset.TEMP_DIR = 1, temp_dir


def run(
    plan_: Plan,
    out_dir: Path,
    user: UserFiles,
    workers: int,
    on_result: Callable[[Result], None],
    timeout: float = DEFAULT_TIMEOUT,
    temp_dir: Path | None = None,
) -> tuple[list[Result], str]:
    """Run the plan's jobs in worker processes, each for at most `timeout` seconds; record each
    success in the manifest. Returns the results, and a warning if the manifest could not be
    saved."""
    results: list[Result] = []
    journal = manifest.Journal(out_dir, plan_.manifest)

    def record(job: Job, outcome: Result | Stopped) -> None:
        if isinstance(outcome, Stopped):  # its worker was killed, maybe in the middle of a write
            manifest.remove_temp_files(out_dir / job.id)
            outcome = reports.stopped(str(job.path), job.id, outcome, timeout)
        result = outcome
        results.append(result)
        if result.status == "built":
            for doc, key in job.keys.items():
                journal.record(f"{job.id}/{doc}", key, str(job.path), result.documents[doc])
            journal.flush()
        on_result(result)

    try:
        build = partial(build_job, out_dir=out_dir, user=user)
        warm_up = partial(_warm_up, temp_dir or out_dir / ".gen-tmp")
        share_before_fork({doc for job in plan_.jobs for doc in job.documents}, user.templates)
        run_tasks(build, plan_.jobs, workers, timeout, record, warm_up)
    finally:
        warning = journal.close()
    return results, warning


# --- the whole run ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What `gen batch` was asked to do; formats given as None fall back to the config file and
    then to each document's batch defaults."""

    paths: list[Path]
    out_dir: Path
    formats: dict[str, list[str] | None] = field(default_factory=dict)
    jobs: int | None = None
    shard: tuple[int, int] | None = None
    force: bool = False
    templates: Path | None = None
    config_file: Path | None = None
    report_file: Path | None = None
    junit_file: Path | None = None
    rules_dir: Path | None = None
    allow_dirs: tuple[Path, ...] = ()  # besides the folders given as inputs
    theme: Path | None = None  # a shared theme file, under each input's own theme
    timeout: float | None = None  # seconds per input; default: the config file, DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Summary:
    """The results of a batch, in file order, and how long it took; `problems` (a report not
    written: exit 4) and `warnings` (the manifest not saved) to print after them."""

    results: list[Result]
    seconds: float
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return reports.counts(self.results)


class Progress(Protocol):
    """Told the number of inputs once, then each result as it comes (the command line's bar)."""

    def start(self, total: int) -> None:
        """Called once, before the first result."""

    def __call__(self, result: Result) -> None:
        """Called for each input, skipped ones first."""


class _Silent:
    def start(self, total: int) -> None:
        pass

    def __call__(self, result: Result) -> None:
        pass


def run_batch(options: Options, progress: Progress | None = None) -> Summary:
    """Merge the options with the config file, find the inputs, plan, build, write the reports.

    Raises, before anything is built: InputError for a bad config file or clashing inputs,
    OutputError for an output folder another batch holds or a report that cannot be written,
    UsageError when no input is found."""
    progress = progress or _Silent()
    settings = load_config(options.config_file) if options.config_file else {}
    formats = {}
    for name, kind in DOCUMENTS.items():
        given = options.formats.get(name)
        formats[name] = (
            given if given is not None else settings.get(name, list(kind.batch_defaults))
        )
    roots = options.paths or [p for p in (Path("projects"), Path("workshops")) if p.is_dir()]
    inputs = find_inputs(roots)
    if not inputs:
        raise UsageError(Msg("batch.no-inputs"))
    start = time.perf_counter()
    # The folders named as inputs are named explicitly: their files may refer to each other.
    allowed = (*options.allow_dirs, *(r for r in roots if r.is_dir()))
    user = UserFiles(options.templates, options.rules_dir, allowed, options.theme)
    build_documents(None, {}, None, options.theme, allowed)  # a broken theme file: nothing built
    out_dir = options.out_dir
    planned = plan(inputs, formats, out_dir, user, options.shard, options.force)
    files = {options.report_file: reports.report_json, options.junit_file: reports.report_junit}
    for file in filter(None, files):
        try:  # before anything is built
            reports.check_writable(file)
        except OSError as exc:
            reason = str(exc.strerror or exc)
            raise OutputError(
                Msg("batch.report-unwritable", file=str(file), reason=reason)
            ) from None
    workers = worker_count(options.jobs or settings.get("jobs"), len(planned.jobs))
    timeout = options.timeout or settings.get("timeout") or DEFAULT_TIMEOUT
    sweep_stale_typst()
    with manifest.claim(out_dir) as temp_dir:
        progress.start(len(planned.failed) + len(planned.jobs) + len(planned.unchanged))
        for result in planned.failed + planned.unchanged:
            progress(result)
        built, warning = run(planned, out_dir, user, workers, progress, timeout, temp_dir)
    results = sorted(planned.failed + planned.unchanged + built, key=lambda r: r.file)
    seconds = time.perf_counter() - start
    problems = reports.write_reports(results, seconds, files)
    return Summary(results, seconds, problems, [warning] if warning else [])
