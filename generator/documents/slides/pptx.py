"""Placed slides → PPTX (python-pptx), on a 16:9 template that this module builds from code.

The template (templates/slides.pptx, rebuilt by `make reference`) has PowerPoint's standard
layout names; every title and text sits in a placeholder of its layout, so the deck stays
editable. Drawings (the steps, the timeline, the footer) are shapes. User text is only ever run
text: python-pptx escapes it for XML; a line or paragraph break in it (also U+2028, U+2029, NEL)
is a line break. A run is a link only where documents.links allows it (http, https, mailto).

Colours are the roles of the placed deck, given RGB by a Palette: the template's theme colours
(slides.template), or a theme's, which are then written into the template too; the font is the
theme's office font (Arial by default). A user's template (--templates DIR/slides.pptx) is read
through output.safe_zip: within size limits, without DTDs, external relationships, macros or OLE
objects; its own slides are dropped (slides.template.open_template).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from lxml import etree

from generator.documents.links import link_target
from generator.documents.slides.boxes import (
    ACCENT_BAR,
    DARK_LAYOUTS,
    GEOMETRY,
    HEIGHT,
    INDENT,
    LINE,
    SPACE,
    WIDTH,
    Box,
    Para,
    Placed,
    Shape,
    hang_of,
    indent_of,
    lines_of,
)
from generator.documents.slides.palette import DEFAULT_PALETTE, Palette
from generator.documents.slides.template import open_template, restyle, template_look
from generator.output.archive import normalize_zip
from generator.output.fonts import SLIDE_FONT, Font

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
KEEP = ("Title Slide", "Title and Content", "Section Header", "Two Content", "Title Only", "Blank")
ROLE_INDEX = {"title": 0, "subtitle": 1, "body": 1, "left": 1, "right": 2}
EPOCH = dt.datetime(1980, 1, 1)
PROPERTY_LIMIT = 255  # characters in a core property (python-pptx refuses more)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _solid(colour: str) -> Any:
    fill = etree.Element(_q(A, "solidFill"))
    etree.SubElement(fill, _q(A, "srgbClr"), val=colour)
    return fill


def _set_run_props(defrpr: Any, size: int | None, colour: str, bold: bool | None = None) -> None:
    for child in list(defrpr):
        if child.tag in (_q(A, "solidFill"), _q(A, "schemeClr")):
            defrpr.remove(child)
    defrpr.insert(0, _solid(colour))
    if size:
        defrpr.set("sz", str(size * 100))
    if bold is not None:
        defrpr.set("b", "1" if bold else "0")


def _accent_bar(layout: Any, geometry: tuple[int, int, int, int], shape_id: int) -> None:
    x, y, w, h = geometry
    accent = DEFAULT_PALETTE.accent
    sp = etree.fromstring(
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr><p:cNvPr id="{shape_id}" name="Accent"/>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm>'
        f'<a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{accent}"/>'
        "</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
    )
    layout.shapes._spTree.append(sp)


def build_template() -> bytes:
    """The slide template: 16:9, Arial, navy titles, a yellow rule, dark title and section
    layouts; the layouts the deck uses and Blank, with the placeholders where the deck puts text.
    Its theme colours are the built-in palette's (dk2 navy, accent1 yellow; hlink navy: a link
    on a slide is in the primary colour, as in the PDF), so a copy of it gives the same deck in
    both formats."""
    palette = DEFAULT_PALETTE
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(WIDTH), Emu(HEIGHT)
    master = prs.slide_master
    theme = master.part.part_related_by(RT.THEME)
    blob = theme.blob.replace(b'typeface="Calibri"', f'typeface="{SLIDE_FONT.office}"'.encode())
    slots = (("dk2", palette.primary), ("accent1", palette.accent), ("hlink", palette.primary))
    for slot, colour in slots:
        blob = re.sub(
            rf'<a:{slot}><a:srgbClr val="[0-9A-F]{{6}}"/></a:{slot}>'.encode(),
            f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>'.encode(),
            blob,
        )
    theme._blob = blob
    styles = master.element.find(f".//{_q(P, 'txStyles')}")
    title_style = styles.find(f"{_q(P, 'titleStyle')}/{_q(A, 'lvl1pPr')}")
    title_style.set("algn", "l")
    _set_run_props(title_style.find(_q(A, "defRPr")), 32, palette.primary, True)
    body = styles.find(_q(P, "bodyStyle"))
    for level, ppr in enumerate(body):
        ppr.set("marL", str(INDENT[min(level, 1)] * (1 + max(level - 1, 0))))
        ppr.set("indent", str(-hang_of(level)))
        _set_run_props(ppr.find(_q(A, "defRPr")), None, palette.ink)
        bu = ppr.find(_q(A, "buChar"))
        if bu is not None:
            bu.addprevious(_colour("buClr", palette.accent))
    # The master's placeholders where the content layout has them; no date, footer or number
    # placeholders (the deck draws its own footer).
    for ph in list(master.placeholders):
        kind = ph.placeholder_format.idx
        if kind == 0:
            ph.left, ph.top, ph.width, ph.height = GEOMETRY["Title and Content"]["title"]
        elif kind == 1:
            ph.left, ph.top, ph.width, ph.height = GEOMETRY["Title and Content"]["body"]
        else:
            ph.element.getparent().remove(ph.element)
    for layout in list(prs.slide_layouts):
        if layout.name not in KEEP:
            prs.slide_layouts.remove(layout)
            continue
        geometry = GEOMETRY.get(layout.name, {})
        roles = {
            0: "title",
            1: "subtitle"
            if layout.name in DARK_LAYOUTS
            else ("left" if layout.name == "Two Content" else "body"),
            2: "right",
        }
        for ph in list(layout.placeholders):
            idx = ph.placeholder_format.idx
            role = roles.get(idx)
            if role in geometry:
                ph.left, ph.top, ph.width, ph.height = geometry[role]
            else:
                ph.element.getparent().remove(ph.element)
        if layout.name in DARK_LAYOUTS:
            layout.background.fill.solid()
            layout.background.fill.fore_color.rgb = _rgb(palette.primary)
            for ph in list(layout.placeholders):
                lst = ph.element.find(f".//{_q(A, 'lstStyle')}")
                for child in list(lst):
                    lst.remove(child)
                ppr = etree.SubElement(lst, _q(A, "lvl1pPr"), algn="l", marL="0", indent="0")
                etree.SubElement(ppr, _q(A, "buNone"))
                rpr = etree.SubElement(
                    ppr, _q(A, "defRPr"), sz="4000" if ph.placeholder_format.idx == 0 else "2200"
                )
                rpr.append(
                    _solid(palette.white if ph.placeholder_format.idx == 0 else palette.pale)
                )
        if layout.name in ACCENT_BAR:
            _accent_bar(layout, ACCENT_BAR[layout.name], 100)
    _fixed_properties(prs, "Erasmus+ slides (gen template)", "gen", "", None)
    out = io.BytesIO()
    prs.save(out)
    return normalize_zip(out.getvalue())


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour)  # type: ignore[no-untyped-call]


def _colour(tag: str, colour: str) -> Any:
    """<a:{tag}><a:srgbClr val=colour/></a:{tag}> (a bullet's colour: buClr)."""
    return etree.fromstring(f'<a:{tag} xmlns:a="{A}"><a:srgbClr val="{colour}"/></a:{tag}>')


def _fixed_properties(
    prs: Any, title: str, author: str, language: str, date: dt.datetime | None
) -> None:
    core = prs.core_properties
    core.title, core.author, core.last_modified_by = _property(title), _property(author), "gen"
    core.revision = 1
    core.language = language
    when = (date or EPOCH).replace(tzinfo=None)
    core.created = core.modified = core.last_printed = when


def _property(text: str) -> str:
    """A document property: one line, at most PROPERTY_LIMIT characters; a longer text is cut
    after a word (inside a longer word where there is none) and ends in "…". Only the file's
    metadata is cut: the slides show the whole text."""
    text = " ".join(lines_of(text))
    if len(text) <= PROPERTY_LIMIT:
        return text
    head = text[: PROPERTY_LIMIT - 1]
    if " " in head.strip():
        head = head.rstrip().rsplit(" ", 1)[0]
    return head.rstrip() + "…"


def _paragraph_props(p: Any, para: Para, first: bool, palette: Palette) -> None:
    from pptx.util import Pt

    p.level = min(para.level, 1) if para.style in ("bullet", "number") else 0
    p.space_before = Pt(0 if first else round(para.size * SPACE, 1))
    p.line_spacing = Pt(round(para.size * LINE, 1))  # exact: the same baseline distance as the PDF
    ppr = p._p.get_or_add_pPr()
    for child in list(ppr):
        if child.tag in (_q(A, "buNone"), _q(A, "buAutoNum"), _q(A, "buChar"), _q(A, "buClr")):
            ppr.remove(child)
    indent = indent_of(para)
    if para.style == "bullet" and para.marker:
        ppr.set("marL", str(indent))
        ppr.set("indent", str(-hang_of(para.level)))
        ppr.append(_colour("buClr", palette.accent))
        ppr.append(
            etree.fromstring(f'<a:buChar xmlns:a="{A}" char="{"•" if para.level == 0 else "–"}"/>')
        )
    elif para.style == "number" and para.marker:
        ppr.set("marL", str(indent))
        ppr.set("indent", str(-INDENT[0]))
        ppr.append(_colour("buClr", palette.primary))
        ppr.append(
            etree.fromstring(
                f'<a:buAutoNum xmlns:a="{A}" type="arabicPeriod" startAt="{para.number}"/>'
            )
        )
    else:
        ppr.set("marL", str(indent))
        ppr.set("indent", "0")
        ppr.append(etree.fromstring(f'<a:buNone xmlns:a="{A}"/>'))


def _fill(frame: Any, box: Box, palette: Palette, font_name: str) -> None:
    """Write a box's paragraphs into a text frame, with fitted sizes and no autofit."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = {"t": MSO_ANCHOR.TOP, "m": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}[
        box.anchor
    ]
    if _fill_as_xml(frame, box, palette, font_name):
        return
    align = {"l": PP_ALIGN.LEFT, "c": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}[box.align]
    for i, para in enumerate(box.paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for run in list(p.runs):
            run._r.getparent().remove(run._r)
        _paragraph_props(p, para, i == 0, palette)
        p.alignment = align
        for j, line in enumerate(lines_of(para.text)):
            if j:
                p.add_line_break()
            run = p.add_run()
            run.text = line
            font = run.font
            font.size = Pt(para.size)
            font.bold = para.bold
            font.name = font_name
            font.color.rgb = _rgb(palette.rgb(para.color))
            target = link_target(line) if para.style == "link" else None
            if target:
                run.hyperlink.address = target


# Text python-pptx writes otherwise than as it is (control characters as _xHHHH_ escapes).
_ESCAPED_BY_PPTX = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def _xml(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _fill_as_xml(frame: Any, box: Box, palette: Palette, font_name: str) -> bool:
    """`_fill`'s paragraphs written as XML in one go — the very elements python-pptx's
    paragraph and run objects make, without their cost per attribute (a deck took tens of
    milliseconds). False (nothing done) for a frame with links or text python-pptx escapes,
    or one that holds more than an empty paragraph: `_fill` writes those itself."""
    from pptx.util import Pt

    body = frame._txBody
    paragraphs = body.findall(_q(A, "p"))
    if len(paragraphs) != 1 or len(paragraphs[0]) or paragraphs[0].attrib:
        return False
    for para in box.paras:
        if para.style == "link" or _ESCAPED_BY_PPTX.search(para.text):
            return False
    algn = {"l": "l", "c": "ctr", "r": "r"}[box.align]
    out = []
    for i, para in enumerate(box.paras):
        listed = para.style in ("bullet", "number")
        level = min(para.level, 1) if listed else 0
        before = Pt(0 if i == 0 else round(para.size * SPACE, 1)).centipoints
        line = Pt(round(para.size * LINE, 1)).centipoints
        indent = indent_of(para)
        if para.style == "bullet" and para.marker:
            hang, colour = -hang_of(para.level), palette.accent
            bullet = f'<a:buChar char="{"•" if para.level == 0 else "–"}"/>'
        elif para.style == "number" and para.marker:
            hang, colour = -INDENT[0], palette.primary
            bullet = f'<a:buAutoNum type="arabicPeriod" startAt="{para.number}"/>'
        else:
            hang, colour, bullet = 0, "", "<a:buNone/>"
        bu = f'<a:buClr><a:srgbClr val="{colour}"/></a:buClr>{bullet}' if colour else bullet
        lvl = f' lvl="{level}"' if level else ""
        props = (
            f'<a:pPr{lvl} marL="{indent}" indent="{hang}" algn="{algn}">'
            f'<a:lnSpc><a:spcPts val="{line}"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{before}"/></a:spcBef>{bu}</a:pPr>'
        )
        rpr = (
            f'<a:rPr sz="{Pt(para.size).centipoints}" b="{1 if para.bold else 0}">'
            f'<a:solidFill><a:srgbClr val="{str(_rgb(palette.rgb(para.color)))}"/></a:solidFill>'
            f'<a:latin typeface="{_xml(font_name)}"/></a:rPr>'
        )
        runs = "<a:br/>".join(
            f"<a:r>{rpr}<a:t>{_xml(text)}</a:t></a:r>" for text in lines_of(para.text)
        )
        out.append(f"<a:p>{props}{runs}</a:p>")
    parsed = etree.fromstring(f'<a:txBody xmlns:a="{A}">{"".join(out)}</a:txBody>')
    body.remove(paragraphs[0])
    for p in list(parsed):
        body.append(p)
    return True


def _shape(
    slide: Any, shape: Shape, palette: Palette, font_name: str, images: dict[str, bytes]
) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Pt

    if shape.kind == "line":
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, shape.x, shape.y, shape.x + shape.w, shape.y + shape.h
        )
        line.line.color.rgb = _rgb(palette.rgb(shape.fill))
        line.line.width = Pt(1)
        return
    if shape.kind == "text":
        assert shape.text is not None
        box = shape.text
        frame_shape = slide.shapes.add_textbox(box.x, box.y, box.w, box.h)
        _fill(frame_shape.text_frame, box, palette, font_name)
        return
    if shape.kind == "image":
        picture = slide.shapes.add_picture(
            io.BytesIO(images[shape.fill]), shape.x, shape.y, shape.w, shape.h
        )
        picture.name = shape.fill.capitalize()
        return
    kind = {
        "rect": MSO_SHAPE.RECTANGLE,
        "round": MSO_SHAPE.ROUNDED_RECTANGLE,
        "arrow": MSO_SHAPE.RIGHT_ARROW,
    }[shape.kind]
    drawn = slide.shapes.add_shape(kind, shape.x, shape.y, shape.w, shape.h)
    drawn.fill.solid()
    drawn.fill.fore_color.rgb = _rgb(palette.rgb(shape.fill))
    drawn.line.fill.background()
    drawn.shadow.inherit = False
    if shape.text is not None:
        _fill(drawn.text_frame, shape.text, palette, font_name)


def write_pptx(
    placed: list[Placed],
    template: bytes,
    title: str,
    author: str,
    language: str,
    date: dt.datetime | None,
    where: str = "the slide template",
    palette: Palette | None = None,
    font: Font = SLIDE_FONT,
    images: dict[str, bytes] | None = None,
) -> bytes:
    """The deck as PPTX bytes: deterministic (fixed properties, entry order and dates).

    `template` is a PPTX with the template.REQUIRED_LAYOUTS (its name `where` is for the
    error). `palette` (a theme's, or None: the template's own) colours every shape and text and
    is written into the template; `font` is the theme's; `images` holds the PNG of each image
    shape by name (the logo), which then replaces the template's own pictures."""
    prs = open_template(template, where)
    own = template_look(prs).palette()
    palette = palette or own
    images = images or {}
    if palette != DEFAULT_PALETTE or font != SLIDE_FONT or images:
        restyle(prs, (DEFAULT_PALETTE, own), palette, font.office, bool(images))
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for item in placed:
        slide = prs.slides.add_slide(layouts[item.layout])
        filled = set()
        for box in item.boxes:
            idx = ROLE_INDEX[box.role]
            ph = slide.placeholders[idx]
            _fill(ph.text_frame, box, palette, font.office)
            filled.add(idx)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.idx not in filled:
                ph.element.getparent().remove(ph.element)
        for shape in item.shapes:
            _shape(slide, shape, palette, font.office, images)
        notes = slide.notes_slide.notes_text_frame
        if notes is not None:  # a template's notes master may have no place for notes
            notes.text = item.notes
    _fixed_properties(prs, title, author, language, date)
    out = io.BytesIO()
    prs.save(out)
    stamp = date or EPOCH
    return normalize_zip(
        out.getvalue(),
        date=(
            max(stamp.year, 1980),
            stamp.month,
            stamp.day,
            stamp.hour,
            stamp.minute,
            stamp.second - stamp.second % 2,
        ),
    )


if __name__ == "__main__":
    import sys
    from pathlib import Path

    from generator.resources import template_dir

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else template_dir() / "slides.pptx"
    target.write_bytes(build_template())
    print(f"wrote {target}")
