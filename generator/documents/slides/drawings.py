"""The drawings of a slide as shapes: the steps of a process joined by arrows, and a project's
timeline on a month axis (pure; placed on the same 16:9 page as the text)."""

from __future__ import annotations

from generator.documents.slides.boxes import (
    ACCENT,
    EMU_PER_PT,
    INK,
    MUTED,
    NAVY,
    PALE,
    WHITE,
    WIDTH,
    Box,
    Para,
    Shape,
    inch,
    inner_width,
    paras_height,
    text_width,
)
from generator.documents.slides.content import Timeline


def process(steps: tuple[dict[str, str], ...]) -> tuple[Shape, ...]:
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
    width = inner_width(w)
    for size in sizes:
        if all(
            max((text_width(word, size, bold) for word in t.split()), default=0) <= width
            and paras_height((Para(t, 0, "plain", size, bold),), w) <= h / EMU_PER_PT
            for t in texts
        ):
            return size
    return sizes[-1]


def timeline_shapes(t: Timeline, last: bool) -> tuple[Shape, ...]:
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
    width = inner_width(w) * 2  # two lines at 10 pt
    while label and text_width(label + "…", 10, bold) > width:
        label = label[:-1]
    return Para(label.rstrip() + "…", 0, "plain", 10, bold, INK)
