"""Our Markdown → pandoc's JSON AST, in Python: the reading pandoc did in a process of its own.

The built-in templates write a small part of pandoc's Markdown: ATX headings, paragraphs of one
line, bullet and numbered lists (items apart, continued by indented blocks), pipe tables,
`**strong**` and `*emphasis*`, horizontal rules, and every other punctuation character escaped
(documents.markdown). `read` turns exactly that into the AST pandoc's reader makes of it (the
same identifiers, table widths, list looseness; tests/test_reader.py compares the two on every
document of every example and on generated text), and raises `Unsupported` for anything else —
a user's template may write any Markdown — so that the caller has pandoc read it instead.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Callable
from typing import Any

Node = dict[str, Any]
# The pandoc-types version of the AST this module writes (pandoc checks the first two numbers:
# output.pandoc.JSON_API says which pandoc reads it).
API_VERSION = [1, 23]
NULL_ATTR: list[Any] = ["", [], []]
# pandoc's reader: a pipe table with no line longer than this keeps default widths.
_COLUMNS = 72
_PUNCTUATION = set(string.punctuation)
# Characters that start pandoc syntax our templates never write unescaped (links, spans, code,
# sub/superscript, math, entities, raw HTML, citations, attributes, underscore emphasis).
_SPECIAL = set("[]<>`~^$&@{}_|\\")
_HEADING = re.compile(r"(#{1,6}) (.*)")
_ORDERED = re.compile(r"([0-9]{1,9})\. (.*)")
_SEPARATOR = re.compile(r"\|(\s*:?-+:?\s*\|)+\s*")
_RULE = re.compile(r"(-[ ]*){3,}|(\*[ ]*){3,}|(_[ ]*){3,}")


# White space to pandoc's Markdown reader (a no-break space and the like are text).
_BLANK = " \t"


class Unsupported(Exception):
    """Markdown outside what `read` knows: let pandoc read it."""


def read(markdown: str) -> dict[str, Any]:
    """The pandoc AST of `markdown` (see the module doc), or Unsupported."""
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in markdown):
        raise Unsupported("a control character")
    used: set[str] = set()
    blocks = _blocks(markdown.split("\n"), used)
    return {"pandoc-api-version": API_VERSION, "meta": {}, "blocks": blocks}


def _chunks(lines: list[str]) -> list[list[str]]:
    """Lines in runs separated by blank lines."""
    runs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip(_BLANK) == "":
            if current:
                runs.append(current)
                current = []
        else:
            current.append(line)
    if current:
        runs.append(current)
    return runs


def _blocks(lines: list[str], used: set[str]) -> list[Node]:
    out: list[Node] = []
    i = 0
    runs = _chunks(lines)
    while i < len(runs):
        run = runs[i]
        first = run[0]
        if first.startswith((" ", "\t")):
            raise Unsupported("an indented block outside a list")
        if first.startswith("- ") or _ORDERED.fullmatch(first):
            items, i = _list(runs, i)
            out.append(_list_node(items, first, used))
            continue
        i += 1
        if first.startswith("|"):
            out.append(_table(run))
        elif len(run) == 1 and (heading := _HEADING.fullmatch(first)):
            out.append(_header(len(heading.group(1)), heading.group(2), used))
        elif len(run) == 1 and _RULE.fullmatch(first.strip(_BLANK)):
            out.append({"t": "HorizontalRule"})
        else:
            out.append(_paragraph(run, "Para"))
    return out


# The start of a line that pandoc may read as another block: a heading, list (any marker of
# fancy_lists), quote, table, code, definition, or a setext heading's or table's rule.
_OTHER_BLOCK = re.compile(
    r"#|[-*+] |>|\||    |\t|: |\+[-=]"
    r"|([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)](\s|$)|\([0-9A-Za-z]+\)(\s|$)"
    r"|[=-]+\s*$|(\*[ ]*){3,}$|(_[ ]*){3,}$"
)


def _paragraph(run: list[str], kind: str) -> Node:
    for line in run:
        if _OTHER_BLOCK.match(line):
            raise Unsupported(f"a line that pandoc may read as another block: {line[:20]!r}")
        if line.endswith(" ") or line.endswith("\\") and not line.endswith("\\\\"):
            raise Unsupported("a line break")
    inlines: list[Node] = []
    for n, line in enumerate(run):
        if n:
            inlines.append({"t": "SoftBreak"})
        inlines += _inlines(line)
    return {"t": kind, "c": inlines}


def _list(runs: list[list[str]], i: int) -> tuple[list[list[list[str]]], int]:
    """The items of the list starting at runs[i]: each item's runs (its first line without the
    marker, then its continuation runs without their indent: 2 spaces under "- ", 4 under a
    number)."""
    bullet = runs[i][0].startswith("- ")
    indent = "  " if bullet else "    "
    items: list[list[list[str]]] = []
    while i < len(runs):
        run = runs[i]
        number = None if bullet else _ORDERED.fullmatch(run[0])
        if bullet and run[0].startswith("- "):
            items.append([[run[0][2:], *run[1:]]])
        elif number is not None:
            items.append([[number.group(2), *run[1:]]])
        elif items and all(line.startswith(indent) for line in run):
            items[-1].append([line[len(indent) :] for line in run])
        else:
            break
        i += 1
    return items, i


def _list_node(items: list[list[list[str]]], first: str, used: set[str]) -> Node:
    # Items (or their blocks) apart from each other: a loose list, whose paragraphs are Para.
    loose = len(items) > 1 or any(len(item) > 1 for item in items)
    bodies = []
    for item in items:
        body = [_paragraph(item[0], "Para" if loose else "Plain")]
        for run in item[1:]:
            body += _blocks(run, used)
        bodies.append(body)
    number = _ORDERED.fullmatch(first)
    if number is None:
        return {"t": "BulletList", "c": bodies}
    start = int(number.group(1))
    return {
        "t": "OrderedList",
        "c": [[start, {"t": "Decimal"}, {"t": "Period"}], bodies],
    }


def _header(level: int, text: str, used: set[str]) -> Node:
    if text.endswith("#") and not text.endswith("\\#") or text != text.strip(_BLANK):
        raise Unsupported("a heading with closing marks or spaces")
    inlines = _inlines(text)
    ident = _identifier(inlines, used)
    return {"t": "Header", "c": [level, [ident, [], []], inlines]}


# --- inlines ---------------------------------------------------------------------------------


def _inlines(text: str) -> list[Node]:
    """One line of inline Markdown: Str and Space, Strong and Emph, backslash escapes."""
    out: list[Node] = []
    stack: list[tuple[str, list[Node]]] = []  # open marks ("**" or "*") and what came before
    word: list[str] = []
    current = out

    def flush() -> None:
        if word:
            _add_str(current, "".join(word))
            word.clear()

    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 < n and text[i + 1] in _PUNCTUATION:
                word.append(text[i + 1])
                i += 2
                continue
            raise Unsupported("a backslash before a character that is not punctuation")
        if c == "*":
            mark = "**" if text.startswith("**", i) else "*"
            if text.startswith("***", i):
                raise Unsupported("three asterisks")
            closing = stack and stack[-1][0] == mark and i > 0 and text[i - 1] not in " "
            opening = i + len(mark) < n and text[i + len(mark)] != " "
            if closing:
                flush()
                kind = "Strong" if mark == "**" else "Emph"
                _, before = stack.pop()
                node = {"t": kind, "c": current}
                if not current:
                    raise Unsupported("an empty emphasis")
                current = before
                current.append(node)
                i += len(mark)
                # A letter or digit right after a closing mark: pandoc may not close there.
                if i < n and (text[i].isalnum() or text[i] == "*"):
                    raise Unsupported("a closing mark inside a word")
                continue
            if opening and (i == 0 or text[i - 1] == " " or text[i - 1] in "(«\"'"):
                flush()
                stack.append((mark, current))
                current = []
                i += len(mark)
                continue
            raise Unsupported("an asterisk that is neither an opening nor a closing mark")
        if c in _SPECIAL:
            raise Unsupported(f"the character {c!r} unescaped")
        if c == " ":
            flush()
            if current and current[-1].get("t") != "Space":
                current.append({"t": "Space"})
            elif not current:
                raise Unsupported("a space at the start of a line or emphasis")
            i += 1
            continue
        if c == "\t":
            raise Unsupported("a tab")
        word.append(c)
        i += 1
    flush()
    if stack:
        raise Unsupported("an emphasis that is not closed")
    if out and out[-1].get("t") == "Space":
        out.pop()
    return out


def _add_str(inlines: list[Node], text: str) -> None:
    """Append a Str, merged with a Str right before it (as pandoc's builder does)."""
    if inlines and inlines[-1].get("t") == "Str":
        inlines[-1] = {"t": "Str", "c": inlines[-1]["c"] + text}
    else:
        inlines.append({"t": "Str", "c": text})


def render_inlines(
    inlines: list[Node], text: Callable[[str], str], styles: dict[str, tuple[str, str]]
) -> str:
    """Inlines as a writer's text: a Str through `text` (its escaping), a space as a space, and
    a Strong's or Emph's content between the marks `styles` gives; anything else Unsupported."""
    out = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            out.append(text(node["c"]))
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind in styles:
            before, after = styles[kind]
            out.append(before + render_inlines(node["c"], text, styles) + after)
        else:
            raise Unsupported(f"the inline {kind}")
    return "".join(out)


# --- identifiers (pandoc's Text.Pandoc.Shared.inlineListToIdentifier, uniqueIdent) --------------


def _stringify(inlines: list[Node]) -> str:
    parts = []
    for node in inlines:
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak"):
            parts.append(" ")
        elif kind in ("Strong", "Emph"):
            parts.append(_stringify(node["c"]))
    return "".join(parts)


def _is_space(c: str) -> bool:
    """Haskell's Data.Char.isSpace."""
    o = ord(c)
    if o < 0x100:
        return o == 32 or 9 <= o <= 13 or o == 0xA0
    return unicodedata.category(c) == "Zs"


def _is_alnum(c: str) -> bool:
    """Haskell's isAlphaNum: a letter or a number (any Unicode category L or N)."""
    return unicodedata.category(c)[0] in "LN"


def _identifier(inlines: list[Node], used: set[str]) -> str:
    text = _stringify(inlines).lower()
    kept = "".join(c for c in text if _is_space(c) or _is_alnum(c) or c in "_-.")
    words = [w for w in re.split(r"\s+", "".join(" " if _is_space(c) else c for c in kept)) if w]
    ident = "-".join(words)
    start = next((k for k, c in enumerate(ident) if unicodedata.category(c)[0] == "L"), None)
    ident = ident[start:] if start is not None else ""
    base = ident or "section"
    unique = base
    number = 0
    while unique in used:
        number += 1
        unique = f"{base}-{number}"
    used.add(unique)
    return unique


# --- pipe tables -----------------------------------------------------------------------------

_ALIGN = {
    (True, False): "AlignLeft",
    (False, True): "AlignRight",
    (True, True): "AlignCenter",
    (False, False): "AlignDefault",
}


def _cells(line: str) -> list[str]:
    """The cells of one table row: split at the pipes that are not escaped."""
    line = line.strip(_BLANK)
    if not line.startswith("|") or not line.endswith("|") or line.endswith("\\|"):
        raise Unsupported("a table row that does not start and end with a pipe")
    cells, current, i = [], [], 1
    while i < len(line) - 1:
        c = line[i]
        if c == "\\" and i + 1 < len(line) - 1:
            current.append(line[i : i + 2])
            i += 2
            continue
        if c == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    cells.append("".join(current))
    return [cell.strip(" ") for cell in cells]


def _width(line: str) -> int:
    """The width of a line on a terminal, as pandoc measures it: wide (East Asian) characters
    count two, combining marks nothing."""
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
        for c in line
    )


def _cell(text: str) -> list[Any]:
    blocks = [{"t": "Plain", "c": _inlines(text)}] if text else []
    return [NULL_ATTR, {"t": "AlignDefault"}, 1, 1, blocks]


def _table(run: list[str]) -> Node:
    if len(run) < 2 or not _SEPARATOR.fullmatch(run[1]):
        raise Unsupported("a pipe table without its separator line")
    specs = _cells(run[1])
    header = _cells(run[0])
    rows = [_cells(line) for line in run[2:]]
    if any(len(r) != len(specs) for r in [header, *rows]):
        raise Unsupported("a table row with another number of cells")
    aligns = [_ALIGN[(s.startswith(":"), s.endswith(":"))] for s in specs]
    if max(_width(line) for line in run) > _COLUMNS:
        dashes = [len(s) for s in specs]
        widths: list[Node] = [{"t": "ColWidth", "c": d / sum(dashes)} for d in dashes]
    else:
        widths = [{"t": "ColWidthDefault"} for _ in specs]
    colspecs = [[{"t": a}, w] for a, w in zip(aligns, widths, strict=True)]
    head_rows = [[NULL_ATTR, [_cell(c) for c in header]]] if any(header) else []
    body_rows = [[NULL_ATTR, [_cell(c) for c in row]] for row in rows]
    return {
        "t": "Table",
        "c": [
            NULL_ATTR,
            [None, []],
            colspecs,
            [NULL_ATTR, head_rows],
            [[NULL_ATTR, 0, [], body_rows]],
            [NULL_ATTR, []],
        ],
    }
