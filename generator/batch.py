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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from generator import __version__
from generator.errors import GenError, InputError, Problem, UsageError
from generator.inputs.ids import ID_PATTERN
from generator.output.manifest import Journal, load_manifest, up_to_date
from generator.output.reports import Result, counts, report_json, report_junit
from generator.pipeline import DOCUMENTS

# A top-level `id:` line (the output folder's name), read without loading the file.
_ID_LINE = re.compile(r"^id:[ \t]*[\"']?(" + ID_PATTERN.strip("^$") + r")[\"']?[ \t]*(#.*)?$", re.M)


@dataclass(frozen=True)
class UserFiles:
    """What a user brings besides the inputs: template overrides and rule files."""

    templates: Path | None = None
    rules: Path | None = None


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


def tool_hash(user: UserFiles) -> str:
    """A hash of everything every document depends on besides its input: the tool's version and
    code, the rule data and other data files, the built-in and the user's templates, the user's
    rule files."""
    from generator.resources import template_dir

    package = Path(__file__).resolve().parent
    folders = [package, template_dir()] + [f for f in (user.templates, user.rules) if f]
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
    user: UserFiles,
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
                Problem(str(path), 1, 1, "-", f"cannot read the file ({exc.strerror})", "")
            ) from None
        ident = output_id(path, text)
        kind = "workshop" if _is_workshop(text) else "project"
        deps = [path] + (_workshop_examples(path, text) if kind == "workshop" else [])
        info[path] = (ident, kind, deps)
        owners.setdefault(ident, []).append(path)
    clashes = [
        Problem(
            str(other),
            1,
            1,
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
    common = tool_hash(user)
    jobs, unchanged = [], []
    for path in inputs:
        if shard and not in_shard(path, shard):
            continue
        ident, kind, deps = info[path]
        base = hashlib.sha256(common.encode())
        for dep in deps:
            base.update(dep.as_posix().encode() + b"\0")
            base.update(dep.read_bytes() if dep.is_file() else b"<missing>")
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
    return Plan(jobs, unchanged, manifest)


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
                problems.append(
                    doc.problem(
                        (key,),
                        f"unknown format {', '.join(bad)}",
                        f"choose from {', '.join(DOCUMENTS[key].formats)}, or none",
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
                    f"allowed: {', '.join(DOCUMENTS)} (formats), jobs (a number)",
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
        item = load_input(job.path, RuleLibrary(user.rules))
        if item.id != job.id:
            raise GenError(f"{job.path}: its id is '{item.id}', but it was planned as '{job.id}'")
        built = {
            doc: DOCUMENTS[doc].build(item, fmts, user.templates)
            for doc, fmts in job.documents.items()
        }
        written = write_all(
            out_dir, {rel: data for files in built.values() for rel, data in files.items()}
        )
        result.outputs = [p.relative_to(out_dir).as_posix() for p in written]
        result.documents = {doc: [rel.as_posix() for rel in files] for doc, files in built.items()}
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
    """Import the loaders once per worker, before the first job; the converters (pptx, typst)
    load on first use, so a batch that does not need them does not carry them."""
    import generator.loaded  # noqa: F401
    import generator.output.convert

    generator.output.convert.WRITER_THREADS = 1


def run(
    plan_: Plan,
    out_dir: Path,
    user: UserFiles,
    jobs: int,
    on_result: Callable[[Result], None],
) -> list[Result]:
    """Run the plan's jobs in `jobs` worker processes; record each success in the manifest."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    results: list[Result] = []
    journal = Journal(out_dir, plan_.manifest)

    def record(job: Job, result: Result) -> None:
        results.append(result)
        if result.status == "built":
            for doc, key in job.keys.items():
                journal.record(f"{job.id}/{doc}", key, str(job.path), result.documents[doc])
            journal.flush()
        on_result(result)

    try:
        if jobs <= 1 or len(plan_.jobs) <= 1:
            for job in plan_.jobs:
                record(job, build_job(job, out_dir, user))
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
                pending: dict[Future[Result], Job] = {}
                queue = iter(plan_.jobs)
                try:
                    for job in _take(queue, jobs * 2):
                        pending[pool.submit(build_job, job, out_dir, user)] = job
                    while pending:
                        done, _ = wait(pending, return_when=FIRST_COMPLETED)
                        for future in done:
                            record(pending.pop(future), future.result())
                            for job in _take(queue, 1):
                                pending[pool.submit(build_job, job, out_dir, user)] = job
                except BaseException:
                    for future in pending:
                        future.cancel()
                    raise
    finally:
        journal.close()
    return results


def _take(queue: Iterator[Job], n: int) -> list[Job]:
    out = []
    for _ in range(n):
        job = next(queue, None)
        if job is None:
            break
        out.append(job)
    return out


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


@dataclass(frozen=True)
class Summary:
    """The results of a batch, in file order, and how long it took."""

    results: list[Result]
    seconds: float

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.results)


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

    Raises InputError for a bad config file or clashing inputs (nothing is built then), and
    GenError when no input is found."""
    progress = progress or _Silent()
    settings = load_config(options.config_file) if options.config_file else {}
    formats = {}
    for name, kind in DOCUMENTS.items():
        given = options.formats.get(name)
        formats[name] = (
            given if given is not None else settings.get(name, list(kind.batch_defaults))
        )
    jobs = options.jobs or settings.get("jobs") or os.cpu_count() or 1
    roots = options.paths or [p for p in (Path("projects"), Path("workshops")) if p.is_dir()]
    inputs = find_inputs(roots)
    if not inputs:
        raise UsageError("no project or workshop files found; give files or folders")
    start = time.perf_counter()
    user = UserFiles(options.templates, options.rules_dir)
    planned = plan(inputs, formats, options.out_dir, user, options.shard, options.force)
    progress.start(len(planned.jobs) + len(planned.unchanged))
    for result in planned.unchanged:
        progress(result)
    results = planned.unchanged + run(planned, options.out_dir, user, jobs, progress)
    results.sort(key=lambda r: r.file)
    seconds = time.perf_counter() - start
    for file, text in ((options.report_file, report_json), (options.junit_file, report_junit)):
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text(results, seconds), "utf-8")
    return Summary(results, seconds)
