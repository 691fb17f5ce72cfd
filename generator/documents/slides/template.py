"""A slide template (the built-in templates/slides.pptx or a user's --templates DIR/slides.pptx):
opened safely, read for its look, and given a theme's.

Its look is what both formats of the deck share: the theme colours of its theme part
(`a:clrScheme`: dk2 is the deck's primary colour, accent1 its accent) and the pictures (a logo)
on its slide master and layouts, which the PPTX shows by itself and the PDF draws at the same
places. A theme's colours and font are written into the theme part and replace the built-in
colours in the master and layouts; a theme's logo replaces the template's pictures.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

from generator.documents.slides.palette import DEFAULT_PALETTE, Palette

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
# The layouts a slide template needs, each with the placeholders (by idx) the deck fills.
REQUIRED_LAYOUTS = {
    "Title Slide": (0, 1),
    "Section Header": (0, 1),
    "Title and Content": (0, 1),
    "Two Content": (0, 1, 2),
    "Title Only": (0,),
}
PICTURE_FORMATS = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif", "svg": "svg"}
MASTER = ""  # the key of the master's pictures in TemplateLook.pictures


@dataclass(frozen=True)
class Picture:
    """A picture of the template: where it is (EMU) and its image."""

    x: int
    y: int
    w: int
    h: int
    data: bytes
    ext: str  # png | jpg | gif | svg


@dataclass(frozen=True)
class TemplateLook:
    """What the PDF deck takes from a slide template: its theme colours, and its pictures by
    layout name (MASTER: the master's), with the layouts that hide the master's shapes."""

    primary: str | None
    accent: str | None
    pictures: dict[str, tuple[Picture, ...]]
    hides_master: frozenset[str]

    def palette(self) -> Palette:
        """The built-in palette with this template's theme colours."""
        return DEFAULT_PALETTE.themed(self.primary, self.accent)

    def pictures_of(self, layout: str) -> tuple[Picture, ...]:
        """The pictures a slide of `layout` shows: the master's (unless the layout hides them),
        then the layout's own."""
        master = () if layout in self.hides_master else self.pictures.get(MASTER, ())
        return master + self.pictures.get(layout, ())


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


@lru_cache(maxsize=4)
def _cleaned(template: bytes, where: str) -> bytes:
    """output.safe_zip.clean_package, remembered: a batch opens the same template for every deck."""
    from generator.output.safe_zip import clean_package

    return clean_package(template, where)


def open_template(template: bytes, where: str) -> Any:
    """The slide template as a python-pptx Presentation, ready for the deck: read through
    output.safe_zip (limits, no DTDs, no external relationships, macros or OLE objects), its own
    slides dropped, saved as a plain presentation (not a macro-enabled one); a file that is not a
    presentation is an InputError, one without the layouts a ConversionError, naming `where`."""
    from pptx import Presentation
    from pptx.exc import PythonPptxError
    from pptx.opc.constants import CONTENT_TYPE as CT

    from generator.errors import ConversionError, InputError

    try:
        prs = Presentation(io.BytesIO(_cleaned(template, where)))
    except (PythonPptxError, KeyError, ValueError, etree.LxmlError) as exc:
        raise InputError(
            f"{where}: not a PowerPoint presentation ({type(exc).__name__}: {exc}); "
            "save it as .pptx"
        ) from None
    # A macro-enabled file's main part saved as a plain presentation (its macros are gone).
    prs.part._content_type = vars(prs.part)["content_type"] = CT.PML_PRESENTATION_MAIN
    slides = prs.slides._sldIdLst
    for entry in list(slides):
        prs.part.drop_rel(entry.rId)
        slides.remove(entry)
    layouts: dict[str, Any] = {layout.name: layout for layout in prs.slide_layouts}
    missing = [name for name in REQUIRED_LAYOUTS if name not in layouts]
    if missing:
        raise ConversionError(
            f"{where}: no layout named {', '.join(missing)}; a slide template needs the layouts "
            + ", ".join(REQUIRED_LAYOUTS)
        )
    for name, needed in REQUIRED_LAYOUTS.items():
        has = {ph.placeholder_format.idx for ph in layouts[name].placeholders}
        if not set(needed) <= has:
            raise ConversionError(
                f"{where}: the layout {name} has no placeholder idx "
                f"{', '.join(str(i) for i in needed if i not in has)}; the deck puts its "
                "title (idx 0) and texts (idx 1, 2) there"
            )
    return prs


def theme_part(prs: Any) -> Any:
    """The theme part of the presentation's (first) slide master."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    return prs.slide_master.part.part_related_by(RT.THEME)


def _scheme(theme: Any) -> Any:
    from generator.output.safe_zip import parse_part

    root = parse_part(theme.blob, "the slide template", str(theme.partname))
    return root, root.find(f"{_q(A, 'themeElements')}/{_q(A, 'clrScheme')}")


def _scheme_colour(scheme: Any, name: str) -> str | None:
    slot = scheme.find(_q(A, name)) if scheme is not None else None
    if slot is None or not len(slot):
        return None
    value = slot[0].get("val") if slot[0].tag == _q(A, "srgbClr") else slot[0].get("lastClr")
    return value.upper() if value and len(value) == 6 else None


def _pictures(shapes: Any) -> tuple[Picture, ...]:
    """The pictures among `shapes` whose image Typst can draw. A user's template is untrusted:
    a shape python-pptx cannot classify (an <p:sp> without geometry, an unknown graphic frame)
    or a picture without an embedded image (a link out, stripped when the file was read) is
    passed over, never an error."""
    from pptx.shapes.picture import Picture as PptxPicture

    out = []
    for shape in shapes:
        if not isinstance(shape, PptxPicture):  # shape_type itself raises on what it cannot name
            continue
        try:
            image = shape.image
            ext = PICTURE_FORMATS.get(image.ext.lower())
        except (KeyError, ValueError, AttributeError, TypeError, NotImplementedError):
            continue
        if ext and None not in (shape.left, shape.top, shape.width, shape.height):
            out.append(Picture(shape.left, shape.top, shape.width, shape.height, image.blob, ext))
    return tuple(out)


def template_look(prs: Any) -> TemplateLook:
    """The theme colours and the pictures of an opened template (open_template)."""
    _, scheme = _scheme(theme_part(prs))
    pictures = {MASTER: _pictures(prs.slide_master.shapes)}
    hidden = set()
    for layout in prs.slide_layouts:
        if layout.name in REQUIRED_LAYOUTS:
            pictures[layout.name] = _pictures(layout.shapes)
            if layout.element.get("showMasterSp") in ("0", "false"):
                hidden.add(layout.name)
    return TemplateLook(
        _scheme_colour(scheme, "dk2"),
        _scheme_colour(scheme, "accent1"),
        {k: v for k, v in pictures.items() if v},
        frozenset(hidden),
    )


def restyle(
    prs: Any, olds: tuple[Palette, ...], new: Palette, font: str | None, drop_pictures: bool
) -> None:
    """Give an opened template a theme's look: its theme colours (dk2, accent1, and hlink: a
    link is in the primary colour, as in the PDF) and, where they stand in the master and
    layouts, the colours of each of `olds` replaced by those of `new`; the theme's font as the
    theme fonts; and without its own pictures where `drop_pictures`."""
    theme = theme_part(prs)
    root, scheme = _scheme(theme)
    if scheme is not None:
        for slot, colour in (("dk2", new.primary), ("accent1", new.accent), ("hlink", new.primary)):
            element = scheme.find(_q(A, slot))
            if element is not None:
                for child in list(element):
                    element.remove(child)
                etree.SubElement(element, _q(A, "srgbClr"), val=colour)
    if font:
        for latin in root.iter(_q(A, "latin")):
            if latin.getparent().tag in (_q(A, "majorFont"), _q(A, "minorFont")):
                latin.set("typeface", font)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    swap = {
        getattr(old, role): getattr(new, role)
        for old in olds
        for role in ("primary", "accent", "pale")
        if getattr(old, role) != getattr(new, role)
    }
    for part in (prs.slide_master, *prs.slide_layouts):
        if swap:
            for colour in part.element.iter(_q(A, "srgbClr")):
                colour.set("val", swap.get(colour.get("val", "").upper(), colour.get("val")))
        if font:
            for latin in part.element.iter(_q(A, "latin")):
                latin.set("typeface", font)
        if drop_pictures:  # the pictures, and their images with them
            for pic in list(part.element.iter(_q(P, "pic"))):
                pic.getparent().remove(pic)
                for blip in pic.iter(_q(A, "blip")):
                    for rid in blip.attrib.values():
                        if rid in part.part.rels:
                            part.part.drop_rel(rid)
