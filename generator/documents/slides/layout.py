"""Slides → placed boxes and shapes on a 16:9 page, with every text fitted to its box (pure).

A body that does not fit at the largest size is set smaller, down to a floor; below it, the slide
continues on a next slide, its title marked. A title (or a cover's subtitle) too long for its box
even at the smallest size shows its beginning with "…" there, and whole as the first paragraph of
the body (or of a slide after it). A drawing that cannot fit its texts becomes a numbered list.
Nothing is cut: only the one-line footer and the timeline's row labels (whole on the activities
slide) end in "…".
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
    PALE,
    PRIMARY,
    TITLE_SIZES,
    WHITE,
    WIDTH,
    Box,
    Para,
    Placed,
    Shape,
    cut_title,
    fit,
    fit_title,
    inch,
    lines_of,
    paginate,
    paras_height,
    paras_of,
    title_fits,
)
from generator.documents.slides.content import CONTENT, TITLE, TITLE_ONLY, TWO, Item, Slide
from generator.documents.slides.drawings import ladder, process, timeline_shapes

SUBTITLE_SIZES = (22, 20, 18, 16)
# Below the layout's sizes, before a title is cut and continued: what only a very long one needs.
FLOOR = (18, 16)
FOOTER_SIZE = 11

# --- placing -------------------------------------------------------------------------------------


def _at(box: Box, geometry: tuple[int, int, int, int]) -> Box:
    x, y, w, h = geometry
    return replace(box, x=x, y=y, w=w, h=h)


def place_deck(
    slides: list[Slide], footer: str, continued: str, logo: tuple[int, int] | None = None
) -> list[Placed]:
    """Every slide placed and fitted; long slides continue on further slides, their titles
    marked `continued` ("(forts.)"). A `logo` (its width and height in pixels) goes on the title
    slide, on a white card, and small in the footer of the light slides."""
    placed: list[Placed] = []
    for slide in slides:
        placed += _place(slide, continued)
    out = []
    for i, p in enumerate(placed, 1):
        if p.layout == TITLE and logo:
            p = replace(p, shapes=_cover_logo(logo) + p.shapes)
        elif not p.dark:
            p = replace(p, shapes=p.shapes + _footer(footer, i, len(placed), logo))
        out.append(p)
    return out


LOGO = "logo"  # the name of the logo image (Shape.fill of an "image")
COVER_LOGO = (inch(2.6), inch(1.0))  # the most the logo takes on the title slide, w × h
FOOTER_LOGO = (inch(1.2), inch(0.3))  # and in a footer


def _fit_logo(logo: tuple[int, int], most: tuple[int, int]) -> tuple[int, int]:
    """The logo's size within `most`, its proportions kept."""
    width, height = max(logo[0], 1), max(logo[1], 1)
    scale = min(most[0] / width, most[1] / height)
    return max(int(width * scale), 1), max(int(height * scale), 1)


def _cover_logo(logo: tuple[int, int]) -> tuple[Shape, ...]:
    """The logo at the top right of the title slide, on a white card (a logo drawn for paper
    shows on any colour there)."""
    w, h = _fit_logo(logo, COVER_LOGO)
    pad = inch(0.12)
    x, y = WIDTH - inch(0.6) - w, inch(0.55)
    card = Shape("round", x - pad, y - pad, w + 2 * pad, h + 2 * pad, WHITE)
    return (card, Shape("image", x, y, w, h, LOGO))


def _footer(
    text: str, number: int, total: int, logo: tuple[int, int] | None = None
) -> tuple[Shape, ...]:
    """The running footer: one line, ending in "…" where the title and author are longer; the
    logo, small, between it and the page number."""
    x, y, w, h = FOOTER
    text = " ".join(lines_of(text))
    room = w - inch(1.5)
    image: tuple[Shape, ...] = ()
    if logo:
        lw, lh = _fit_logo(logo, FOOTER_LOGO)
        room -= lw + inch(0.15)
        image = (Shape("image", x + w - inch(1.5) - lw, y + (h - lh) // 2, lw, lh, LOGO),)
    if not title_fits(text, room, h, FOOTER_SIZE, bold=False):
        text = cut_title(text, room, h, FOOTER_SIZE, bold=False)
    para = Para(text, 0, "plain", FOOTER_SIZE, False, MUTED)
    left = Box("text", x, y, room, h, (para,), "m")
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
    return (Shape("text", *FOOTER, text=left), Shape("text", *FOOTER, text=right), *image)


def _title_sizes(layout: str) -> tuple[int, ...]:
    return (COVER_SIZES if layout == TITLE else TITLE_SIZES) + FLOOR


def _place(slide: Slide, continued: str) -> list[Placed]:
    """A slide placed (on as many slides as its body needs); a title or subtitle too long even at
    the smallest size is cut with "…" and continued (_continue_title)."""
    slide, after = _continue_title(slide, continued)
    if slide.layout == TITLE_ONLY and slide.timeline is None:
        drawn = ladder(slide.steps) if slide.key == "ladder" else process(slide.steps)
        if drawn is None:  # the texts fit no drawing: a numbered list, continued as needed
            slide = replace(slide, layout=CONTENT, body=_as_list(slide.steps), steps=())
    placed = _placed(slide, continued)
    for extra in after:
        placed += _place(extra, continued)
    return placed


def _as_list(steps: tuple[dict[str, str], ...]) -> tuple[Item, ...]:
    """The steps (or a ladder's rungs) of a drawing as numbered paragraphs, each with its text."""
    body: list[Item] = []
    for step in steps:
        name = f"{step['title']} ({step['code']})" if step.get("code") else step["title"]
        body.append(Item(name, style="number"))
        if step.get("text"):
            body.append(Item(step["text"], level=1, style="plain"))
    return tuple(body)


def _continue_title(slide: Slide, continued: str) -> tuple[Slide, list[Slide]]:
    """`slide` with a title that fits its box at some size (cut with "…" where the whole does
    not), and the slides that continue it. A body slide starts its body with the whole title; a
    cover, a section or a drawing is followed by a slide with the whole title (and subtitle)."""
    _, _, w, h = GEOMETRY[slide.layout]["title"]
    smallest, original = _title_sizes(slide.layout)[-1], slide.title
    whole: list[Item] = []
    if not title_fits(slide.title, w, h, smallest):
        whole.append(Item(slide.title, style="lead"))
        slide = replace(slide, title=cut_title(slide.title, w, h, smallest, f" {continued}"))
    if slide.layout in DARK_LAYOUTS and slide.subtitle:
        _, _, sw, sh = GEOMETRY[slide.layout]["subtitle"]
        if not title_fits(slide.subtitle, sw, sh, SUBTITLE_SIZES[-1], bold=False):
            whole.append(Item(slide.subtitle, style="plain"))
            subtitle = cut_title(slide.subtitle, sw, sh, SUBTITLE_SIZES[-1], bold=False)
            slide = replace(slide, subtitle=subtitle)
    if not whole:
        return slide, []
    if slide.layout in (CONTENT, TWO):
        return replace(slide, body=(*whole, *slide.body)), []
    _, _, cw, ch = GEOMETRY[CONTENT]["title"]
    tail = f" {continued}"
    fits = title_fits(original + tail, cw, ch, FLOOR[-1])
    title = (original if fits else cut_title(original, cw, ch, FLOOR[-1], tail)) + tail
    rest = Slide(f"{slide.key}+title", CONTENT, title, body=tuple(whole), notes=slide.notes)
    return slide, [rest]


def _placed(slide: Slide, continued: str) -> list[Placed]:
    geo = GEOMETRY[slide.layout]
    dark = slide.layout in DARK_LAYOUTS
    if dark:
        sizes = _title_sizes(slide.layout)
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
            fit_title(
                text, "title", geo["title"][2], geo["title"][3], TITLE_SIZES + FLOOR, PRIMARY
            ),
            geo["title"],
        )

    if slide.layout == TITLE_ONLY:
        if slide.timeline is not None:
            return _timeline_slides(slide, title_box, continued)
        shapes = ladder(slide.steps) if slide.key == "ladder" else process(slide.steps)
        assert shapes is not None  # _place makes a list of a drawing that does not fit
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
        number += sum(1 for p in paras if p.style == "number" and p.marker)
        marked = i == 0 or slide.title.endswith(continued)
        heading = slide.title if marked else f"{slide.title} {continued}"
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
