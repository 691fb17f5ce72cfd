"""What became of each input of a batch, and its reports: JSON for tools, JUnit XML for CI.

An input is built, unchanged (skipped), failed (its own fault: the messages say what to fix) or
error (a bug in gen: the message names the log file with the traceback; exit 70). A report is
written atomically (a temp file beside it, then os.replace); none is left half-written.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import printable
from generator.messages import Msg, default_language

if TYPE_CHECKING:  # the command line loads this module; the batch machinery only when it runs
    from generator.output.workers import Stopped

STATUSES = ("built", "unchanged", "failed", "error")


@dataclass
class Result:
    """What became of one input: built, unchanged (skipped), failed or error (a bug)."""

    file: str
    id: str
    status: str
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)  # document → its files


def stopped(file: str, ident: str, why: Stopped, timeout: float) -> Result:
    """An input that gave no result: over the time limit (it failed), or its worker died or
    raised (a bug: error)."""
    if why.timed_out:
        return Result(
            file, ident, "failed", seconds=timeout, messages=[printable(f"{file}: {why.reason}")]
        )
    from generator.output.workers import bug_report

    message = bug_report(why.reason, why.trace or why.reason)
    return Result(file, ident, "error", messages=[message])


def counts(results: list[Result]) -> dict[str, int]:
    """How many inputs were built, unchanged, failed and ended in an internal error."""
    return {s: sum(r.status == s for r in results) for s in STATUSES}


def path_text(path: Path | str) -> str:
    """A path as text any output can carry: bytes of its name that are not UTF-8 (a file from
    another system) as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # a symlink at `path` is replaced, not written through
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Raise OSError if a report cannot be written to `path` (checked before a batch builds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)


def write_reports(
    results: list[Result], seconds: float, files: dict[Path | None, Callable[..., str]]
) -> list[str]:
    """Write each report {path: report_json or report_junit}; what could not be written."""
    problems = []
    for path, report in files.items():
        if path is not None:
            try:
                _atomic(path, report(results, seconds))
            except OSError as exc:
                reason = str(exc.strerror or exc)
                cannot = Msg("batch.report-unwritable", file=str(path), reason=reason)
                problems.append(cannot.say(default_language()))
    return problems


def report_json(results: list[Result], seconds: float) -> str:
    """Per input: status, outputs, time, messages; and the totals."""
    return json.dumps(
        {
            "summary": {**counts(results), "inputs": len(results), "seconds": round(seconds, 3)},
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
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", text)

    def escape(text: str) -> str:
        return _escape(clean(text))

    def quoteattr(text: str) -> str:
        return _quoteattr(clean(text))

    failed = sum(r.status == "failed" for r in results)
    errors = sum(r.status == "error" for r in results)
    totals = f'tests="{len(results)}" failures="{failed}" errors="{errors}" time="{seconds:.3f}"'
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="gen batch" {totals}>',
        f'<testsuite name="gen batch" {totals}>',
    ]
    for r in results:
        head = f'<testcase classname={quoteattr("gen.batch")} name={quoteattr(r.file)} time="{r.seconds:.3f}"'
        if r.status in ("failed", "error"):  # an error is a bug in gen, not in the input
            text = "\n".join(r.messages)
            first = r.messages[0] if r.messages else r.status
            tag = "failure" if r.status == "failed" else "error"
            lines.append(
                f"{head}><{tag} message={quoteattr(first)}>{escape(text)}</{tag}></testcase>"
            )
        else:
            out = escape("\n".join([r.status, *r.outputs, *r.messages]))
            lines.append(f"{head}><system-out>{out}</system-out></testcase>")
    lines += ["</testsuite>", "</testsuites>", ""]
    return "\n".join(lines)
