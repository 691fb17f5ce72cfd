"""The one error hierarchy of the tool. `cli.run` maps each class to its exit code (security.md)."""

from __future__ import annotations

from dataclasses import dataclass


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


class ConversionError(GenError):
    """A converter (pandoc, typst) failed or timed out. Exit 3."""

    exit_code = 3


class OutputError(GenError):
    """The output cannot be written where asked (unsafe path, clash). Exit 1; nothing is written."""

    exit_code = 1
