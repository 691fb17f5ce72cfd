"""The fonts a theme may choose, the files bundled for them, and the characters no font of a PDF
has (they would print as empty boxes).

Each theme font has two names: the one written into Word and PowerPoint files (a font every
office suite has, or substitutes with one of the same metrics: LibreOffice shows Arial as
Liberation Sans and Calibri as Carlito), and the bundled family that Typst draws the PDFs with,
which has the same metrics, so a slide fitted for one fits the other. The files are in
generator/data/fonts/<folder>/ with their licences (SIL Open Font License 1.1).
"""

from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Font:
    """A theme font: its name in office files, its PDF family and the folder of its files."""

    office: str
    family: str
    folder: str
    file_stem: str  # <stem>-Regular.ttf, -Bold.ttf, -Italic.ttf, -BoldItalic.ttf

    def file(self, bold: bool = False) -> str:
        """The file of its regular or bold face, inside data/fonts/."""
        return f"{self.folder}/{self.file_stem}-{'Bold' if bold else 'Regular'}.ttf"


# The names a theme may give (inputs.theme.FONT_NAMES lists the same, with their aliases).
FONTS: dict[str, Font] = {
    "Arial": Font("Arial", "Liberation Sans", "liberation-sans", "LiberationSans"),
    "Calibri": Font("Calibri", "Carlito", "carlito", "Carlito"),
    "Times New Roman": Font(
        "Times New Roman", "Liberation Serif", "liberation-serif", "LiberationSerif"
    ),
}
SLIDE_FONT = FONTS["Arial"]  # the slides' font without a theme


def font_folder(font: Font) -> AbstractContextManager[Path]:
    """The folder of a bundled family's files, as a real path (for Typst's font_paths)."""
    return resources.as_file(resources.files("generator").joinpath("data/fonts", font.folder))


def font_file(font: Font, bold: bool = False) -> AbstractContextManager[Path]:
    """One face of a bundled family as a real path (for measuring text)."""
    return resources.as_file(resources.files("generator").joinpath("data/fonts", font.file(bold)))


@cache
def _coverage() -> dict[str, tuple[list[int], list[int]]]:
    """data/fonts/coverage.json (scripts/build_font_coverage.py): per font set, the starts and
    ends of the code point ranges it draws."""
    text = resources.files("generator").joinpath("data/fonts/coverage.json").read_text("utf-8")
    data: dict[str, list[list[int]]] = json.loads(text)
    return {name: ([a for a, _ in r], [b for _, b in r]) for name, r in data.items()}


def _covered(code: int, name: str) -> bool:
    starts, ends = _coverage()[name]
    i = bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def _drawn(c: str) -> bool:
    """Whether a character is drawn at all (not a control, a format character such as a
    zero-width joiner, a line separator or a variation selector)."""
    category = unicodedata.category(c)
    selector = "\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef"
    return category not in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and not selector


def missing_characters(text: str, fonts: tuple[Font, ...] = ()) -> list[str]:
    """The characters of `text`, each once in order, that neither Typst's built-in fonts nor the
    bundled families `fonts` can draw."""
    out: dict[str, None] = {}
    for c in text:
        if c in out or c.isascii() or not _drawn(c):
            continue
        code = ord(c)
        if not _covered(code, "typst") and not any(_covered(code, f.folder) for f in fonts):
            out[c] = None
    return list(out)
