"""pandoc's AST → the Typst source of a text document's PDF, in Python: what pandoc's typst writer
and the built-in template (templates/pandoc/document.typ) made in a process of their own.

It writes the blocks and inlines that output.reader reads (headings, paragraphs, lists, pipe
tables, strong and emphasis, rules) the way pandoc's writer lays them out (tests/test_typst_writer.py
compares the PDFs, byte for byte, on every example and on random user text), and raises
`Unsupported` for anything else. Text is data: every ASCII punctuation character in it is
written as a backslash escape, so no character a user typed can be Typst syntax.
"""

from __future__ import annotations

import string
from typing import Any

from generator.output.reader import Unsupported, render_inlines

Node = dict[str, Any]
_ESCAPE = {c: "\\" + c for c in string.punctuation}
_ESCAPE["\\"] = "\\\\"
_ALIGN = {
    "AlignLeft": "left",
    "AlignRight": "right",
    "AlignCenter": "center",
    "AlignDefault": "auto",
}


def fill_template(template: str, ast: dict[str, Any], language: str) -> str:
    """The whole Typst source: the built-in template (only the marks it has: $lang$, $title$ in
    $if(title)$…$endif$ and $body$) with the title from the first heading, the body, the language."""
    blocks = list(ast["blocks"])
    title = None
    if blocks and blocks[0]["t"] == "Header" and blocks[0]["c"][0] == 1:
        title = _inlines(blocks.pop(0)["c"][2])
    body = _blocks([_shifted(b) for b in blocks])
    head, cond_start = template.split("$if(title)$\n", 1)
    cond, tail = cond_start.split("$endif$\n", 1)
    if "$" in head.replace("$lang$", "") or "$" in cond.replace("$title$", ""):
        raise Unsupported("a template mark we do not fill")
    if tail.replace("$body$", "").count("$"):
        raise Unsupported("a template mark we do not fill")
    out = head.replace("$lang$", language)
    if title is not None:
        out += cond.replace("$title$", title)
    return out + tail.replace("$body$", body.rstrip("\n")).rstrip("\n") + "\n"


def _shifted(block: Node) -> Node:
    """A block one heading level up (--shift-heading-level-by=-1): only the title was level 1."""
    if block["t"] != "Header":
        return block
    level, attr, inlines = block["c"]
    if level == 1:
        raise Unsupported("a second level-1 heading")
    return {"t": "Header", "c": [level - 1, attr, inlines]}


def _text(text: str) -> str:
    return "".join(_ESCAPE.get(c, c) for c in text)


_STYLES = {"Strong": ("#strong[", "]"), "Emph": ("#emph[", "]")}


def _inlines(inlines: list[Node]) -> str:
    return render_inlines(inlines, _text, _STYLES)


def _label(ident: str) -> str:
    if not ident:
        return ""
    if all(c in "_-.:" or ("a" + c).isidentifier() for c in ident):
        return f"<{ident}>"
    return '#label("' + ident.replace("\\", "\\\\").replace('"', '\\"') + '")'


def _blocks(blocks: list[Node]) -> str:
    """Blocks as pandoc's writer joins them: each ends its own line; a paragraph, list, table
    or rule is followed by a blank line."""
    return "".join(_block(b) for b in blocks)


def _block(block: Node) -> str:
    kind = block["t"]
    if kind == "Plain":
        return _inlines(block["c"]) + "\n"
    if kind == "Para":
        return _inlines(block["c"]) + "\n\n"
    if kind == "Header":
        level, (ident, _classes, _kv), inlines = block["c"]
        label = _label(str(ident))
        heading = "=" * int(level) + " " + _inlines(inlines)
        return heading + "\n" + (label + "\n" if label else "")
    if kind == "HorizontalRule":
        return "#horizontalrule\n\n"
    if kind == "BulletList":
        return _list(block["c"], "-")
    if kind == "OrderedList":
        (start, style, delim), items = block["c"]
        if (style["t"], delim["t"]) != ("Decimal", "Period"):
            raise Unsupported("a list numbered otherwise than 1.")
        body = _list(items, "+")
        if start == 1:
            return body
        return f'#block[\n#set enum(numbering: "1.", start: {start})\n{body.rstrip()}\n]\n\n'
    if kind == "Table":
        return _table(block["c"])
    raise Unsupported(f"the block {kind}")


def _list(items: list[list[Node]], marker: str) -> str:
    tight = all(not item or item[0]["t"] == "Plain" for item in items)
    rendered = []
    for item in items:
        text = _blocks(item).rstrip("\n")
        lines = text.split("\n")
        hung = [f"{marker} {lines[0]}"] + [("  " + line) if line else "" for line in lines[1:]]
        rendered.append("\n".join(hung))
    return ("\n" if tight else "\n\n").join(rendered) + "\n\n"


def _percent(width: float) -> str:
    return f"{width * 100:0.2f}".rstrip("0").rstrip(".") + "%"


def _table(content: list[Any]) -> str:
    (ident, _c, _kv), caption, colspecs, head, bodies, foot = content
    if ident or caption[1] or foot[1] or len(bodies) != 1 or bodies[0][2]:
        raise Unsupported("a table with a caption, an identifier, a foot or head rows")
    aligns = [_ALIGN[align["t"]] for align, _ in colspecs]
    widths = [width for _, width in colspecs]
    if all(w["t"] == "ColWidthDefault" for w in widths):
        columns = str(len(colspecs))
    else:
        columns = (
            "("
            + ", ".join(_percent(w["c"]) if w["t"] == "ColWidth" else "auto" for w in widths)
            + ")"
        )
    lines = [
        "#figure(",
        "  align(center)[#table(",
        f"    columns: {columns},",
        f"    align: ({''.join(a + ',' for a in aligns)}),",
    ]
    head_rows = head[1]
    if head_rows:
        header = [_row(row) for row in head_rows]
        if len(header) != 1:
            raise Unsupported("a table with more than one header row")
        lines.append(f"    table.header({header[0]}),")
        lines.append("    table.hline(),")
    lines += ["    " + _row(row) for row in bodies[0][3]]
    lines += ["  )]", "  , kind: table", "  )", "", ""]
    return "\n".join(lines)


def _row(row: list[Any]) -> str:
    cells = []
    for _attr, align, rowspan, colspan, blocks in row[1]:
        if align["t"] != "AlignDefault" or rowspan != 1 or colspan != 1:
            raise Unsupported("a table cell with its own alignment or span")
        text = _blocks(blocks).rstrip("\n")
        if "\n" in text:
            raise Unsupported("a table cell of more than one line")
        cells.append(f"[{text}]")
    return ", ".join(cells) + ","
