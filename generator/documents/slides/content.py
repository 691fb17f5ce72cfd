"""What a slide holds before any layout: its layout name, texts, and drawings (pure data).

The layout names are PowerPoint's standard ones, so users recognise them in the template.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Bar:
    """An activity on the timeline: months from the project start, and how long it lasts."""

    label: str
    start: float
    length: float
    text: str


@dataclass(frozen=True)
class Timeline:
    """The project period on a month axis, with its activities as bars."""

    months: int
    ticks: tuple[tuple[int, str], ...]  # month index → label
    bars: tuple[Bar, ...]
    period_label: str
    note: str = ""  # activities without a month


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
