"""What a slide holds before any layout: its layout name, texts, and drawings (pure data).

The layout names are PowerPoint's standard ones, so users recognise them in the template.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from generator.documents.markdown import prose

NBSP = "\u00a0"  # a no-break space: a date never breaks across lines


def text_of(text: str) -> str:
    """A user's text for a slide as in the other documents (markdown.prose): a single line break
    inside a paragraph is a space, and each paragraph starts a new line."""
    return "\n".join(prose(text))


def line_of(text: str) -> str:
    """A user's text on one line of a slide: its paragraphs joined by a space."""
    return " ".join(prose(text))


def unbroken(text: str) -> str:
    """`text` (a date: "1. februar 2026") kept on one line: its spaces no-break spaces."""
    return text.replace(" ", NBSP)


def keeping(text: str, *dates: str) -> str:
    """`text` with each of `dates` in it kept on one line."""
    for date in dates:
        text = text.replace(date, unbroken(date))
    return text


def keeping_months(text: str, months: list[str]) -> str:
    """`text` (a user's "when": "Mai 2027") with each month and its year kept on one line."""
    names = "|".join(re.escape(m) for m in months)
    return re.sub(rf"\b({names}) (\d{{4}})\b", rf"\1{NBSP}\2", text, flags=re.IGNORECASE)


# Layout names of the slide template (PowerPoint's standard names, so users recognise them).
TITLE, SECTION, CONTENT, TWO, TITLE_ONLY = (
    "Title Slide",
    "Section Header",
    "Title and Content",
    "Two Content",
    "Title Only",
)


@dataclass(frozen=True)
class Item:
    """A paragraph of a text box: a bullet, a numbered question, plain text or a link."""

    text: str
    level: int = 0
    style: str = "bullet"  # bullet | number | plain | lead | link | tip
    marker: bool = True  # False: the rest of a paragraph split over slides (no bullet, no number)


@dataclass(frozen=True)
class Bar:
    """An activity on the timeline: units (months, or years of a plan) from the axis start, how
    long it lasts, and what to write beside it."""

    label: str
    start: float
    length: float
    text: str


@dataclass(frozen=True)
class Timeline:
    """A period on an axis of months (a project) or of years (an Erasmus plan), with its
    activities as bars.

    `ticks` label every unit: a month axis labels the boundary where each month starts (the
    drawing shows as many as fit), a year axis labels the middle of each year."""

    span: int  # units on the axis
    ticks: tuple[tuple[float, str], ...]  # where on the axis → label
    bars: tuple[Bar, ...]
    period_label: str
    note: str = ""  # activities without a month (or a year)
    unit: str = "month"  # month | year
    period: tuple[float, float] | None = None  # the period's bar (start, length); None: the span


@dataclass(frozen=True)
class Slide:
    """One slide's content: a layout name, its texts, and a drawing for process/timeline slides."""

    key: str  # what the slide is: title, video, task:why, action:KA101, example:melhus, …
    layout: str
    title: str
    subtitle: str = ""
    body: tuple[Item, ...] = ()
    right: tuple[Item, ...] = ()
    steps: tuple[dict[str, str], ...] = ()  # process: title and what it involves
    timeline: Timeline | None = None
    notes: str = ""


def as_json(slides: list[Slide]) -> list[dict[str, Any]]:
    """The slides as plain data (for tests and debugging)."""
    return [dataclasses.asdict(s) for s in slides]
