"""pandoc's AST → the application's Markdown file, in Python: what pandoc's markdown writer made
(`formats.MARKDOWN_WRITER`, --wrap=none) in a process of its own.

It writes the blocks output.reader reads, escaping text as pandoc does (found by running pandoc
on every ASCII punctuation character at the start, middle and end of a line, a cell and a list
item), with pipe tables padded where they fit in 72 columns. What it is not sure of — a list
marker pandoc's rules might read otherwise, text whose width on a terminal it cannot count for
a padded table, a block it does not know — raises `Unsupported`, and pandoc writes the file.
tests/test_md_writer.py compares the files with pandoc's on every example and on random text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from generator.output.reader import Unsupported, render_inlines

Node = dict[str, Any]
_COLUMNS = 72
_ALWAYS = set("\\`*[]<>|^~$")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# A word at the start of a line that pandoc's reader would take for a list marker: pandoc
# escapes its delimiter ("1\.", "a\)", "\(1\)").
_MARKER = re.compile(r"([0-9]{1,9}|[a-z]|[ivxlcdm]+|[IVXLCDM]{2,}|#)([.)])")
_PAREN_MARKER = re.compile(r"\(([0-9]{1,9}|[a-z]|[ivxlcdm]+)\)")
# Starts of a line whose escaping we have not pinned down: pandoc writes those.
_UNSURE = re.compile(r"([A-Z][.)]|\([A-Za-z0-9]+\)|[0-9]{10,}[.)]|[IVXLCDM]+\))")
_LINE_START = {"%", "+", "-"}


def write(ast: dict[str, Any]) -> str:
    """The Markdown file of `ast`."""
    text = _blocks(ast["blocks"])
    return text.strip("\n") + "\n"


def _blocks(blocks: list[Node]) -> str:
    """Blocks, each followed by a blank line (a tight list's items by a line break only)."""
    lists = ("BulletList", "OrderedList")
    for before, after in zip(blocks, blocks[1:], strict=False):
        if before["t"] in lists and after["t"] in lists:
            raise Unsupported("two lists in a row (pandoc writes a comment between them)")
    return "".join(_block(b) + "\n\n" for b in blocks)


def _block(block: Node) -> str:
    kind = block["t"]
    if kind == "Para":
        return _line(block["c"])
    if kind == "Header":
        level, _attr, inlines = block["c"]
        if not inlines:
            raise Unsupported("an empty heading")
        return "#" * int(level) + " " + _inlines(inlines)
    if kind == "HorizontalRule":
        return "-" * _COLUMNS
    if kind == "BulletList":
        return _list(block["c"], ["-"] * len(block["c"]))
    if kind == "OrderedList":
        (start, style, delim), items = block["c"]
        if (style["t"], delim["t"]) != ("Decimal", "Period"):
            raise Unsupported("a list numbered otherwise than 1.")
        markers = [f"{n}.".ljust(3) for n in range(start, start + len(items))]
        return _list(items, markers)
    if kind == "Table":
        return _table(block["c"])
    raise Unsupported(f"the block {kind}")


def _list(items: list[list[Node]], markers: list[str]) -> str:
    tight = all(item and item[0]["t"] == "Plain" for item in items)
    out = []
    for marker, item in zip(markers, items, strict=True):
        hang = " " * (len(marker) + 1)
        parts = []
        for block in item:
            if block["t"] == "Plain":
                parts.append(_line(block["c"]))
            elif block["t"] in ("BulletList", "OrderedList"):
                raise Unsupported("a list inside a list")
            else:
                parts.append(_block(block))
        body = "\n\n".join(parts)
        lines = body.split("\n")
        out.append(
            "\n".join(
                [f"{marker} {lines[0]}", *(hang + line if line else "" for line in lines[1:])]
            )
        )
    return ("\n" if tight else "\n\n").join(out)


# --- inlines ---------------------------------------------------------------------------------


def _text(text: str) -> str:
    """A Str as pandoc's writer escapes it anywhere in a line."""
    out = []
    n = len(text)
    for i, c in enumerate(text):
        if c in _ALWAYS:
            out.append("\\" + c)
        elif c == "_":
            intraword = 0 < i < n - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            out.append(c if intraword else "\\_")
        elif c == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        else:
            out.append(c)
    escaped = "".join(out)
    heading = text.lstrip("#") == ""  # "#" alone would start a heading
    citation = text[0] == "@" and n > 1 and (text[1].isalnum() or text[1] in "_{")
    return "\\" + escaped if heading or citation else escaped


_STYLES = {"Strong": ("**", "**"), "Emph": ("*", "*")}


def _inlines(inlines: list[Node]) -> str:
    return render_inlines(inlines, _text, _STYLES)


def _line(inlines: list[Node]) -> str:
    """Inlines at the start of a line (a paragraph, a list item, a table cell): a first word
    pandoc could read as a list marker or other block is escaped as pandoc escapes it."""
    if not inlines:
        return ""
    first = inlines[0]
    if first["t"] != "Str":
        return _inlines(inlines)
    word = str(first["c"])
    rest = _inlines(inlines[1:])
    alone = len(inlines) == 1 or inlines[1]["t"] in ("Space", "SoftBreak")
    if not alone:
        if _MARKER.fullmatch(word) or word in _LINE_START or _UNSURE.fullmatch(word):
            raise Unsupported("a line that starts with a marker and more")
        return _text(word) + rest
    if _UNSURE.fullmatch(word) and not _PAREN_MARKER.fullmatch(word):
        raise Unsupported(f"a line starting with {word!r}")
    if marker := _MARKER.fullmatch(word):
        return marker.group(1) + "\\" + marker.group(2) + rest  # digits, letters or #
    if paren := _PAREN_MARKER.fullmatch(word):
        return f"\\({_text(paren.group(1))}\\)" + rest
    if word in _LINE_START:
        return "\\" + word + rest
    return _text(word) + rest


# --- pipe tables -----------------------------------------------------------------------------


def _width(text: str) -> int:
    """A cell's width on a terminal as pandoc counts it (found by running it): East Asian wide
    characters two, combining marks and format characters (a soft hyphen) none, others one; an
    emoji sequence, which it may count otherwise, is Unsupported."""
    width = 0
    for c in text:
        if c in "\u200d\ufe0f\ufe0e" or "\U0001f3fb" <= c <= "\U0001f3ff":
            raise Unsupported("an emoji sequence in a table")
        category = unicodedata.category(c)
        if category in ("Mn", "Me", "Cf"):
            continue
        if category == "Mc":
            raise Unsupported("a spacing mark in a table")
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return width


def _table(content: list[Any]) -> str:
    (ident, _c, _kv), caption, colspecs, head, bodies, foot = content
    if ident or caption[1] or foot[1] or len(bodies) != 1 or bodies[0][2]:
        raise Unsupported("a table with a caption, an identifier, a foot or head rows")
    if len(head[1]) != 1:
        raise Unsupported("a table without one header row")
    aligns = [align["t"] for align, _ in colspecs]
    widths = [w["c"] if w["t"] == "ColWidth" else 0.0 for _, w in colspecs]
    rows = [_cells(row) for row in [head[1][0], *bodies[0][3]]]
    columns = len(aligns)
    content_widths = [max(3, *(_width(row[k]) for row in rows)) for k in range(columns)]
    # pandoc pads the cells where they fit in 72 columns; the rule under the header follows the
    # given widths where the padded table would be wider than that (found by running it).
    fits = sum(content_widths) <= _COLUMNS
    if any(widths) and sum(content_widths) + columns + 1 > _COLUMNS:
        border_widths = [int(w * (_COLUMNS - (columns + 1))) for w in widths]
    else:
        border_widths = content_widths if fits else [2] * columns
    if not fits:
        lines = ["|" + "|".join(f" {cell} " for cell in row) + "|" for row in rows]
    else:
        if "AlignCenter" in aligns:
            raise Unsupported("a centred column in a table that fits")
        lines = [
            "|"
            + "|".join(
                _pad(cell, width, align)
                for cell, width, align in zip(row, content_widths, aligns, strict=True)
            )
            + "|"
            for row in rows
        ]
    border = "|" + "|".join(_rule(a, w) for a, w in zip(aligns, border_widths, strict=True)) + "|"
    return "\n".join([lines[0], border, *lines[1:]])


def _cells(row: list[Any]) -> list[str]:
    out = []
    for _attr, align, rowspan, colspan, blocks in row[1]:
        if align["t"] != "AlignDefault" or rowspan != 1 or colspan != 1:
            raise Unsupported("a table cell with its own alignment or span")
        if not blocks:
            out.append("")
        elif len(blocks) == 1 and blocks[0]["t"] == "Plain":
            out.append(_line(blocks[0]["c"]))
        else:
            raise Unsupported("a table cell with more than a line of text")
    return out


def _pad(cell: str, width: int, align: str) -> str:
    space = " " * (width - _width(cell))
    return f" {space}{cell} " if align == "AlignRight" else f" {cell}{space} "


def _rule(align: str, width: int) -> str:
    if align == "AlignLeft":
        return ":" + "-" * (width + 1)
    if align == "AlignRight":
        return "-" * (width + 1) + ":"
    if align == "AlignCenter":
        return ":" + "-" * width + ":"
    return "-" * (width + 2)
