"""A document's look, from the built-in templates, a user's overrides (--templates) and its
theme (a shared --theme file under the file's own `theme:`): what the converters need to draw it.

Colours come, from weakest to strongest: the built-in look, a user's slide template (its theme
colours: the deck's), the shared theme file, the file's own theme. A theme's logo replaces a
slide template's pictures. Where no theme and no override is given, the look is the built-in
one exactly, so the documents are the same bytes as without this module.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.documents.overrides import user_file
from generator.documents.slides.palette import Palette
from generator.errors import Problem
from generator.inputs.load import Document
from generator.inputs.theme import Logo, ResolvedTheme
from generator.messages import Msg, said
from generator.output.convert import LogoArt, Look
from generator.output.fonts import FONTS, SLIDE_FONT, Font, missing_characters
from generator.resources import template_dir

if TYPE_CHECKING:  # a slide template is read (with lxml) only for a deck
    from generator.documents.slides.template import TemplateLook

LOGO_PNG_WIDTH = 600  # pixels of an SVG logo drawn as PNG for Word and PowerPoint


def theme_of(own: ResolvedTheme | None, shared: ResolvedTheme | None) -> ResolvedTheme | None:
    """The theme of a file's documents: its own keys over the shared theme file's."""
    if own is None:
        return shared
    return own.over(shared)


@cache
def logo_art(logo: Logo) -> LogoArt:
    """A checked logo ready for every format (an SVG drawn as a PNG for the Office files)."""
    from PIL import Image

    from generator.output.typeset import rasterize_svg

    png = logo.data if logo.kind == "png" else rasterize_svg(logo.data, LOGO_PNG_WIDTH, logo.file)
    with Image.open(io.BytesIO(png)) as image:
        size = image.size
    return LogoArt(logo.data, logo.kind, png, size)


def _font(theme: ResolvedTheme | None) -> Font | None:
    return FONTS[theme.font] if theme and theme.font else None


def document_look(theme: ResolvedTheme | None, templates: Path | None) -> Look | None:
    """The look of the application or a handout; None where it is the built-in one."""
    reference = user_file(templates, "reference.docx")
    typst = user_file(templates, "pandoc/document.typ")
    if theme is None and reference is None and typst is None:
        return None
    if reference is not None:
        from generator.output.safe_zip import clean_package

        reference = (clean_package(reference[0], reference[1]), reference[1])
    theme = theme or ResolvedTheme()
    return Look(
        reference_docx=reference[0] if reference else None,
        typst_template=typst[0] if typst else None,
        typst_file=typst[1] if typst else "",
        primary=theme.primary.lstrip("#") if theme.primary else None,
        accent=theme.accent.lstrip("#") if theme.accent else None,
        font=_font(theme),
        logo=logo_art(theme.logo) if theme.logo else None,
    )


@dataclass(frozen=True)
class SlideLook:
    """The look of a deck: its template (bytes and where), the palette and font of both
    formats, the logo, the template's pictures, and the Typst program of the PDF."""

    template: bytes
    template_file: str
    palette: Palette | None  # None: the template's own (the PPTX keeps its colours as they are)
    pdf_palette: Palette
    font: Font
    logo: LogoArt | None
    look: TemplateLook | None  # a user's template: its pictures, for the PDF
    deck: bytes
    deck_file: str | None  # a user's deck.typ


def slide_look(theme: ResolvedTheme | None, templates: Path | None) -> SlideLook:
    """The look of a deck (see SlideLook)."""
    from generator.documents.slides.palette import DEFAULT_PALETTE
    from generator.documents.slides.template import TemplateLook, open_template, template_look

    template = user_file(templates, "slides.pptx")
    look = None
    if template is not None:
        look = template_look(open_template(*template))
    else:
        template = (
            (template_dir() / "slides.pptx").read_bytes(),
            str(template_dir() / "slides.pptx"),
        )
    own = look.palette() if look else DEFAULT_PALETTE
    palette = own.themed(theme.primary.lstrip("#"), None) if theme and theme.primary else own
    if theme and theme.accent:
        palette = palette.themed(None, theme.accent.lstrip("#"))
    deck = user_file(templates, "slides/deck.typ")
    source = deck[0] if deck else (template_dir() / "slides" / "deck.typ").read_bytes()
    logo = logo_art(theme.logo) if theme and theme.logo else None
    if logo is not None and look is not None:  # the theme's logo replaces the template's
        look = TemplateLook(look.primary, look.accent, {}, look.hides_master)
    return SlideLook(
        template[0],
        template[1],
        palette if palette != own else None,
        palette,
        _font(theme) or SLIDE_FONT,
        logo,
        look,
        source,
        deck[1] if deck else None,
    )


def glyph_warnings(docs: list[Document], fonts: tuple[Font, ...], document: str) -> list[Problem]:
    """A warning for each text of `docs` (a file and the example projects it shows) with
    characters that no font of the PDF has: they would print as empty boxes."""
    warnings = []
    for doc in docs:
        for path, text in _texts(doc.data, ()):
            missing = missing_characters(text, fonts)
            if not missing:
                continue
            shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing[:8])
            more = Msg("glyphs.more", n=len(missing) - 8) if len(missing) > 8 else ""
            kind = Msg(f"glyphs.document.{document}")
            found = said("glyphs.missing", document=kind, chars=shown, more=more)
            warnings.append(doc.problem(path, *found, level="warning", code="missing-glyphs"))
    return warnings


def _texts(node: Any, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(node, dict):
        return [t for key, value in node.items() for t in _texts(value, (*path, key))]
    if isinstance(node, list):
        return [t for i, value in enumerate(node) for t in _texts(value, (*path, i))]
    return [(path, node)] if isinstance(node, str) and not node.isascii() else []


def build_notes(
    item: Any,
    document: str,
    formats: list[str],
    templates: Path | None,
    shared: ResolvedTheme | None,
) -> list[Problem]:
    """The warnings of building `document` of `item` (a Loaded or LoadedWorkshop): files in the
    template folder that override nothing, unknown keys in its labels, and characters the PDF
    has no font for."""
    from generator.documents.language import merged_labels
    from generator.documents.overrides import unused_files
    from generator.loaded import Loaded

    notes = unused_files(templates)
    language = item.project.language if isinstance(item, Loaded) else item.workshop.language
    notes += merged_labels(language, templates)[1]
    if "pdf" in formats and document in ("application", "handout", "slides"):
        font = _font(theme_of(item.theme, shared))
        fonts = (font or SLIDE_FONT,) if document == "slides" else ((font,) if font else ())
        examples = [] if isinstance(item, Loaded) else [e.doc for e in item.examples]
        notes += glyph_warnings([item.doc, *examples], fonts, document)
    return notes
