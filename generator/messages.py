"""Everything gen says to a user about an input, in the input's language (nb, nn or en).

A `Msg` is a key of the message catalogue (`templates/messages/<language>.yaml`) with named
arguments; code never holds the sentence itself. It is said in a language where the language is
known: a loaded file says its problems in its own `language:` (`Document.problem`), a file that
cannot be parsed in the `language:` line its text has (`language_in`), anything else in the
default language: `GEN_LANGUAGE` (nb, nn or en) if it is set, else English.

The catalogue's texts are `str.format` patterns with a few additions, so one pattern serves
every number and both forms of a word:

- `{n:skole|skoler}` is the singular when n is 1, else the plural (n itself is not printed);
- a number in nb and nn gets a decimal comma and a no-break space between thousands
  (`{amount:,.0f}` → 16 500; `{share:.0%}` → 70 %), as in the documents;
- an argument that is itself a `Msg` is said in the same language, and a `Listing` joins its
  items with the language's "and" or "or" ("a, b og c").

Keys, codes, file names and values stay as the user wrote them: they are arguments, not text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from generator.resources import read_trusted_yaml, template_dir

LANGUAGES = ("nb", "nn", "en")
ENVIRONMENT = "GEN_LANGUAGE"  # the language of what belongs to no file that says its own
_NORWEGIAN_DIGITS = str.maketrans({",": "\u00a0", ".": ","})
# A top-level `language:` line, as `gen new` writes it: found even where the YAML is broken.
_LANGUAGE_LINE = re.compile(r"""^language:[ \t]*(["']?)(nb|nn|en)\1[ \t]*(?:#.*)?\r?$""", re.M)


@dataclass(frozen=True, init=False)
class Msg:
    """A catalogue key and its named arguments: one sentence, to be said in any language."""

    key: str
    args: tuple[tuple[str, Arg], ...]

    def __init__(self, key: str, /, **args: Arg) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "args", tuple(sorted(args.items())))

    def say(self, language: str) -> str:
        """The sentence in `language` (nb, nn, en)."""
        pattern = catalogue(language).get(self.key)
        if pattern is None:  # tests/test_messages.py keeps every key in every language
            raise KeyError(f"no message '{self.key}' in templates/messages/{language}.yaml")
        return _Formatter(language).vformat(pattern, (), dict(self.args))


@dataclass(frozen=True)
class Listing:
    """Items said as a list in the language: "a, b and c" (`word` "and"), "a, b or c" ("or"),
    or joined by a mark: "a, b, c" (","), "a; b; c" (";")."""

    items: tuple[Arg, ...]
    word: str = "and"

    @classmethod
    def of(cls, items: Any, word: str = "and") -> Listing:
        return cls(tuple(items), word)


Arg: TypeAlias = "str | int | float | dt.date | Msg | Listing"


class _Formatter(string.Formatter):
    """str.format with plural forms, Norwegian numbers and nested messages."""

    def __init__(self, language: str):
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Msg):
            return value.say(self.language)
        if isinstance(value, Listing):
            words = [self.format_field(item, "") for item in value.items]
            if value.word not in ("and", "or") or len(words) < 2:
                return f"{value.word or ','} ".join(words)
            joiner = Msg(f"word.{value.word}").say(self.language)
            return f"{', '.join(words[:-1])} {joiner} {words[-1]}"
        if "|" in format_spec:  # {n:one|other}
            one, other = format_spec.split("|", 1)
            return one if value == 1 else other
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = format(value, format_spec)
            if self.language == "en":
                return text
            if text.endswith("%"):
                text = text[:-1] + "\u00a0%"  # 70 %, as Norwegian writes it
            return text.translate(_NORWEGIAN_DIGITS)
        return format(value, format_spec)


def said(key: str, /, **args: Arg) -> tuple[Msg, Msg]:
    """The message and the hint of one catalogue entry (`key`.message, `key`.hint), with the
    same arguments: `Issue(path, *said("check.need-unanswered", need="x"), "warning", code)`."""
    return Msg(f"{key}.message", **args), Msg(f"{key}.hint", **args)


def did_you_mean(close: list[str] | str | None) -> Msg | str:
    """ " — did you mean 'x'?" for the closest match (the first of `close`), or nothing."""
    first = close if isinstance(close, str) else (close[0] if close else None)
    return Msg("word.did-you-mean", guess=first) if first else ""


def say(message: Msg | str, language: str) -> str:
    """A message in `language`; text that is no Msg (a user's own value) as it is."""
    return message.say(language) if isinstance(message, Msg) else message


@cache
def catalogue(language: str) -> dict[str, str]:
    """The catalogue of one language: {"check.need-unanswered.message": "…"} from the nested
    mapping in templates/messages/<language>.yaml."""
    if language not in LANGUAGES:
        raise KeyError(f"no message catalogue for '{language}'")
    path = template_dir() / "messages" / f"{language}.yaml"
    flat: dict[str, str] = {}

    def walk(node: Any, prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, f"{name}.")
            else:
                flat[name] = str(value)

    walk(read_trusted_yaml(path.read_text("utf-8")), "")
    return flat


def default_language() -> str:
    """The language of what no file decides: GEN_LANGUAGE when it names one, else English."""
    chosen = os.environ.get(ENVIRONMENT, "").strip().lower()
    return chosen if chosen in LANGUAGES else "en"


def language_of(value: object) -> str:
    """A file's `language:` value if it is one of ours, else the default language."""
    return value if isinstance(value, str) and value in LANGUAGES else default_language()


def language_in(text: str) -> str:
    """The language a file's text names on a top-level `language:` line, read without parsing
    the YAML (a file with a syntax error is still answered in its language); else the default."""
    found = _LANGUAGE_LINE.search(text)
    return found.group(2) if found else default_language()


def common_language(languages: Any) -> str:
    """The one language of several files' messages, or the default language when they differ
    (or there are none)."""
    found = set(languages)
    return found.pop() if len(found) == 1 else default_language()
