"""Words and numbers in the document's language: the labels (templates/labels/<language>.yaml,
with a user's labels/<language>.yaml merged over them while `user_labels` is in effect) and a
Formatter for dates, numbers, money, countries, lists and plurals.

A user's labels file holds only the keys it changes. Each must be a key of the built-in labels
(another is a warning, with the closest key) and of its kind: a mapping, a list (a list replaces
the built-in one whole; the months are twelve) or a text whose {placeholders} are the built-in
text's. Anything else is an error at its file:line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import InputError, KeyPath, Problem
from generator.inputs.types import countries
from generator.messages import Msg, did_you_mean
from generator.resources import read_trusted_yaml, template_dir

_USER_FOLDER: ContextVar[Path | None] = ContextVar("user_labels", default=None)


@contextmanager
def user_labels(templates: Path | None) -> Iterator[None]:
    """Take the labels of a user's template folder too while the block runs."""
    token = _USER_FOLDER.set(templates)
    try:
        yield
    finally:
        _USER_FOLDER.reset(token)


def labels(language: str) -> dict[str, Any]:
    """The headings and labels of one language (templates/labels/<language>.yaml), with the
    user's over them (see user_labels)."""
    return _labels(language, _USER_FOLDER.get())


@cache
def _builtin(language: str) -> dict[str, Any]:
    data: dict[str, Any] = read_trusted_yaml(
        (template_dir() / "labels" / f"{language}.yaml").read_text("utf-8")
    )
    return data


@cache
def _labels(language: str, folder: Path | None) -> dict[str, Any]:
    merged, _ = merged_labels(language, folder)
    return merged


@cache
def merged_labels(language: str, folder: Path | None) -> tuple[dict[str, Any], tuple[Problem, ...]]:
    """The labels of `language` with the user's file in `folder` merged over them, and the
    warnings about its keys; an InputError listing every error in it."""
    from generator.documents.overrides import user_file
    from generator.inputs.load import load_bytes

    found = user_file(folder, f"labels/{language}.yaml")
    if found is None:
        return _builtin(language), ()
    data, where = found
    doc = load_bytes(data, where)
    problems: list[Problem] = []
    merged = _merge(_builtin(language), doc.data, (), doc, problems)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise InputError(errors)
    return merged, tuple(problems)


def _problem(doc: Any, path: KeyPath, kind: str, level: str = "error", **args: Any) -> Problem:
    """A problem in a user's labels file, said in the file's language (labels/nb.yaml: nb)."""
    from generator.inputs.load import format_path
    from generator.messages import LANGUAGES, default_language, said

    stem = Path(doc.file).stem
    language = stem if stem in LANGUAGES else default_language()
    line, col = doc.mark(path, key=level == "warning")  # an unknown key: at the key
    place = (doc.file, line, col, format_path(path))
    return Problem.of(
        place, *said(f"labels-file.{kind}", **args), language, level=level, code="labels"
    )


def _fields(text: str) -> set[str] | None:
    """The {placeholders} of a text, or None where its braces do not parse."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _merge(base: Any, user: Any, path: KeyPath, doc: Any, problems: list[Problem]) -> Any:
    """`user` over `base`, checked against it (see the module docstring)."""
    if isinstance(base, dict):
        if not isinstance(user, dict):
            problems.append(_problem(doc, path, "mapping"))
            return base
        out = dict(base)
        for key, value in user.items():
            here = (*path, key)
            if key not in base:
                close = difflib.get_close_matches(str(key), [str(k) for k in base], n=1)
                guess = did_you_mean(close)
                problems.append(
                    _problem(doc, here, "unknown", "warning", key=str(key), guess=guess)
                )
                continue
            out[key] = _merge(base[key], value, here, doc, problems)
        return out
    if isinstance(base, list):
        items = base[0] if base else ""
        if not isinstance(user, list) or not user:
            problems.append(_problem(doc, path, "list"))
            return base
        if path[-1:] == ("months",) and len(user) != len(base):
            problems.append(_problem(doc, path, "months", n=len(base)))
            return base
        if all(isinstance(b, str) for b in base):  # any entry may use any entry's placeholders
            items = " ".join(base)
        out_items = []
        for i, value in enumerate(user):
            if isinstance(items, dict) and isinstance(value, dict) and set(items) - set(value):
                needed = ", ".join(sorted(set(items) - set(value)))
                problems.append(_problem(doc, (*path, i), "needs", needed=needed))
            out_items.append(_merge(items, value, (*path, i), doc, problems))
        return out_items
    if not isinstance(user, str):
        problems.append(_problem(doc, path, "text"))
        return base
    have, allowed = _fields(user), _fields(str(base)) or set()
    if have is None:
        problems.append(_problem(doc, path, "braces"))
    elif have - allowed:
        extra = ", ".join(f"{{{name}}}" for name in sorted(have - allowed))
        offered: Any = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or Msg("word.none")
        problems.append(_problem(doc, path, "placeholder", extra=extra, offered=offered))
    else:
        return user
    return base


class Formatter:
    """Language-aware formatting of dates, numbers, lists and plurals for the templates."""

    def __init__(self, language: str):
        self.lang = language
        self.labels = labels(language)
        self.country_names = countries()

    def date(self, value: dt.date) -> str:
        month = self.labels["months"][value.month - 1]
        return str(self.labels["date_format"]).format(day=value.day, month=month, year=value.year)

    def number(self, value: float) -> str:
        whole = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
        sep, dec = self.labels["thousands_separator"], self.labels["decimal_separator"]
        text = whole.replace(",", "\0").replace(".", dec).replace("\0", sep)
        return "\u2212" + text[1:] if text.startswith("-") else text  # a minus sign, not a hyphen

    def money(self, value: float) -> str:
        return f"EUR {self.number(value)}"

    def month(self, value: str) -> str:
        """ "2020-03" → "mars 2020"."""
        year, month = value.split("-")
        return f"{self.labels['months'][int(month) - 1]} {year}"

    def country(self, code: str) -> str:
        return self.country_names[code][self.lang]

    def countries(self, codes: list[str]) -> str:
        return self.listing([self.country(c) for c in codes])

    def _in_form(self, code: str) -> str:
        """The pattern of "in <country>" for one country (labels.in_country, data): "i {country}",
        but "på {country}" for the islands that take "på" in Norwegian."""
        forms: dict[str, Any] = self.labels["in_country"]
        return str(forms["other"] if code in forms["other_countries"] else forms["default"])

    def in_country(self, code: str) -> str:
        """ "DE" → "i Tyskland", "MT" → "på Malta" (nb); "in Germany" (en)."""
        return self._in_form(code).format(country=self.country(code))

    def in_countries(self, codes: list[str]) -> str:
        """["DE", "DK", "MT"] → "i Tyskland, Danmark og på Malta": the preposition is written
        again only where it changes."""
        parts, last = [], None
        for code in codes:
            form = self._in_form(code)
            parts.append(
                self.country(code) if form == last else form.format(country=self.country(code))
            )
            last = form
        return self.listing(parts)

    def place(self, where: dict[str, Any]) -> str:
        """A mapping with city and country → "Hamburg, Tyskland"."""
        return f"{where['city']}, {self.country(where['country'])}"

    def listing(self, items: list[Any]) -> str:
        """["a", "b", "c"] → "a, b og c" in nb/nn, "a, b and c" in en."""
        words = [str(i) for i in items]
        if len(words) < 2:
            return "".join(words)
        return ", ".join(words[:-1]) + f" {self.labels['and']} " + words[-1]

    def number_form(self, n: int, forms: dict[str, str]) -> str:
        """The singular or plural of a label with both: {one: "Answers need", other: …}."""
        return str(forms["one"] if n == 1 else forms["other"])

    def plural(self, n: int, key: str) -> str:
        """ "{n} deltaker" / "{n} deltakere" from labels.plurals[key]."""
        forms = self.labels["plurals"][key]
        return str(forms["one"] if n == 1 else forms["other"]).format(n=self.number(n))

    def counts(self, pairs: list[tuple[str, int]]) -> str:
        """[("school", 11), ("kindergarten", 11)] → "11 skoler og 11 barnehager"."""
        return self.listing([self.plural(n, key) for key, n in pairs])


def numbered(ids: list[str], numbers: dict[str, int]) -> str:
    """Ids → their numbers as listed: ["a", "c"] → "1, 3" (an id not listed stays an id: a
    draft under review may name one that is not there)."""
    return ", ".join(str(numbers.get(i, i)) for i in ids)
