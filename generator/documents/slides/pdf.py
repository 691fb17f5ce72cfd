"""Placed slides → PDF: the same boxes and shapes as the PPTX, drawn by Typst.

The deck travels to Typst as JSON in `sys.inputs` (data, never markup), its colours as RGB from
the palette; the Typst program is templates/slides/deck.typ (or a user's). Images (a theme's
logo, a user template's pictures) are files that gen puts in Typst's otherwise empty folder,
named by gen. The bundled font the layout was measured with draws the text.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from generator.documents.slides.boxes import (
    ACCENT_BAR,
    EMU_PER_PT,
    HEIGHT,
    INSET_X,
    INSET_Y,
    LINE,
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
from generator.documents.slides.palette import DEFAULT_PALETTE, Palette
from generator.documents.slides.template import TemplateLook
from generator.output.convert import DocumentInfo
from generator.output.fonts import SLIDE_FONT, Font

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


def _box(box: Box, palette: Palette) -> dict[str, Any]:
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
                "color": palette.rgb(p.color),
                "text": _breakable(p, box.w),
                "indent": _pt(indent_of(p)),
                "hang": _pt(hang_of(p.level)),
            }
            for p in box.paras
        ],
    }


def deck_json(
    placed: list[Placed],
    title: str,
    author: str,
    language: str,
    palette: Palette = DEFAULT_PALETTE,
    font: Font = SLIDE_FONT,
    art: dict[str, list[dict[str, Any]]] | None = None,
    logo: str | None = None,
) -> str:
    """The placed deck as the JSON that deck.typ reads, in points; `art`: the pictures to draw
    under the slides of each layout (a template's logo); `logo`: the file of the image named
    layout.LOGO."""
    slides = []
    for slide in placed:
        shapes = [
            {
                "kind": s.kind,
                "x": _pt(s.x),
                "y": _pt(s.y),
                "w": _pt(s.w),
                "h": _pt(s.h),
                "fill": s.fill if s.kind == "image" else palette.rgb(s.fill) if s.fill else "",
                "text": _box(s.text, palette) if s.text is not None else None,
            }
            for s in slide.shapes
        ]
        slides.append(
            {
                "layout": slide.layout,
                "dark": slide.dark,
                "boxes": [_box(b, palette) for b in slide.boxes],
                "shapes": shapes,
            }
        )
    deck = {
        "title": title,
        "author": author,
        "lang": language,
        "font": font.family,
        "width": _pt(WIDTH),
        "height": _pt(HEIGHT),
        "inset_x": _pt(INSET_X),
        "inset_y": _pt(INSET_Y),
        "line": LINE,
        "space": SPACE,
        "navy": palette.primary,
        "accent": palette.accent,
        "bars": {layout: [_pt(v) for v in geometry] for layout, geometry in ACCENT_BAR.items()},
        "art": art or {},
        "images": {"logo": logo} if logo else {},
        "slides": slides,
    }
    return json.dumps(deck, ensure_ascii=False)


def template_art(
    look: TemplateLook | None, layouts: set[str]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, bytes]]:
    """The pictures of a slide template for the PDF: per layout, where each goes and the name of
    its file; and the files (named by gen: art-N.ext)."""
    if look is None:
        return {}, {}
    art: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, bytes] = {}
    names: dict[bytes, str] = {}
    for layout in sorted(layouts):
        for pic in look.pictures_of(layout):
            name = names.setdefault(pic.data, f"art-{len(names) + 1}.{pic.ext}")
            files[name] = pic.data
            box = {"x": _pt(pic.x), "y": _pt(pic.y), "w": _pt(pic.w), "h": _pt(pic.h)}
            art.setdefault(layout, []).append({**box, "image": name})
    return art, files


def write_pdf(
    placed: list[Placed],
    source: bytes,
    info: DocumentInfo,
    what: str,
    palette: Palette = DEFAULT_PALETTE,
    font: Font = SLIDE_FONT,
    files: dict[str, bytes] | None = None,
    art: dict[str, list[dict[str, Any]]] | None = None,
    source_file: str | None = None,
    logo: str | None = None,
) -> bytes:
    """Compile the deck with Typst and the bundled font; `files` are the images it names (the
    logo, `art`), `source_file` names a user's deck.typ in a compile error."""
    from generator.output.fonts import font_folder
    from generator.output.typeset import compile_typst

    deck = deck_json(placed, info.title, info.author, info.language, palette, font, art, logo)
    with font_folder(font) as folder:
        return compile_typst(
            source,
            info,
            what,
            inputs={"deck": deck},
            fonts=[str(folder)],
            files=files,
            source_file=source_file,
        )
