"""The drawings of a slide as shapes: the steps of a process joined by arrows, a workshop's ladder
of actions, and a project's timeline on a month axis (pure; placed on the same 16:9 page as the
text)."""

from __future__ import annotations

from generator.documents.slides.boxes import (
    ACCENT,
    EMU_PER_PT,
    FOOTER,
    INK,
    INSET_X,
    MUTED,
    PALE,
    PRIMARY,
    WHITE,
    WIDTH,
    Box,
    Para,
    Shape,
    cut_title,
    inch,
    inner_width,
    paras_height,
    text_width,
    words,
)
from generator.documents.slides.content import Timeline


def process(steps: tuple[dict[str, str], ...]) -> tuple[Shape, ...] | None:
    """The steps as numbered boxes joined by arrows across the slide, each with what it
    involves underneath; one size for all boxes, the largest at which every word fits a line.
    None where even the smallest size leaves a word wider than its box or a text taller."""
    n = len(steps)
    gap = inch(0.35)
    left, top, total, height = inch(0.6), inch(2.0), inch(12.13), inch(1.9)
    w = (total - gap * (n - 1)) // n if n else 0
    if w < inch(0.5):
        return None
    titles = [s["title"] for s in steps]
    size = _uniform_size(
        titles, w, height - inch(0.6), (22, 20, 18, 16, 14, 12, 10), bold=True, strict=True
    )
    text_size = _uniform_size(
        [s.get("text", "") for s in steps], w, inch(2.6), (18, 16, 14, 12, 11, 10), strict=True
    )
    if not size or not text_size:
        return None
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
        shapes.append(Shape("round", x, top, w, height, PRIMARY, inside))
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


def ladder(rungs: tuple[dict[str, str], ...]) -> tuple[Shape, ...] | None:
    """The rungs of a ladder (eTwinning, then actions) as boxes rising from left to right, joined
    by arrows, each with its code and name inside and what it is underneath.

    One size for every name and one for every text, the largest at which no word is broken:
    each box is at least as wide as its longest word needs, and the narrow boxes share the rest
    of the width (so a short name does not leave its text a narrow column). None where no
    size fits every name in its box and every text under it."""
    n = len(rungs)
    if not n:
        return None
    gap, rise, height = inch(0.3), inch(0.25), inch(1.35)
    left, total, top, bottom = inch(0.35), inch(12.63), inch(1.95), inch(6.85)
    room = total - gap * (n - 1)
    spill = gap * 2 // 5  # a text underneath may reach this far into the gaps beside its box
    ys = [top + (n - 1 - i) * rise for i in range(n)]  # the first rung lowest
    under = [bottom - (y + height + inch(0.15)) for y in ys]
    size, widths = 0, [room // n] * n
    rim = 2 * _round_inset(height, height)  # the most a rounded box's corners take off its text
    for candidate in (20, 18, 16, 14, 13, 12, 11, 10):
        needs = [max(_needed(w, candidate, True) for w in words(r["title"])) + rim for r in rungs]
        if sum(needs) > room:
            continue
        trial = _share(needs, room)
        if all(
            paras_height(_rung_paras(r, candidate, candidate), w - rim) <= height / EMU_PER_PT
            for r, w in zip(rungs, trial, strict=True)
        ):
            size, widths = candidate, trial
            break
    if not size:
        return None
    # The codes (and a name without one, eTwinning) a little larger, where they fit.
    code_size = next(
        (
            c
            for c in (size + 4, size + 2)
            if all(
                _needed(r["code"] or r["title"], c, True) <= w - rim
                and paras_height(_rung_paras(r, size, c), w - rim) <= height / EMU_PER_PT
                for r, w in zip(rungs, widths, strict=True)
            )
        ),
        size,
    )
    text_size = next(
        (
            s
            for s in (16, 14, 13, 12, 11, 10)
            if all(
                _uniform_size([r.get("text", "")], w + 2 * spill, h, (s,), strict=True)
                for r, w, h in zip(rungs, widths, under, strict=True)
            )
        ),
        0,
    )
    if not text_size:
        return None
    shapes: list[Shape] = []
    x = left
    for i, (rung, w, y) in enumerate(zip(rungs, widths, ys, strict=True)):
        # The text where PowerPoint puts it in a rounded box: inside the corners.
        edge = _round_inset(w, height)
        paras = _rung_paras(rung, size, code_size)
        inside = Box("text", x + edge, y, w - 2 * edge, height, paras, "m", "c")
        shapes.append(Shape("round", x, y, w, height, PRIMARY, inside))
        if rung.get("text"):
            below = Box(
                "text",
                x - spill,
                y + height + inch(0.15),
                w + 2 * spill,
                under[i],
                (Para(rung["text"], 0, "plain", text_size, False, INK),),
                "t",
                "c",
            )
            shapes.append(Shape("text", below.x, below.y, below.w, below.h, text=below))
        if i < n - 1:
            middle = (y + ys[i + 1] + height) // 2  # where this box and the next, higher, overlap
            shapes.append(
                Shape(
                    "arrow",
                    x + w + inch(0.05),
                    middle - inch(0.17),
                    gap - inch(0.1),
                    inch(0.34),
                    ACCENT,
                )
            )
        x += w + gap
    return tuple(shapes)


def _share(needs: list[int], room: int) -> list[int]:
    """Widths of at least `needs` adding up to `room`: the narrowest grow first, to one width."""
    common = room // len(needs)
    while True:
        wide = [need for need in needs if need > common]
        narrow = len(needs) - len(wide)
        level = (room - sum(wide)) // narrow if narrow else common
        if level == common or not narrow:
            break
        common = level
    return [max(need, common) for need in needs]


def _round_inset(w: int, h: int) -> int:
    """How far inside a rounded rectangle (PowerPoint's default corners: a sixth of the shorter
    side) its text area begins, on each side."""
    return int(0.29289 * min(w, h) / 6) + 1


def _needed(word: str, size: float, bold: bool) -> int:
    """The box width (EMU) in which `word` fits one line at `size`: inner_width inverted."""
    return int(text_width(word, size, bold) / 0.96 * EMU_PER_PT) + 2 * INSET_X + 1


def _rung_paras(rung: dict[str, str], size: int, code_size: int) -> tuple[Para, ...]:
    """A rung's code (accent) over its name; a rung without a code, its name at the code's size."""
    if not rung.get("code"):
        return (Para(rung["title"], 0, "plain", code_size, True, WHITE),)
    return (
        Para(rung["code"], 0, "plain", code_size, True, ACCENT),
        Para(rung["title"], 0, "plain", size, True, WHITE),
    )


def _uniform_size(
    texts: list[str],
    w: int,
    h: int,
    sizes: tuple[int, ...],
    bold: bool = False,
    strict: bool = False,
) -> int:
    """The largest size at which each text fits w × h with no word wider than the line; if none
    does, the smallest (0 if `strict`)."""
    width = inner_width(w)
    for size in sizes:
        if all(
            max((text_width(word, size, bold) for word in words(t)), default=0) <= width
            and paras_height((Para(t, 0, "plain", size, bold),), w) <= h / EMU_PER_PT
            for t in texts
        ):
            return size
    return 0 if strict else sizes[-1]


TICK_SIZE, BAR_TEXT_SIZE = 12, 12
TICK_GAP = inch(0.02)  # the least room between two tick labels' boxes (their insets part the texts)
MONTH_STEPS = (1, 2, 3, 4, 6, 12, 24)  # label every month, every other, quarters, half-years …


def timeline_shapes(t: Timeline, last: bool) -> tuple[Shape, ...]:
    """A Gantt-style chart: the period, then one bar per activity, on an axis of months or years.

    The axis labels as many months as fit side by side; a row's label stays in the label column;
    what a bar says is written after it, inside it or before it, wherever it fits, never over a
    row's label."""
    label_x, label_w = inch(0.6), inch(3.7)
    x0, x1 = inch(4.5), inch(12.5)
    top = inch(1.95)
    rows = 1 + len(t.bars)
    row_h = min(inch(0.75), inch(3.9) // rows)
    per_unit = (x1 - x0) / t.span
    axis_y = top + rows * row_h + inch(0.1)
    shapes = _axis(t, x0, per_unit, top, axis_y)
    shapes.append(Shape("line", x0, axis_y, x1 - x0, 0, MUTED))
    start, length = t.period or (0.0, float(t.span))
    entries = [(t.period_label, start, length, "", PALE)] + [
        (b.label, b.start, b.length, b.text, PRIMARY) for b in t.bars
    ]
    for r, (label, start, length, text, colour) in enumerate(entries):
        y = top + r * row_h
        para = _fitted(label, label_w, row_h, r == 0, INK, (14, 12, 11, 10))
        name = Box("text", label_x, y, label_w, row_h, (para,), "m", "r")
        shapes.append(Shape("text", name.x, name.y, name.w, name.h, text=name))
        bx = int(x0 + max(start, 0) * per_unit)
        bw = max(int(length * per_unit), inch(0.12))
        shapes.append(Shape("rect", bx, y + row_h // 5, bw, row_h * 3 // 5, colour))
        if text:
            note = _bar_text(text, bx, bw, y, row_h, x0)
            shapes.append(Shape("text", note.x, note.y, note.w, note.h, text=note))
    if t.note and last:  # under the tick labels, above the footer
        y = axis_y + inch(0.5)
        h = min(inch(0.6), FOOTER[1] - y)
        para = _fitted(t.note, inch(12.13), h, False, MUTED, (14, 12, 11, 10))
        note = Box("text", inch(0.6), y, inch(12.13), h, (para,))
        shapes.append(Shape("text", note.x, note.y, note.w, note.h, text=note))
    return tuple(shapes)


def _axis(t: Timeline, x0: int, per_unit: float, top: int, axis_y: int) -> list[Shape]:
    """The grid lines and the tick labels, each label in a box as wide as the widest needs,
    centred on its place, the boxes apart: a year axis labels every year in its middle, a month
    axis every `step`-th month (and the end where it fits)."""
    need = max(_needed(label, TICK_SIZE, False) for _, label in t.ticks)
    lines: list[float] = []  # a year axis: a grid line between the years
    if t.unit == "year":
        lines = [float(i) for i in range(t.span + 1)]
        shown = list(t.ticks)
    else:
        step = next((s for s in MONTH_STEPS if s * per_unit >= need + TICK_GAP), t.span)
        shown = [(at, label) for at, label in t.ticks if at % step == 0]
        end = [(at, label) for at, label in t.ticks if at == t.span]
        if end and shown[-1][0] != t.span and (t.span - shown[-1][0]) * per_unit >= need + TICK_GAP:
            shown += end
    shapes = [Shape("line", int(x0 + at * per_unit), top, 0, axis_y - top, PALE) for at in lines]
    for at, label in shown:
        x = int(x0 + at * per_unit)
        if t.unit != "year":  # a month's grid line, then its label
            shapes.append(Shape("line", x, top, 0, axis_y - top, PALE))
        tick = Box(
            "text",
            x - need // 2,
            axis_y + inch(0.05),
            need,
            inch(0.4),
            (Para(label, 0, "plain", TICK_SIZE, False, MUTED),),
            "t",
            "c",
        )
        shapes.append(Shape("text", tick.x, tick.y, tick.w, tick.h, text=tick))
    return shapes


def _bar_text(text: str, bx: int, bw: int, y: int, row_h: int, x0: int) -> Box:
    """What a bar says, in its row: inside the bar (white) if it fits there, else after the bar if
    it fits before the page's margin, else before it (but after the label column, x0); where it
    fits nowhere on one line, on the side with the most room, wrapped and smaller."""
    gap, right = inch(0.08), WIDTH - inch(0.3)
    need = _needed(text, BAR_TEXT_SIZE, False)
    after, before = (bx + bw + gap, right), (x0, bx - gap)
    places = (
        (bx, bw, "l", WHITE),
        (after[0], after[1] - after[0], "l", MUTED),
        (before[1] - need, before[1] - before[0], "r", MUTED),
    )
    for x, room, align, colour in places:
        if need <= room:
            para = Para(text, 0, "plain", BAR_TEXT_SIZE, False, colour)
            return Box("text", x, y, need, row_h, (para,), "m", align)
    if after[1] - after[0] >= before[1] - before[0]:
        x, w, align = after[0], after[1] - after[0], "l"
    else:
        x, w, align = before[0], before[1] - before[0], "r"
    para = _fitted(text, w, row_h, False, MUTED, (BAR_TEXT_SIZE, 11, 10))
    return Box("text", x, y, w, row_h, (para,), "m", align)


def _fitted(text: str, w: int, h: int, bold: bool, colour: str, sizes: tuple[int, ...]) -> Para:
    """`text` at the largest of `sizes` that fits w × h (wrapping if it must). A text too long
    even at the smallest size ends in an ellipsis here, after what fits the box (a word, or the
    beginning of one); the activities slide has it whole."""
    for size in sizes:
        para = Para(text, 0, "plain", size, bold, colour)
        if paras_height((para,), w) <= h / EMU_PER_PT:
            return para
    return Para(cut_title(text, w, h, sizes[-1], bold=bold), 0, "plain", sizes[-1], bold, colour)
