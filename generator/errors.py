"""The one error hierarchy of the tool, and the two kinds of finding: a located Problem, and an
Issue at a key path that a loaded Document turns into one. `cli._ErrorMappingGroup` maps each
error class to its exit code (docs: exit codes in the README)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.messages import Msg, common_language, default_language, say

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
    """One thing wrong with an input file, pointing at the place to fix it. `message` and `hint`
    are said in `language` (the file's, see generator.messages)."""

    file: str
    line: int
    col: int
    key: str  # the key path, e.g. "activities[2].days"; "-" when the problem has no key
    message: str
    hint: str = ""
    level: str = "error"  # error | warning (advice: printed, never blocks)
    code: str = ""  # a stable name for the kind of finding, e.g. "budget-over-cap"
    language: str = "en"

    @classmethod
    def of(
        cls,
        place: tuple[str, int, int, str],
        message: Msg,
        hint: Msg | None = None,
        language: str | None = None,
        *,
        level: str = "error",
        code: str = "",
    ) -> Problem:
        """The problem at (file, line, col, key) that `message` and `hint` say, in `language`
        (default: the default language, GEN_LANGUAGE or English)."""
        lang = language or default_language()
        hint_text = hint.say(lang) if hint is not None else ""
        return cls(*place, message.say(lang), hint_text, level, code, lang)

    def __str__(self) -> str:
        lang = self.language
        warning = f"{say(Msg('word.warning'), lang)}: " if self.level == "warning" else ""
        file, key, message = printable(self.file), printable(self.key), printable(self.message)
        text = f"{file}:{self.line}:{self.col}: {key}: {warning}{message}"
        if not self.hint:
            return text
        return f"{text}\n    {say(Msg('word.hint'), lang)}: {printable(self.hint)}"


@dataclass(frozen=True)
class Issue:
    """A finding about a project at a key path; `Document.locate` turns it into a Problem, said
    in the document's language."""

    path: KeyPath
    message: Msg
    hint: Msg | None
    level: str = "error"  # error | warning | info
    code: str = ""  # stable name of the kind of finding


class GenError(Exception):
    """Base of every error the tool reports to the user without a traceback. Its message is a
    `Msg`, said in `language` (default: the default language), or a text as it is (a converter's
    output)."""

    exit_code = 70

    def __init__(self, message: Msg | str = "", language: str | None = None):
        self.language = language or default_language()
        super().__init__(say(message, self.language))


class InputError(GenError):
    """Invalid input (YAML, schema, rules, template). Exit 1; nothing is written."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = [] if isinstance(problems, str) else list(problems)
        self.summary = problems if isinstance(problems, str) else ""
        text = self.summary or "\n".join(str(p) for p in self.problems)
        super().__init__(text, common_language(p.language for p in self.problems))


class UsageError(GenError):
    """The command line asks for nothing that can be done (no input found). Exit 2."""

    exit_code = 2


class ConversionError(GenError):
    """A converter (pandoc, typst) failed or timed out. Exit 3."""

    exit_code = 3


class OutputError(GenError):
    """The output cannot be written where asked (unsafe path, clash). Exit 1; nothing is written."""

    exit_code = 1
