"""The one error hierarchy of the tool, and the two kinds of finding: a located Problem, and an
Issue at a key path that a loaded Document turns into one. `cli._ErrorMappingGroup` maps each
error class to its exit code (docs: exit codes in the README)."""

from __future__ import annotations

import re
from dataclasses import dataclass

KeyPath = tuple[str | int, ...]  # ("activities", 2, "days") is activities[2].days

# Characters a terminal or a log reader acts on instead of showing: C0 and C1 controls (ESC
# sequences, a newline that would forge a second `file:1:1:` line), DEL, the Unicode line and
# paragraph separators, and the bidirectional overrides ("Trojan source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` for a terminal or a report: every control character shown as an escape
    (ESC → \\x1b, newline → \\n, U+2028 → \\u2028), everything else as written."""

    def escape(m: re.Match[str]) -> str:
        c = m.group()
        named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
        return named.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _UNPRINTABLE.sub(escape, str(text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, pointing at the place to fix it."""

    file: str
    line: int
    col: int
    key: str  # the key path, e.g. "activities[2].days"; "-" when the problem has no key
    message: str
    hint: str = ""
    level: str = "error"  # error | warning (advice: printed, never blocks)
    code: str = ""  # a stable name for the kind of finding, e.g. "budget-over-cap"

    def __str__(self) -> str:
        warning = "warning: " if self.level == "warning" else ""
        file, key, message = printable(self.file), printable(self.key), printable(self.message)
        text = f"{file}:{self.line}:{self.col}: {key}: {warning}{message}"
        return f"{text}\n    hint: {printable(self.hint)}" if self.hint else text


@dataclass(frozen=True)
class Issue:
    """A finding about a project at a key path; `Document.locate` turns it into a Problem."""

    path: KeyPath
    message: str
    hint: str
    level: str = "error"  # error | warning | info
    code: str = ""  # stable name of the kind of finding


class GenError(Exception):
    """Base of every error the tool reports to the user without a traceback."""

    exit_code = 70


class InputError(GenError):
    """Invalid input (YAML, schema, rules, template). Exit 1; nothing is written."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = [] if isinstance(problems, str) else list(problems)
        self.summary = problems if isinstance(problems, str) else ""
        super().__init__(self.summary or "\n".join(str(p) for p in self.problems))


class UsageError(GenError):
    """The command line asks for nothing that can be done (no input found). Exit 2."""

    exit_code = 2


class ConversionError(GenError):
    """A converter (pandoc, typst) failed or timed out. Exit 3."""

    exit_code = 3


class OutputError(GenError):
    """The output cannot be written where asked (unsafe path, clash). Exit 1; nothing is written."""

    exit_code = 1
