"""The one error hierarchy of the tool, and the two kinds of finding: a located Problem, and an
Issue at a key path that a loaded Document turns into one. `cli._ErrorMappingGroup` maps each
error class to its exit code (docs: exit codes in the README)."""

from __future__ import annotations

from dataclasses import dataclass

KeyPath = tuple[str | int, ...]  # ("activities", 2, "days") is activities[2].days


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
        text = f"{self.file}:{self.line}:{self.col}: {self.key}: {warning}{self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


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
