"""Slides → placed boxes and shapes on a 16:9 page, with every text fitted to its box (pure).

A body that does not fit at the largest size is set smaller, down to a floor; below it, the slide
continues on a next slide, its title marked. Nothing is cut.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from generator.documents.slides.boxes import (
    COVER_SIZES,
    DARK_LAYOUTS,
    EMU_PER_PT,
    FOOTER,
    GEOMETRY,
    MUTED,
    NAVY,
    PALE,
    TITLE_SIZES,
    WHITE,
    Box,
    Para,
    Placed,
    Shape,
    fit,
    fit_title,
    inch,
    paginate,
    paras_height,
    paras_of,
)
from generator.documents.slides.content import CONTENT, TITLE, TITLE_ONLY, TWO, Slide
from generator.documents.slides.drawings import ladder, process, timeline_shapes

SUBTITLE_SIZES = (22, 20, 18, 16)

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
            boxes.append(_subtitle(slide.subtitle, geo["subtitle"]))
        return [Placed(slide.key, slide.layout, slide.title, tuple(boxes), (), slide.notes, True)]

    def title_box(text: str) -> Box:
        return _at(
            fit_title(text, "title", geo["title"][2], geo["title"][3], TITLE_SIZES, NAVY),
            geo["title"],
        )

    if slide.layout == TITLE_ONLY:
        if slide.timeline is not None:
            return _timeline_slides(slide, title_box, continued)
        shapes = ladder(slide.steps) if slide.key == "ladder" else process(slide.steps)
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
                Box("left", *geo["left"], paras_of(slide.body, size)),
                Box("right", *geo["right"], paras_of(slide.right, size)),
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


def _subtitle(text: str, geometry: tuple[int, int, int, int]) -> Box:
    """A title slide's subtitle at the largest size that fits its box (a date in it is one
    word: its spaces do not break)."""
    for size in SUBTITLE_SIZES:
        para = Para(text, 0, "plain", size, False, PALE)
        if paras_height((para,), geometry[2]) <= geometry[3] / EMU_PER_PT:
            break
    return Box("subtitle", *geometry, (para,))


def _timeline_slides(slide: Slide, title_box: Callable[[str], Box], continued: str) -> list[Placed]:
    timeline = slide.timeline
    assert timeline is not None
    per_slide = 9
    bars = list(timeline.bars)
    chunks = [bars[i : i + per_slide] for i in range(0, max(len(bars), 1), per_slide)]
    out = []
    for i, chunk in enumerate(chunks):
        shapes = timeline_shapes(replace(timeline, bars=tuple(chunk)), last=i == len(chunks) - 1)
        title = slide.title if i == 0 else f"{slide.title} {continued}"
        key = slide.key if i == 0 else f"{slide.key}+{i}"
        out.append(
            Placed(key, TITLE_ONLY, slide.title, (title_box(title),), shapes, slide.notes, False)
        )
    return out
