"""Slides → placed boxes and shapes on a 16:9 page, with every text fitted to its box (pure).

One geometry serves the PPTX template, the PPTX slides and the PDF deck, so both formats show
the same slides. Text is measured with the metrics of the bundled Liberation Sans (metrically
compatible with Arial, the font the PPTX names): a body that does not fit at the largest size is
set smaller, down to a floor; below it, the slide continues on a next slide. Nothing is cut.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from generator.documents.slides.content import (
    CONTENT,
    SECTION,
    TITLE,
    TITLE_ONLY,
    TWO,
    Item,
    Slide,
    Timeline,
)

EMU_PER_INCH = 914400
EMU_PER_PT = 12700
WIDTH, HEIGHT = 12192000, 6858000  # 13.333 × 7.5 in: 16:9
FONT = "Arial"  # named in the PPTX; Liberation Sans (bundled) has the same metrics
INSET_X, INSET_Y = 91440, 45720  # PowerPoint's default text insets: 0.1 in, 0.05 in
LINE = 1.2  # line height as a multiple of the font size
SPACE = 0.45  # space before a paragraph, as a multiple of its font size
BODY_SIZES = (28, 26, 24, 22, 20, 18, 16)
TITLE_SIZES = (36, 32, 28, 24, 20)
COVER_SIZES = (44, 40, 36, 32, 28, 24)
INDENT = (int(0.4 * EMU_PER_INCH), int(0.8 * EMU_PER_INCH))  # bullet text indent per level

NAVY, ACCENT, INK, MUTED, PALE, WHITE = "0B2D6B", "F2B705", "1E1E1E", "5A6275", "E3EAF6", "FFFFFF"


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
    color: str = INK
    number: int = 0  # 1-based, for numbered paragraphs


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
    """A drawn shape: rect | round | arrow | line, with optional text inside."""

    kind: str
    x: int
    y: int
    w: int
    h: int
    fill: str = ""
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


@cache
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    with resources.as_file(resources.files("generator").joinpath("data/fonts", name)) as path:
        return ImageFont.truetype(str(path), 1000)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of `text` at `size` points."""
    return float(_font(bold).getlength(text)) * size / 1000


def line_count(text: str, size: float, width: float, bold: bool = False) -> int:
    """Lines that `text` takes when wrapped greedily at spaces into `width` points."""
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        space = text_width(" ", size, bold)
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if used and used + space + w > width:
                lines += 1
                used = 0.0
            if w > width:  # a word longer than the line breaks where it must
                lines += int(w // width)
                w = w % width
            used += (space if used else 0.0) + w
    return lines


def _inner_width(w: int, indent: int = 0) -> float:
    return (w - 2 * INSET_X - indent) / EMU_PER_PT * 0.96  # a margin for renderer differences


def paras_height(paras: tuple[Para, ...], w: int) -> float:
    """Height in points that `paras` take in a box `w` EMU wide."""
    total = 2 * INSET_Y / EMU_PER_PT
    for i, p in enumerate(paras):
        lines = line_count(p.text, p.size, _inner_width(w, indent_of(p)), p.bold)
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


def _paras(items: tuple[Item, ...], size: float, first_number: int = 1) -> tuple[Para, ...]:
    out, number = [], first_number
    for item in items:
        s = size if item.level == 0 else round(size * 0.88)
        bold = item.style in ("lead", "tip")
        color = (
            NAVY
            if item.style in ("lead", "link")
            else (ACCENT_DARK if item.style == "tip" else INK)
        )
        out.append(
            Para(
                item.text,
                item.level,
                item.style,
                s,
                bold,
                color,
                number if item.style == "number" else 0,
            )
        )
        if item.style == "number":
            number += 1
    return tuple(out)


ACCENT_DARK = "B7410E"  # the "think small" tip: a warm colour that reads on white


def fit(
    items: tuple[Item, ...],
    w: int,
    h: int,
    sizes: tuple[int, ...] = BODY_SIZES,
    first_number: int = 1,
) -> tuple[Para, ...] | None:
    """The largest size at which `items` fit a box of w × h EMU, or None if none does."""
    for size in sizes:
        paras = _paras(items, size, first_number)
        if paras_height(paras, w) <= h / EMU_PER_PT:
            return paras
    return None


def _split_item(item: Item, w: int, h: int) -> list[Item]:
    """A paragraph too long for an empty box, cut at spaces into pieces that each fit."""
    words, pieces, current = item.text.split(" "), [], ""
    for word in words:
        trial = f"{current} {word}" if current else word
        if current and fit((replace(item, text=trial),), w, h, BODY_SIZES[-1:]) is None:
            pieces.append(current)
            current = word
        else:
            current = trial
    pieces.append(current)
    return [replace(item, text=p) for p in pieces]


def paginate(items: tuple[Item, ...], w: int, h: int) -> list[tuple[Item, ...]]:
    """Items split over as many boxes as needed, each fitting at a readable size (20 pt or more
    when split); a lead paragraph stays with the one after it."""
    if fit(items, w, h) is not None:
        return [items]
    flat: list[Item] = []
    for item in items:
        flat += [item] if fit((item,), w, h, BODY_SIZES[-1:]) else _split_item(item, w, h)
    pages: list[list[Item]] = [[]]
    for item in flat:
        if pages[-1] and fit((*pages[-1], item), w, h, BODY_SIZES[:4]) is None:
            carry = [pages[-1].pop()] if pages[-1][-1].style == "lead" else []
            pages.append(carry)
        pages[-1].append(item)
    return [tuple(p) for p in pages if p]


def fit_title(text: str, role: str, w: int, h: int, sizes: tuple[int, ...], color: str) -> Box:
    """A title box at the largest size that fits; at the smallest, it may grow (never cut)."""
    for size in sizes:
        para = Para(text, 0, "plain", size, True, color)
        if paras_height((para,), w) <= h / EMU_PER_PT:
            break
    return Box(role, 0, 0, w, h, (para,), anchor="b" if role == "title" else "t")


# --- placing -------------------------------------------------------------------------------------


def _at(box: Box, geometry: tuple[int, int, int, int]) -> Box:
    x, y, w, h = geometry
    return replace(box, x=x, y=y, w=w, h=h)


def place_deck(slides: list[Slide], footer: str, continued: str) -> list[Placed]:
    """Every slide placed and fitted; long slides continue on further slides, their titles
    marked `continued` ("(forts.)")."""
    placed: list[Placed] = []
    for slide in slides:
        placed += _place(slide, continued)
    return [
        replace(p, shapes=p.shapes + _footer(footer, i, len(placed))) if not p.dark else p
        for i, p in enumerate(placed, 1)
    ]


def _footer(text: str, number: int, total: int) -> tuple[Shape, ...]:
    x, y, w, h = FOOTER
    left = Box("text", x, y, w - inch(1.5), h, (Para(text, 0, "plain", 11, False, MUTED),), "m")
    right = Box(
        "text",
        x + w - inch(1.5),
        y,
        inch(1.5),
        h,
        (Para(f"{number} / {total}", 0, "plain", 11, False, MUTED),),
        "m",
        "r",
    )
    return (Shape("text", *FOOTER, text=left), Shape("text", *FOOTER, text=right))


def _place(slide: Slide, continued: str) -> list[Placed]:
    geo = GEOMETRY[slide.layout]
    dark = slide.layout in DARK_LAYOUTS
    if dark:
        sizes = COVER_SIZES if slide.layout == TITLE else TITLE_SIZES
        title = _at(
            fit_title(slide.title, "title", geo["title"][2], geo["title"][3], sizes, WHITE),
            geo["title"],
        )
        boxes = [title]
        if slide.subtitle:
            sub = Box(
                "subtitle", *geo["subtitle"], (Para(slide.subtitle, 0, "plain", 22, False, PALE),)
            )
            boxes.append(sub)
        return [Placed(slide.key, slide.layout, slide.title, tuple(boxes), (), slide.notes, True)]

    def title_box(text: str) -> Box:
        return _at(
            fit_title(text, "title", geo["title"][2], geo["title"][3], TITLE_SIZES, NAVY),
            geo["title"],
        )

    if slide.layout == TITLE_ONLY:
        if slide.timeline is not None:
            return _timeline_slides(slide, title_box, continued)
        shapes = _process(slide.steps)
        return [
            Placed(
                slide.key,
                slide.layout,
                slide.title,
                (title_box(slide.title),),
                shapes,
                slide.notes,
                False,
            )
        ]
    if slide.layout == TWO:
        _, _, w, h = geo["left"]
        left, right = fit(slide.body, w, h), fit(slide.right, w, h)
        if left is not None and right is not None:
            size = min(left[0].size, right[0].size)
            columns = (
                title_box(slide.title),
                Box("left", *geo["left"], _paras(slide.body, size)),
                Box("right", *geo["right"], _paras(slide.right, size)),
            )
            return [Placed(slide.key, slide.layout, slide.title, columns, (), slide.notes, False)]
        # Too much for two columns: one column, continued as needed.
        slide = replace(slide, layout=CONTENT, body=slide.body + slide.right, right=())
        geo = GEOMETRY[CONTENT]
    _, _, w, h = geo["body"]
    pages = paginate(slide.body, w, h)
    out, number = [], 1
    for i, items in enumerate(pages):
        paras = fit(items, w, h, first_number=number)
        assert paras is not None
        number += sum(1 for p in paras if p.style == "number")
        heading = slide.title if i == 0 else f"{slide.title} {continued}"
        page = (title_box(heading), Box("body", *geo["body"], paras))
        key = slide.key if i == 0 else f"{slide.key}+{i}"
        out.append(Placed(key, CONTENT, slide.title, page, (), slide.notes, False))
    return out


def _process(steps: tuple[dict[str, str], ...]) -> tuple[Shape, ...]:
    """The steps as numbered boxes joined by arrows across the slide, each with what it
    involves underneath; one size for all boxes, the largest at which every word fits a line."""
    n = len(steps)
    gap = inch(0.35)
    left, top, total, height = inch(0.6), inch(2.0), inch(12.13), inch(1.9)
    w = (total - gap * (n - 1)) // n
    titles = [s["title"] for s in steps]
    size = _uniform_size(titles, w, height - inch(0.6), (22, 20, 18, 16, 14, 12, 10), bold=True)
    text_size = _uniform_size(
        [s.get("text", "") for s in steps], w, inch(2.6), (18, 16, 14, 12, 11, 10)
    )
    shapes: list[Shape] = []
    for i, step in enumerate(steps):
        x = left + i * (w + gap)
        number = Para(str(i + 1), 0, "plain", 30, True, ACCENT)
        inside = Box(
            "text",
            x,
            top,
            w,
            height,
            (number, Para(step["title"], 0, "plain", size, True, WHITE)),
            "m",
            "c",
        )
        shapes.append(Shape("round", x, top, w, height, NAVY, inside))
        if step.get("text"):
            under = Box(
                "text",
                x,
                top + height + inch(0.15),
                w,
                inch(2.6),
                (Para(step["text"], 0, "plain", text_size, False, INK),),
                "t",
                "c",
            )
            shapes.append(Shape("text", under.x, under.y, under.w, under.h, text=under))
        if i < n - 1:
            shapes.append(
                Shape(
                    "arrow",
                    x + w + inch(0.05),
                    top + height // 2 - inch(0.17),
                    gap - inch(0.1),
                    inch(0.34),
                    ACCENT,
                )
            )
    return tuple(shapes)


def _uniform_size(
    texts: list[str], w: int, h: int, sizes: tuple[int, ...], bold: bool = False
) -> int:
    """The largest size at which each text fits w × h with no word wider than the line."""
    width = _inner_width(w)
    for size in sizes:
        if all(
            max((text_width(word, size, bold) for word in t.split()), default=0) <= width
            and paras_height((Para(t, 0, "plain", size, bold),), w) <= h / EMU_PER_PT
            for t in texts
        ):
            return size
    return sizes[-1]


def _timeline_slides(slide: Slide, title_box: Any, continued: str) -> list[Placed]:
    timeline = slide.timeline
    assert timeline is not None
    per_slide = 9
    bars = list(timeline.bars)
    chunks = [bars[i : i + per_slide] for i in range(0, max(len(bars), 1), per_slide)]
    out = []
    for i, chunk in enumerate(chunks):
        shapes = _timeline_shapes(replace(timeline, bars=tuple(chunk)), last=i == len(chunks) - 1)
        title = slide.title if i == 0 else f"{slide.title} {continued}"
        key = slide.key if i == 0 else f"{slide.key}+{i}"
        out.append(
            Placed(key, TITLE_ONLY, slide.title, (title_box(title),), shapes, slide.notes, False)
        )
    return out


def _timeline_shapes(t: Timeline, last: bool) -> tuple[Shape, ...]:
    """A Gantt-style chart: the project period, then one bar per dated activity, on a month axis."""
    label_x, label_w = inch(0.6), inch(3.7)
    x0, x1 = inch(4.5), inch(12.5)
    top = inch(1.95)
    rows = 1 + len(t.bars)
    row_h = min(inch(0.75), inch(3.9) // rows)
    per_month = (x1 - x0) / t.months
    shapes: list[Shape] = []
    axis_y = top + rows * row_h + inch(0.1)
    for month, label in t.ticks:
        x = int(x0 + month * per_month)
        shapes.append(Shape("line", x, top, 0, axis_y - top, PALE))
        tick = Box(
            "text",
            x - inch(0.6),
            axis_y + inch(0.05),
            inch(1.2),
            inch(0.4),
            (Para(label, 0, "plain", 12, False, MUTED),),
            "t",
            "c",
        )
        shapes.append(Shape("text", tick.x, tick.y, tick.w, tick.h, text=tick))
    shapes.append(Shape("line", x0, axis_y, x1 - x0, 0, MUTED))
    entries = [(t.period_label, 0.0, float(t.months), "", PALE)] + [
        (b.label, b.start, b.length, b.text, NAVY) for b in t.bars
    ]
    for r, (label, start, length, text, colour) in enumerate(entries):
        y = top + r * row_h
        name = Box(
            "text", label_x, y, label_w, row_h, (_label(label, label_w, row_h, r == 0),), "m", "r"
        )
        shapes.append(Shape("text", name.x, name.y, name.w, name.h, text=name))
        bx = int(x0 + max(start, 0) * per_month)
        bw = max(int(length * per_month), inch(0.12))
        shapes.append(Shape("rect", bx, y + row_h // 5, bw, row_h * 3 // 5, colour))
        if text:
            after = bx + bw + inch(0.08)
            tw = inch(2.6)
            if after + tw > WIDTH - inch(0.3):  # no room on the right: write it on the left
                after = bx - inch(0.08) - tw
                align = "r"
            else:
                align = "l"
            note = Box(
                "text", after, y, tw, row_h, (Para(text, 0, "plain", 12, False, MUTED),), "m", align
            )
            shapes.append(Shape("text", note.x, note.y, note.w, note.h, text=note))
    if t.note and last:
        note = Box(
            "text",
            inch(0.6),
            axis_y + inch(0.55),
            inch(12.13),
            inch(0.6),
            (Para(t.note, 0, "plain", 14, False, MUTED),),
        )
        shapes.append(Shape("text", note.x, note.y, note.w, note.h, text=note))
    return tuple(shapes)


def _label(label: str, w: int, h: int, bold: bool) -> Para:
    """An activity's label at the largest size that fits its row (wrapping if it must). A label
    too long even at the smallest size ends in an ellipsis here; the activities slide has it whole."""
    for size in (14, 12, 11, 10):
        para = Para(label, 0, "plain", size, bold, INK)
        if paras_height((para,), w) <= h / EMU_PER_PT:
            return para
    width = _inner_width(w) * 2  # two lines at 10 pt
    while label and text_width(label + "…", 10, bold) > width:
        label = label[:-1]
    return Para(label.rstrip() + "…", 0, "plain", 10, bold, INK)
