"""A project's or workshop's deck in its formats, with its look (documents.theming): the slides
placed once, measured with the deck's font, then written as PPTX and drawn as PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from generator.documents.language import labels, user_labels
from generator.documents.slides.boxes import typeface
from generator.documents.slides.layout import LOGO, place_deck
from generator.documents.theming import slide_look, theme_of

if TYPE_CHECKING:
    from generator.inputs.theme import ResolvedTheme
    from generator.loaded import Loaded, LoadedWorkshop


def build_deck(
    item: Loaded | LoadedWorkshop,
    formats: list[str],
    described: tuple[str, str, str],
    templates: Path | None = None,
    theme: ResolvedTheme | None = None,
) -> dict[Path, bytes]:
    """{<id>/slides.<fmt>: bytes} for `formats` (pptx, pdf); `described` is the deck's language,
    title and author; `theme` the shared theme, under the item's own."""
    from generator.documents.slides.pdf import template_art, write_pdf
    from generator.documents.slides.pptx import write_pptx
    from generator.documents.slides.project_deck import project_deck
    from generator.documents.slides.workshop_deck import workshop_deck
    from generator.loaded import Loaded
    from generator.output.convert import DocumentInfo, build_date

    language, title, author = described
    look = slide_look(theme_of(item.theme, theme), templates)
    out: dict[Path, bytes] = {}
    with user_labels(templates), typeface(look.font):
        slides = project_deck(item) if isinstance(item, Loaded) else workshop_deck(item)
        continued = labels(language)["deck"]["continued"]
        size = look.logo.size if look.logo else None
        placed = place_deck(slides, f"{title} · {author}", continued, size)
        info = DocumentInfo(
            title=title, author=author, language=language, subject="", date=build_date()
        )
        if "pptx" in formats:
            images = {LOGO: look.logo.png} if look.logo else None
            out[Path(item.id) / "slides.pptx"] = write_pptx(
                placed,
                look.template,
                title,
                author,
                language,
                info.date,
                look.template_file,
                look.palette,
                look.font,
                images,
            )
        if "pdf" in formats:
            art, files = template_art(look.look, {p.layout for p in placed})
            logo = None
            if look.logo:
                logo = look.logo.name
                files[logo] = look.logo.data
            out[Path(item.id) / "slides.pdf"] = write_pdf(
                placed,
                look.deck,
                info,
                str(item.source),
                look.pdf_palette,
                look.font,
                files,
                art,
                look.deck_file,
                logo,
            )
    return out
