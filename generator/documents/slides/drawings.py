"""The drawings of a slide as shapes: the steps of a process joined by arrows, a workshop's ladder
of actions, and a project's timeline on a month axis (pure; placed on the same 16:9 page as the
text)."""

from __future__ import annotations

from generator.documents.slides.boxes import (
    ACCENT,
    EMU_PER_PT,
    INK,
    INSET_X,
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


def ladder(rungs: tuple[dict[str, str], ...]) -> tuple[Shape, ...]:
    """The rungs of a ladder (eTwinning, then actions) as boxes rising from left to right, joined
    by arrows, each with its code and name inside and what it is underneath.

    One size for every name and one for every text, the largest at which no word is broken:
    each box is at least as wide as its longest word needs, and the narrow boxes share the rest
    of the width (so a short name does not leave its text a narrow column)."""
    n = len(rungs)
    gap, rise, height = inch(0.3), inch(0.25), inch(1.35)
    left, total, top, bottom = inch(0.35), inch(12.63), inch(1.95), inch(6.85)
    room = total - gap * (n - 1)
    spill = gap * 2 // 5  # a text underneath may reach this far into the gaps beside its box
    ys = [top + (n - 1 - i) * rise for i in range(n)]  # the first rung lowest
    under = [bottom - (y + height + inch(0.15)) for y in ys]
    size, widths = 10, [room // n] * n  # the fallback: more than the page holds at 10 pt
    rim = 2 * _round_inset(height, height)  # the most a rounded box's corners take off its text
    for candidate in (20, 18, 16, 14, 13, 12, 11, 10):
        needs = [max(_needed(w, candidate, True) for w in r["title"].split()) + rim for r in rungs]
        if sum(needs) > room:
            continue
        trial = _share(needs, room)
        if all(
            paras_height(_rung_paras(r, candidate, candidate), w - rim) <= height / EMU_PER_PT
            for r, w in zip(rungs, trial, strict=True)
        ):
            size, widths = candidate, trial
            break
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
            for s in (16, 14, 13, 12, 11)
            if all(
                _uniform_size([r.get("text", "")], w + 2 * spill, h, (s,), strict=True)
                for r, w, h in zip(rungs, widths, under, strict=True)
            )
        ),
        10,
    )
    shapes: list[Shape] = []
    x = left
    for i, (rung, w, y) in enumerate(zip(rungs, widths, ys, strict=True)):
        # The text where PowerPoint puts it in a rounded box: inside the corners.
        edge = _round_inset(w, height)
        paras = _rung_paras(rung, size, code_size)
        inside = Box("text", x + edge, y, w - 2 * edge, height, paras, "m", "c")
        shapes.append(Shape("round", x, y, w, height, NAVY, inside))
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
            max((text_width(word, size, bold) for word in t.split()), default=0) <= width
            and paras_height((Para(t, 0, "plain", size, bold),), w) <= h / EMU_PER_PT
            for t in texts
        ):
            return size
    return 0 if strict else sizes[-1]


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
