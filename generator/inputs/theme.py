"""A theme: the colours, font and logo of every document of a project or workshop file.

A file's own `theme:` and a shared theme file (`--theme FILE`, the same keys at its top level)
are both read here. A logo is named relative to the file that names it and confined like any
reference (inputs.load.referenced_file); it must be a real PNG or an SVG without scripts,
event handlers or references out of the file, of at most MAX_LOGO_BYTES. `ResolvedTheme.over`
puts one theme's keys over another's: gen puts the file's own keys over the shared file's, so
an agency's house style is the base that a project may adjust key by key.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from generator.errors import InputError, KeyPath, Problem
from generator.inputs.load import Document, NotRegular, load_file, read_regular, referenced_file
from generator.inputs.types import FrozenModel, Text
from generator.inputs.validate import validate
from generator.messages import Msg, said

FONT_NAMES = ("Arial", "Calibri", "Times New Roman")  # output.fonts.FONTS has their files
FONT_ALIASES = {
    "Liberation Sans": "Arial",
    "Carlito": "Calibri",
    "Liberation Serif": "Times New Roman",
}
MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = 4096  # on either side
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def _colour(value: object) -> object:
    if value is None:
        raise PydanticCustomError(
            "colour",
            "is empty: a colour starts with '#', which YAML reads as the start of a comment "
            'unless the value is quoted, e.g. primary: "#1F4E79"',
        )
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        raise PydanticCustomError(
            "colour",
            "'{value}' is not a colour: write '#' and six hex digits (RRGGBB) in quotes, "
            'e.g. primary: "#1F4E79"',
            {"value": value},
        )
    return value.strip().upper()


def _font(value: str) -> str:
    if value in FONT_NAMES:
        return value
    if value in FONT_ALIASES:
        return FONT_ALIASES[value]
    names = [*FONT_NAMES, *FONT_ALIASES]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.5)
    raise PydanticCustomError(
        "font",
        "'{value}' is not a font gen can use{guess}; choose {names} (Liberation Sans, Carlito "
        "and Liberation Serif, which have their metrics, are bundled for the PDFs)",
        {
            "value": value,
            "guess": f" — did you mean '{close[0]}'?" if close else "",
            "names": ", ".join(FONT_NAMES),
        },
    )


Colour = Annotated[
    str | None,
    BeforeValidator(_colour),
    Field(description='A colour as "#RRGGBB", quoted (YAML reads # as a comment).'),
]
FontName = Annotated[str, AfterValidator(_font)]


class Theme(FrozenModel):
    """The look of a file's documents; every key is optional."""

    primary: Colour = Field(
        None,
        description='Titles, headings, dark slides, the step boxes, table headers: "#RRGGBB" '
        "(dark: white text sits on it).",
    )
    accent: Colour = Field(
        None, description='Rules, bullets, arrows and the step numbers: "#RRGGBB".'
    )
    logo: Text | None = Field(
        None,
        description="A PNG or SVG file relative to this file (at most 1 MiB): on the title slide "
        "and small in the slides' footer, above the title of the application and handout.",
    )
    font: FontName | None = Field(
        None,
        description="Arial, Calibri or Times New Roman (the PDFs use the bundled Liberation "
        "Sans, Carlito or Liberation Serif, which have the same metrics).",
        json_schema_extra={"enum": [*FONT_NAMES, *FONT_ALIASES]},
    )


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes, its kind (png | svg) and the file it came from."""

    kind: str
    data: bytes
    file: str


@dataclass(frozen=True)
class ResolvedTheme:
    """A theme with its logo read and checked; None where the theme does not say."""

    primary: str | None = None
    accent: str | None = None
    font: str | None = None
    logo: Logo | None = None

    def over(self, base: ResolvedTheme | None) -> ResolvedTheme:
        """This theme's keys, and `base`'s where this one has none."""
        if base is None:
            return self
        return replace(
            base,
            **{k: v for k, v in vars(self).items() if v is not None},
        )


def resolve(
    doc: Document,
    theme: Theme | None,
    owner: Path,
    allowed: Sequence[Path] = (),
    at: KeyPath = ("theme",),
) -> tuple[ResolvedTheme | None, list[Problem]]:
    """A file's theme with its logo read (relative to `owner`, the file that names it), and
    warnings (a primary colour too light for the white text on it). A logo that cannot be used
    is an InputError at `at`.logo."""
    if theme is None:
        return None, []
    logo = _logo(doc, owner, theme.logo, allowed, (*at, "logo")) if theme.logo else None
    warnings = []
    if theme.primary and (ratio := contrast(theme.primary, "#FFFFFF")) < 3:
        light = said("theme.contrast", colour=theme.primary, ratio=ratio)
        warnings.append(
            doc.problem((*at, "primary"), *light, level="warning", code="theme-contrast")
        )
    return ResolvedTheme(theme.primary, theme.accent, theme.font, logo), warnings


def load_theme_file(
    path: Path, allowed: Sequence[Path] = ()
) -> tuple[ResolvedTheme, list[Problem]]:
    """A shared theme file (--theme FILE): the keys of a `theme:` at its top level."""
    doc = load_file(path)
    theme, problems = validate(Theme, doc)
    if problems or theme is None:
        raise InputError(sorted(set(problems), key=lambda p: (p.line, p.col, p.key)))
    resolved, warnings = resolve(doc, theme, path, allowed, ())
    return resolved or ResolvedTheme(), warnings


def logo_named(data: dict[str, Any]) -> object:
    """The logo a loaded file names: in its `theme:`, or at its top (a theme file)."""
    theme = data.get("theme")
    return (theme if isinstance(theme, dict) else data).get("logo")


def theme_files(path: Path, allowed: Sequence[Path] = ()) -> list[Path]:
    """A shared theme file and the logo it names (for gen batch's dependency hash)."""
    try:
        logo = load_file(path).data.get("logo")
    except InputError:
        return [path]
    target, refused = referenced_file(path, logo, allowed) if isinstance(logo, str) else (path, 1)
    return [path] if refused else [path, target]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two "#RRGGBB" colours (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _logo(doc: Document, owner: Path, name: str, allowed: Sequence[Path], at: KeyPath) -> Logo:
    def refuse(key: str, **args: str | Msg) -> InputError:
        return InputError(doc.problem(at, *said(f"theme.{key}", **args)))

    target, refused = referenced_file(owner, name, allowed)
    if refused is not None:
        raise InputError(doc.problem(at, *refused))
    try:
        data = read_regular(target, MAX_LOGO_BYTES + 1)
    except NotRegular:
        raise refuse("logo-not-regular", name=name) from None
    except FileNotFoundError:
        raise refuse("logo-missing", path=str(target)) from None
    except OSError as exc:
        raise refuse("logo-unreadable", path=str(target), reason=str(exc.strerror)) from None
    if len(data) > MAX_LOGO_BYTES:
        raise refuse("logo-too-large", path=str(target))
    kind, problem = check_logo(data)
    if problem:
        raise refuse("logo-unusable", path=str(target), problem=problem)
    return Logo(kind, data, str(target))


def check_logo(data: bytes) -> tuple[str, Msg | None]:
    """The kind of a logo (png | svg) and what is wrong with it, if anything."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", _png_problem(data)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype")):
        return "svg", _svg_problem(data)
    return "", Msg("theme.logo-kind")


def _png_problem(data: bytes) -> Msg | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                return Msg("theme.png-not")
            if max(image.size) > MAX_LOGO_PIXELS:
                size = {"width": image.width, "height": image.height, "most": MAX_LOGO_PIXELS}
                return Msg("theme.png-size", **size)
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        return Msg("theme.png-unreadable", detail=str(exc))
    return None


_SVG_NS = "http://www.w3.org/2000/svg"
_ACTIVE = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}
_HREF = re.compile(r"#|data:image/(png|jpeg|gif);base64,", re.I)
_CSS_OUT = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.I)


def _svg_problem(data: bytes) -> Msg | None:
    """What makes an SVG unsafe to draw: a DTD or entities, a script, an event handler, a
    foreign object, or a reference to anything outside the file (href, CSS url() or @import)."""
    from lxml import etree

    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return Msg("theme.svg-dtd")
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return Msg("theme.svg-xml", detail=str(exc))
    if etree.QName(root).localname != "svg" or etree.QName(root).namespace != _SVG_NS:
        return Msg("theme.svg-root")
    for node in root.iter():
        line = Msg("theme.line", line=node.sourceline or 0)
        if not isinstance(node.tag, str):
            if isinstance(node, etree._ProcessingInstruction):
                return Msg("theme.svg-pi", target=str(node.target), line=line)
            continue
        name = etree.QName(node).localname
        if name in _ACTIVE:
            return Msg("theme.svg-active", name=name, line=line)
        if name == "style" and node.text and _CSS_OUT.search(node.text):
            return Msg("theme.svg-style", line=line)
        for key, value in node.attrib.items():
            attr = etree.QName(key).localname
            if attr.lower().startswith("on"):
                return Msg("theme.svg-handler", attr=attr, line=line)
            if attr == "href" and not _HREF.match(value.strip()):
                return Msg("theme.svg-href", value=value[:80], line=line)
            if _CSS_OUT.search(value):
                return Msg("theme.svg-css", attr=attr, value=value[:80], line=line)
    return None
