"""Words and numbers in the document's language: the labels (templates/labels/<language>.yaml)
and a Formatter for dates, numbers, money, countries, lists and plurals."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from generator.inputs.types import countries
from generator.resources import read_trusted_yaml, template_dir


@cache
def labels(language: str) -> dict[str, Any]:
    """The headings and labels of one language (templates/labels/<language>.yaml)."""
    data: dict[str, Any] = read_trusted_yaml(
        (template_dir() / "labels" / f"{language}.yaml").read_text("utf-8")
    )
    return data


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
