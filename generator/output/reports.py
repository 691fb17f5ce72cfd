"""What became of each input of a batch, and its reports: JSON for tools, JUnit XML for CI."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field


@dataclass
class Result:
    """What became of one input: built, unchanged (skipped) or failed."""

    file: str
    id: str
    status: str
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)  # document → its files


def counts(results: list[Result]) -> dict[str, int]:
    """How many inputs were built, unchanged and failed."""
    return {s: sum(r.status == s for r in results) for s in ("built", "unchanged", "failed")}


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
