"""Placed slides → PDF: the same boxes and shapes as the PPTX, drawn by Typst.

The deck travels to Typst as JSON in `sys.inputs` (data, never markup); the Typst program is
templates/slides/deck.typ. The bundled Liberation Sans is the font the layout was measured with.
"""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from typing import Any

from generator.documents.slides.boxes import (
    ACCENT,
    ACCENT_BAR,
    EMU_PER_PT,
    HEIGHT,
    INSET_X,
    INSET_Y,
    LINE,
    NAVY,
    SPACE,
    WIDTH,
    Box,
    Para,
    Placed,
    hang_of,
    indent_of,
    inner_width,
    lines_of,
    pieces,
    text_width,
)
from generator.output.convert import DocumentInfo

BREAK = "\u200b"  # a zero-width space: where deck.typ breaks a word too long for its line


def _pt(emu: int) -> float:
    return round(emu / EMU_PER_PT, 2)


def _breakable(p: Para, w: int) -> str:
    """A paragraph's text for Typst: its line breaks (U+2028, U+2029, NEL …) as line feeds, and
    each word too wide for its line as the layout measured it (boxes.line_count): on a line of
    its own, in pieces (boxes.pieces) with a zero-width space between them, where deck.typ lets
    the line break."""
    width = inner_width(w, indent_of(p))
    lines = []
    for line in lines_of(p.text):
        out = ""
        for i, word in enumerate(line.split(" ")):
            wide = bool(word) and text_width(word, p.size, p.bold) > width
            if wide:
                word = BREAK.join(pieces(word, p.size, width, p.bold))
            out += ("\n" if wide and out.strip() else " " if i else "") + word
        lines.append(out)
    return "\n".join(lines)


def _box(box: Box) -> dict[str, Any]:
    return {
        "x": _pt(box.x),
        "y": _pt(box.y),
        "w": _pt(box.w),
        "h": _pt(box.h),
        "anchor": box.anchor,
        "align": box.align,
        "paras": [
            {
                **dataclasses.asdict(p),
                "text": _breakable(p, box.w),
                "indent": _pt(indent_of(p)),
                "hang": _pt(hang_of(p.level)),
            }
            for p in box.paras
        ],
    }


def deck_json(placed: list[Placed], title: str, author: str, language: str) -> str:
    """The placed deck as the JSON that deck.typ reads, in points."""
    slides = []
    for slide in placed:
        shapes = [
            {
                "kind": s.kind,
                "x": _pt(s.x),
                "y": _pt(s.y),
                "w": _pt(s.w),
                "h": _pt(s.h),
                "fill": s.fill,
                "text": _box(s.text) if s.text is not None else None,
            }
            for s in slide.shapes
        ]
        slides.append(
            {
                "layout": slide.layout,
                "dark": slide.dark,
                "boxes": [_box(b) for b in slide.boxes],
                "shapes": shapes,
            }
        )
    deck = {
        "title": title,
        "author": author,
        "lang": language,
        "width": _pt(WIDTH),
        "height": _pt(HEIGHT),
        "inset_x": _pt(INSET_X),
        "inset_y": _pt(INSET_Y),
        "line": LINE,
        "space": SPACE,
        "navy": NAVY,
        "accent": ACCENT,
        "bars": {layout: [_pt(v) for v in geometry] for layout, geometry in ACCENT_BAR.items()},
        "slides": slides,
    }
    return json.dumps(deck, ensure_ascii=False)


def write_pdf(placed: list[Placed], source: bytes, info: DocumentInfo, what: str) -> bytes:
    """Compile the deck with Typst and the bundled fonts."""
    from generator.output.convert import compile_typst

    fonts = resources.files("generator").joinpath("data/fonts")
    with resources.as_file(fonts) as folder:
        return compile_typst(
            source,
            info,
            what,
            inputs={"deck": deck_json(placed, info.title, info.author, info.language)},
            fonts=[str(folder)],
        )
