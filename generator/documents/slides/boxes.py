"""The 16:9 page: its geometry and colour roles, the boxes and shapes drawn on it, and text
measured and fitted to a box (pure).

One geometry serves the PPTX template, the PPTX slides and the PDF deck, so both formats show
the same slides. Colours are roles (PRIMARY, ACCENT …) that a Palette turns into RGB when the
deck is written, so a theme or a user's slide template recolours every shape and text. Text is
measured with the metrics of the bundled PDF font (by default Liberation Sans, metrically
compatible with Arial, the font the PPTX names; a theme's font while `typeface` is in effect): a
body that does not fit at the largest size is set smaller, down to a floor; below it, the slide
continues on a next slide. Nothing is cut.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from generator.documents.slides.content import (
    CONTENT,
    SECTION,
    TITLE,
    TITLE_ONLY,
    TWO,
    Item,
)
from generator.documents.slides.palette import ACCENT, INK, MUTED, PALE, PRIMARY, TIP, WHITE
from generator.output.fonts import SLIDE_FONT, Font, font_file

__all__ = ["ACCENT", "INK", "MUTED", "PALE", "PRIMARY", "TIP", "WHITE"]  # the colour roles

EMU_PER_INCH = 914400
EMU_PER_PT = 12700
WIDTH, HEIGHT = 12192000, 6858000  # 13.333 × 7.5 in: 16:9
INSET_X, INSET_Y = 91440, 45720  # PowerPoint's default text insets: 0.1 in, 0.05 in
LINE = 1.2  # line height as a multiple of the font size
SPACE = 0.45  # space before a paragraph, as a multiple of its font size
BODY_SIZES = (28, 26, 24, 22, 20, 18, 16)
TITLE_SIZES = (36, 32, 28, 24, 20)
COVER_SIZES = (44, 40, 36, 32, 28, 24)
INDENT = (int(0.4 * EMU_PER_INCH), int(0.8 * EMU_PER_INCH))  # bullet text indent per level


def inch(x: float) -> int:
    return int(round(x * EMU_PER_INCH))


# Placeholder boxes per layout: role → (x, y, w, h) in EMU. The template builder uses the same.
GEOMETRY: dict[str, dict[str, tuple[int, int, int, int]]] = {
    TITLE: {
        "title": (inch(0.9), inch(1.6), inch(11.5), inch(2.7)),
        "subtitle": (inch(0.9), inch(4.75), inch(11.5), inch(1.3)),
    },
    SECTION: {
        "title": (inch(0.9), inch(2.2), inch(11.5), inch(2.0)),
        "subtitle": (inch(0.9), inch(4.6), inch(11.5), inch(1.0)),
    },
    CONTENT: {
        "title": (inch(0.6), inch(0.35), inch(12.13), inch(1.1)),
        "body": (inch(0.6), inch(1.8), inch(12.13), inch(4.95)),
    },
    TWO: {
        "title": (inch(0.6), inch(0.35), inch(12.13), inch(1.1)),
        "left": (inch(0.6), inch(1.8), inch(5.9), inch(4.95)),
        "right": (inch(6.83), inch(1.8), inch(5.9), inch(4.95)),
    },
    TITLE_ONLY: {"title": (inch(0.6), inch(0.35), inch(12.13), inch(1.1))},
}
DARK_LAYOUTS = (TITLE, SECTION)
ACCENT_BAR = {  # the yellow rule under the title, per layout (drawn by the template's layouts)
    TITLE: (inch(0.9), inch(4.5), inch(1.4), inch(0.08)),
    SECTION: (inch(0.9), inch(4.35), inch(1.4), inch(0.08)),
    CONTENT: (inch(0.6), inch(1.5), inch(1.0), inch(0.07)),
    TWO: (inch(0.6), inch(1.5), inch(1.0), inch(0.07)),
    TITLE_ONLY: (inch(0.6), inch(1.5), inch(1.0), inch(0.07)),
}
FOOTER = (inch(0.6), inch(6.95), inch(12.13), inch(0.35))


@dataclass(frozen=True)
class Para:
    """A paragraph with its fitted size; style as in deck.Item."""

    text: str
    level: int
    style: str
    size: float
    bold: bool = False
    color: str = INK  # a colour role
    number: int = 0  # 1-based, for numbered paragraphs
    marker: bool = True  # False: a paragraph's rest after a split, without its bullet or number


@dataclass(frozen=True)
class Box:
    """A text box: a placeholder of the layout (title, subtitle, body, left, right) or free text."""

    role: str
    x: int
    y: int
    w: int
    h: int
    paras: tuple[Para, ...]
    anchor: str = "t"  # t | m | b
    align: str = "l"  # l | c | r


@dataclass(frozen=True)
class Shape:
    """A drawn shape: rect | round | arrow | line | image, with optional text inside."""

    kind: str
    x: int
    y: int
    w: int
    h: int
    fill: str = ""  # a colour role; for an "image", the image's name (logo)
    text: Box | None = None


@dataclass(frozen=True)
class Placed:
    """A slide ready to draw: its layout, boxes, shapes and speaker notes."""

    key: str
    layout: str
    title: str
    boxes: tuple[Box, ...]
    shapes: tuple[Shape, ...]
    notes: str
    dark: bool


# --- measuring -----------------------------------------------------------------------------------


_FACE: ContextVar[Font] = ContextVar("slide_font", default=SLIDE_FONT)


@contextmanager
def typeface(font: Font) -> Iterator[None]:
    """Measure text with `font`'s bundled files while the block runs (a theme's font)."""
    token = _FACE.set(font)
    try:
        yield
    finally:
        _FACE.reset(token)


@cache
def _font_of(face: Font, bold: bool, basic: bool) -> Any:
    """A bundled face at 1000 units: shaped by raqm, or `basic` (Pillow's own layout, no
    shaping), the fallback where raqm fails on a text."""
    from PIL import ImageFont

    engine = ImageFont.Layout.BASIC if basic else None
    with font_file(face, bold) as path:
        return ImageFont.truetype(str(path), 1000, layout_engine=engine)


# Line and paragraph breaks: each starts a new line on a slide (U+2028, U+2029 and NEL as well as
# a line feed; Pillow's shaper fails on them, so no measured text contains one).
BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
# A character that joins the one before it into one cluster (a combining mark, a variation
# selector, an emoji modifier or tag, a zero-width joiner and what follows it): never broken apart.
_JOINS = re.compile(
    "[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)


def lines_of(text: str) -> list[str]:
    """The lines of `text`: split at every line or paragraph break."""
    return BREAKS.split(text)


def _measure(text: str, bold: bool) -> float:
    """Width of `text` in font units (1000 per em); never raises: where the shaper fails on a
    text, Pillow's basic layout, and where that fails too, each cluster on its own."""
    return _measure_in(_FACE.get(), text, bold)


@lru_cache(maxsize=1 << 13)
def _measure_in(face: Font, text: str, bold: bool) -> float:
    """_measure in `face`, remembered: fitting a deck measures the same lines at every size it
    tries, and a batch measures the same labels in every deck."""
    try:
        return float(_font_of(face, bold, False).getlength(text))
    except (OSError, RuntimeError, ValueError):
        pass
    try:
        return float(_font_of(face, bold, True).getlength(text))
    except (OSError, RuntimeError, ValueError):
        return sum(_cluster_width_of(face, c, bold) for c in clusters(text))


def _cluster_width(cluster: str, bold: bool) -> float:
    return _cluster_width_of(_FACE.get(), cluster, bold)


@cache
def _cluster_width_of(face: Font, cluster: str, bold: bool) -> float:
    """Width of one cluster in font units; a cluster no layout can measure counts as an em."""
    for basic in (False, True):
        try:
            return float(_font_of(face, bold, basic).getlength(cluster))
        except (OSError, RuntimeError, ValueError):
            continue
    return 1000.0


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of `text` at `size` points."""
    return _measure(text, bold) * size / 1000


def clusters(text: str) -> list[str]:
    """`text` cut into the pieces a line may break between inside a word: characters, each with
    the marks, selectors and joined characters that belong to it."""
    out: list[str] = []
    for c in text:
        joined = out and (
            unicodedata.category(c) in ("Mn", "Mc", "Me")
            or _JOINS.match(c)
            or out[-1].endswith("\u200d")
            or (_regional(c) and len(out[-1]) == 1 and _regional(out[-1]))
        )
        if joined:
            out[-1] += c
        else:
            out.append(c)
    return out


def _regional(c: str) -> bool:
    """A regional indicator: two of them make a flag."""
    return "\U0001f1e6" <= c <= "\U0001f1ff"


def pieces(word: str, size: float, width: float, bold: bool = False) -> list[str]:
    """A word too wide for a line, cut between clusters into pieces that each fit `width`
    points (where a single cluster is wider, it is a piece alone): where the line breaks it."""
    cut = clusters(word)
    widths = [_cluster_width(c, bold) * size / 1000 for c in cut]
    out, i = [], 0
    while i < len(cut):
        j, used = i + 1, widths[i]
        while j < len(cut) and used + widths[j] <= width:
            used += widths[j]
            j += 1
        # Kerning and shaping make a piece differ from the sum of its clusters.
        while j - i > 1 and text_width("".join(cut[i:j]), size, bold) > width:
            j -= 1
        out.append("".join(cut[i:j]))
        i = j
    return out


def words(text: str) -> list[str]:
    """The words a line may break between: split at spaces and line breaks only (a no-break
    space, as inside a date, joins its neighbours, where str.split() would part them)."""
    return [w for w in re.split(r"[ \n\r\x85\u2028\u2029]", text) if w]


def line_count(text: str, size: float, width: float, bold: bool = False) -> int:
    """Lines that `text` takes when wrapped greedily at spaces into `width` points; a word wider
    than a line starts a line and breaks where it must (pieces)."""
    lines = 0
    space = text_width(" ", size, bold)
    for paragraph in lines_of(text):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if used and used + space + w > width:
                lines += 1
                used = 0.0
            if w > width and word:  # a word longer than the line breaks where it must
                parts = pieces(word, size, width, bold)
                lines += len(parts) - 1
                w = text_width(parts[-1], size, bold)
            used += (space if used else 0.0) + w
    return lines


def inner_width(w: int, indent: int = 0) -> float:
    return (w - 2 * INSET_X - indent) / EMU_PER_PT * 0.96  # a margin for renderer differences


def paras_height(paras: tuple[Para, ...], w: int) -> float:
    """Height in points that `paras` take in a box `w` EMU wide."""
    total = 2 * INSET_Y / EMU_PER_PT
    for i, p in enumerate(paras):
        lines = line_count(p.text, p.size, inner_width(w, indent_of(p)), p.bold)
        total += lines * p.size * LINE + (p.size * SPACE if i else 0)
    return total


def hang_of(level: int) -> int:
    """How far a bullet or number hangs left of its text, at a level."""
    return INDENT[0] if level == 0 else INDENT[1] - INDENT[0]


def indent_of(p: Para) -> int:
    """The text indent of a paragraph: bullets and numbers hang, plain text does not."""
    if p.style in ("bullet", "number"):
        return INDENT[min(p.level, 1)]
    return INDENT[0] if p.level else 0


# --- fitting -------------------------------------------------------------------------------------


def paras_of(items: tuple[Item, ...], size: float, first_number: int = 1) -> tuple[Para, ...]:
    out, number = [], first_number
    for item in items:
        s = size if item.level == 0 else round(size * 0.88)
        bold = item.style in ("lead", "tip")
        color = PRIMARY if item.style in ("lead", "link") else (TIP if item.style == "tip" else INK)
        out.append(
            Para(
                item.text,
                item.level,
                item.style,
                s,
                bold,
                color,
                number if item.style == "number" and item.marker else 0,
                item.marker,
            )
        )
        if item.style == "number" and item.marker:
            number += 1
    return tuple(out)


def fit(
    items: tuple[Item, ...],
    w: int,
    h: int,
    sizes: tuple[int, ...] = BODY_SIZES,
    first_number: int = 1,
) -> tuple[Para, ...] | None:
    """The largest size at which `items` fit a box of w × h EMU, or None if none does."""
    for size in sizes:
        paras = paras_of(items, size, first_number)
        if paras_height(paras, w) <= h / EMU_PER_PT:
            return paras
    return None


def _tokens(text: str, size: float, width: float, bold: bool) -> list[tuple[str, str]]:
    """The words of a paragraph, each with what joins it to the one before (a space, or the line
    break before the first word of a line); a word too wide for a line of `width` points comes in
    pieces that the line breaks between (joined by "")."""
    out: list[tuple[str, str]] = []
    lines = re.split(f"({BREAKS.pattern})", text)  # line, break, line, break …
    for k in range(0, len(lines), 2):
        for n, word in enumerate(lines[k].split(" ")):
            join = lines[k - 1] if k and not n else " "
            wide = text_width(word, size, bold) > width
            parts = (pieces(word, size, width, bold) if wide else [word]) or [""]
            out += [(part, "" if i else join) for i, part in enumerate(parts)]
    return out


def _split_item(item: Item, w: int, h: int) -> list[Item]:
    """A paragraph too long for an empty box, cut at spaces (and inside a word too long for a
    line, where the line breaks it) into pieces that each fit."""
    (para,) = paras_of((item,), BODY_SIZES[-1])
    width = inner_width(w, indent_of(para))
    pieces_, current = [], ""
    for word, join in _tokens(item.text, para.size, width, para.bold):
        trial = f"{current}{join}{word}" if current else word
        if current and fit((replace(item, text=trial),), w, h, BODY_SIZES[-1:]) is None:
            pieces_.append(current)
            current = word
        else:
            current = trial
    pieces_.append(current)
    return [replace(item, text=p, marker=item.marker and not i) for i, p in enumerate(pieces_)]


def paginate(items: tuple[Item, ...], w: int, h: int) -> list[tuple[Item, ...]]:
    """Items split over as many boxes as needed, each fitting at a readable size (20 pt or more
    when split); a lead paragraph stays with the one after it where the two fit a box."""
    if fit(items, w, h) is not None:
        return [items]
    flat: list[Item] = []
    for item in items:
        flat += [item] if fit((item,), w, h, BODY_SIZES[-1:]) else _split_item(item, w, h)
    pages: list[list[Item]] = [[]]
    for item in flat:
        if pages[-1] and fit((*pages[-1], item), w, h, BODY_SIZES[:4]) is None:
            lead = pages[-1][-1]
            carry = lead.style == "lead" and fit((lead, item), w, h) is not None
            pages.append([pages[-1].pop()] if carry else [])
        pages[-1].append(item)
    return [tuple(p) for p in pages if p]


def fit_title(text: str, role: str, w: int, h: int, sizes: tuple[int, ...], color: str) -> Box:
    """A title box at the largest size that fits; at the smallest, it may grow (see
    title_fits and cut_title for a title that does not fit even there)."""
    for size in sizes:
        para = Para(text, 0, "plain", size, True, color)
        if paras_height((para,), w) <= h / EMU_PER_PT:
            break
    return Box(role, 0, 0, w, h, (para,), anchor="b" if role == "title" else "t")


def title_fits(text: str, w: int, h: int, size: int, bold: bool = True) -> bool:
    """Whether `text` fits a box of w × h EMU at `size`."""
    return paras_height((Para(text, 0, "plain", size, bold),), w) <= h / EMU_PER_PT


def cut_title(text: str, w: int, h: int, size: int, tail: str = "", bold: bool = True) -> str:
    """The longest beginning of `text` that, followed by "…" and `tail`, fits a box of w × h EMU
    at `size`: cut after a word where one fits, else inside the first word."""
    tokens = _tokens(text, size, inner_width(w), bold)

    def shown(n: int) -> str:
        return "".join(f"{join}{word}" if i else word for i, (word, join) in enumerate(tokens[:n]))

    low, high = 0, len(tokens)  # the first `low` tokens fit; `high + 1` do not
    while low < high:
        middle = (low + high + 1) // 2
        if title_fits(f"{shown(middle)}…{tail}", w, h, size, bold):
            low = middle
        else:
            high = middle - 1
    return f"{shown(low).rstrip()}…"
