"""pandoc's AST → a Word document, in Python: what pandoc's docx writer made in a process of its own.

The package is the one pandoc writes with the built-in reference document
(generator/data/docx-shell.docx, made by `make reference` beside templates/reference.docx):
every part but the text (word/document.xml), the lists' numbering (word/numbering.xml) and the
language of the styles is the same for every document. `write` makes those three the way
pandoc's writer makes them for the blocks output.reader reads — paragraph styles, section
bookmarks, lists, tables (laid out afterwards by output.docx_tables, as pandoc's were) — and
raises `Unsupported` for anything else. tests/test_docx_writer.py compares the files with
pandoc's, byte for byte, on every example and on random user text.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from functools import cache
from typing import Any

from generator.output.reader import Unsupported

Node = dict[str, Any]
_TEXT_WIDTH = 7920  # twips: pandoc's table width when it lays out columns by their share
_FIRST_BOOKMARK = 18  # pandoc's first bookmark id with this reference document
_LIST_BASE = 1000  # numId of the first list (a list item's later paragraphs: no marker)
_LANG = re.compile(r'(<w:rPrDefault><w:rPr>.*?<w:lang [^>]*?w:val=")([^"]*)(")', re.S)
_JC = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center"}


@cache
def _shell() -> dict[str, bytes]:
    """The parts of the built-in package, in their order."""
    from importlib import resources

    data = resources.files("generator").joinpath("data/docx-shell.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def write(ast: dict[str, Any], author: list[Node], lang_tag: str) -> bytes:
    """The DOCX of `ast` (its first level-1 heading is the title), `author` (inlines) under the
    title, its styles in language `lang_tag` (nb-NO, nn-NO, en-GB)."""
    shell = _shell()
    writer = _Writer()
    document = writer.document(ast, author, shell["word/document.xml"].decode("utf-8"))
    styles = _LANG.sub(
        lambda m: m.group(1) + lang_tag + m.group(3), shell["word/styles.xml"].decode("utf-8"), 1
    )
    replace = {
        "word/document.xml": document.encode("utf-8"),
        "word/numbering.xml": writer.numbering().encode("utf-8"),
        "word/styles.xml": styles.encode("utf-8"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in shell.items():
            z.writestr(name, replace.get(name, body))
    return out.getvalue()


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


# The characters pandoc's writer gives East Asian font hints, in runs of their own (found by
# running it on every code point): text with them is left to pandoc.
_CJK = re.compile(
    "[\u4e00-\ua4cf\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe6f\uff00-\uffee"
    "\U0001b000-\U0001b16f\U00020000-\U0002a6df\U0002a700-\U0002ebef"
    "\U0002f800-\U0002fa1f\U00030000-\U0003134f]"
)
# Characters XML 1.0 cannot hold: pandoc leaves them out.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _run(text: str, props: str = "") -> str:
    """A run of text; a soft hyphen is a run of its own (<w:softHyphen />), as pandoc writes it."""
    if _CJK.search(text):
        raise Unsupported("East Asian characters")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = _NOT_XML.sub("", text).split("\u00ad")
    runs = [f'<w:r>{rpr}<w:t xml:space="preserve">{_escape(piece)}</w:t></w:r>' for piece in pieces]
    return f"<w:r>{rpr}<w:softHyphen /></w:r>".join(runs)


def _bookmark(name: str) -> str:
    """Word allows 40 characters: pandoc names a longer section by a hash of its identifier."""
    if len(name) <= 40:
        return _escape(name)
    return "X" + hashlib.sha1(name.encode("utf-8")).hexdigest()[1:]


_STYLE = {"Strong": "<w:b /><w:bCs />", "Emph": "<w:i /><w:iCs />"}


def _runs(inlines: list[Node], props: str = "") -> str:
    """Runs as pandoc's writer makes them: a Str, Space, Str… sequence is one run."""
    out: list[str] = []
    i, n = 0, len(inlines)
    while i < n:
        node = inlines[i]
        kind = node["t"]
        if kind == "Str":
            text = node["c"]
            while (
                i + 2 < n and inlines[i + 1]["t"] == "Space" and inlines[i + 2]["t"] == "Str"
            ) or (i + 1 < n and inlines[i + 1]["t"] == "Str"):
                if inlines[i + 1]["t"] == "Str":
                    text += inlines[i + 1]["c"]
                    i += 1
                else:
                    text += " " + inlines[i + 2]["c"]
                    i += 2
            out.append(_run(text, props))
        elif kind in ("Space", "SoftBreak"):
            out.append(_run(" ", props))
        elif kind in _STYLE:
            if props:
                raise Unsupported("strong and emphasis inside each other")
            out.append(_runs(node["c"], _STYLE[kind]))
        else:
            raise Unsupported(f"the inline {kind}")
        i += 1
    return "".join(out)


class _Writer:
    """One document's writing state, as pandoc keeps it: whether the next paragraph is the first
    after a heading, list or rule, the lists so far, and the bookmark ids."""

    def __init__(self) -> None:
        self.first_para = True
        self.lists: list[str] = ["990"]  # abstract numbering of each numId from _LIST_BASE on
        self.next_id = _FIRST_BOOKMARK
        self.number: str | None = None  # the numPr of the paragraph being written in a list
        self.in_table = False

    # --- the document ---------------------------------------------------------------------

    def document(self, ast: dict[str, Any], author: list[Node], shell: str) -> str:
        blocks = list(ast["blocks"])
        if not blocks or blocks[0]["t"] != "Header" or blocks[0]["c"][0] != 1:
            raise Unsupported("a document without its title heading")
        title = blocks.pop(0)["c"][2]
        for block in blocks:
            if block["t"] == "Header" and block["c"][0] == 1:
                raise Unsupported("a second level-1 heading")
        head = shell[: shell.index("<w:body>")]
        section = shell[shell.index("    <w:sectPr>") :]
        lines = [self._meta("Title", title)]
        if author:
            lines.append(self._meta("Author", author))
        lines += self._sections([_up(b) for b in blocks])
        return head + "<w:body>\n" + "".join(line + "\n" for line in lines) + section

    def _meta(self, style: str, inlines: list[Node]) -> str:
        return (
            f'    <w:p>\n      <w:pPr>\n        <w:pStyle w:val="{style}" />\n      </w:pPr>\n'
            f"      {_runs(inlines)}\n    </w:p>"
        )

    def _sections(self, blocks: list[Node]) -> list[str]:
        """Blocks with every heading's section (up to the next heading of its level or higher)
        between a bookmark named by its identifier; ids are given as sections end."""
        out: list[str] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if block["t"] != "Header":
                out += self._block(block)
                i += 1
                continue
            level = block["c"][0]
            end = i + 1
            while end < len(blocks) and not (
                blocks[end]["t"] == "Header" and blocks[end]["c"][0] <= level
            ):
                end += 1
            name = block["c"][1][0]
            inner = self._block(block) + self._sections(blocks[i + 1 : end])
            ident = self.next_id
            self.next_id += 1
            out.append(f'    <w:bookmarkStart w:id="{ident}" w:name="{_bookmark(name)}" />')
            out += inner
            out.append(f'    <w:bookmarkEnd w:id="{ident}" />')
            i = end
        return out

    # --- blocks -----------------------------------------------------------------------------

    def _block(self, block: Node) -> list[str]:
        kind = block["t"]
        if kind == "Header":
            level, _attr, inlines = block["c"]
            self.first_para = True
            style = f'<w:pStyle w:val="Heading{level}" />'
            return [f"    <w:p><w:pPr>{style}</w:pPr>{_runs(inlines)}</w:p>"]
        if kind in ("Para", "Plain"):
            return [self._para(block["c"], compact=kind == "Plain")]
        if kind == "HorizontalRule":
            self.first_para = True
            return [
                '    <w:p><w:r><w:pict><v:rect style="width:0;height:1.5pt" o:hralign="center" '
                'o:hrstd="t" o:hr="t" /></w:pict></w:r></w:p>'
            ]
        if kind == "BulletList":
            return self._list("991", block["c"])
        if kind == "OrderedList":
            (start, style, delim), items = block["c"]
            if (style["t"], delim["t"]) != ("Decimal", "Period"):
                raise Unsupported("a list numbered otherwise than 1.")
            return self._list(f"9941{start}", items)
        if kind == "Table":
            return [self._table(block["c"])]
        raise Unsupported(f"the block {kind}")

    def _para(self, inlines: list[Node], compact: bool, jc: str = "") -> str:
        if self.number is not None:
            style = '<w:pStyle w:val="Compact" />' if compact else ""
            props = style + self.number
        elif compact and self.in_table:
            props = '<w:pStyle w:val="Compact" />' + jc
        elif compact:
            raise Unsupported("a line of text outside a list or table")
        else:
            name = "FirstParagraph" if self.first_para else "BodyText"
            props = f'<w:pStyle w:val="{name}" />'
        self.first_para = False
        ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
        return f"    <w:p>{ppr}{_runs(inlines)}</w:p>"

    def _list(self, marker: str, items: list[list[Node]]) -> list[str]:
        if self.number is not None:
            raise Unsupported("a list inside a list")
        self.lists.append(marker)
        num_id = _LIST_BASE + len(self.lists) - 1
        out: list[str] = []
        for item in items:
            for k, block in enumerate(item):
                number = num_id if k == 0 else _LIST_BASE
                self.number = f'<w:numPr><w:ilvl w:val="0" /><w:numId w:val="{number}" /></w:numPr>'
                try:
                    out += self._block(block)
                finally:
                    self.number = None
        self.first_para = True
        return out

    def _table(self, content: list[Any]) -> str:
        (ident, _c, _kv), caption, colspecs, head, bodies, foot = content
        if ident or caption[1] or foot[1] or len(bodies) != 1 or bodies[0][2]:
            raise Unsupported("a table with a caption, an identifier, a foot or head rows")
        aligns = [_JC.get(align["t"], "") for align, _ in colspecs]
        widths = [w for _, w in colspecs]
        if all(w["t"] == "ColWidthDefault" for w in widths):
            size = '<w:tblW w:type="auto" w:w="0" />'
            grid = [int(_TEXT_WIDTH * (1 / len(widths)))] * len(widths)
        elif all(w["t"] == "ColWidth" for w in widths):
            size = '<w:tblW w:type="pct" w:w="5000" /><w:tblLayout w:type="fixed" />'
            grid = [int(_TEXT_WIDTH * w["c"]) for w in widths]
        else:
            raise Unsupported("a table with some column widths given")
        look = (
            f'<w:tblLook w:firstRow="{1 if head[1] else 0}" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="0" w:val="0020" />'
        )
        parts = [
            f'    <w:tbl><w:tblPr><w:tblStyle w:val="Table" />{size}{look}</w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{g}" />' for g in grid),
            "</w:tblGrid>",
        ]
        self.in_table = True
        try:
            for row in head[1]:
                parts.append(self._row(row, aligns, header=True))
            for row in bodies[0][3]:
                parts.append(self._row(row, aligns, header=False))
        finally:
            self.in_table = False
        parts.append("</w:tbl>")
        return "".join(parts)

    def _row(self, row: list[Any], aligns: list[str], header: bool) -> str:
        cells = []
        for (_attr, align, rowspan, colspan, blocks), jc in zip(row[1], aligns, strict=True):
            if align["t"] != "AlignDefault" or rowspan != 1 or colspan != 1:
                raise Unsupported("a table cell with its own alignment or span")
            if not blocks:
                body = '<w:p><w:pPr><w:pStyle w:val="Compact" /></w:pPr></w:p>'
            elif len(blocks) == 1 and blocks[0]["t"] == "Plain":
                justify = f'<w:jc w:val="{jc}" />' if jc else ""
                body = self._para(blocks[0]["c"], compact=True, jc=justify).strip()
            else:
                raise Unsupported("a table cell with more than a line of text")
            cells.append(f"<w:tc><w:tcPr />{body}</w:tc>")
        props = '<w:trPr><w:tblHeader w:val="on" /></w:trPr>' if header else ""
        return f"<w:tr>{props}{''.join(cells)}</w:tr>"

    # --- numbering --------------------------------------------------------------------------

    def numbering(self) -> str:
        abstract = "".join(_abstract(marker) for marker in dict.fromkeys(self.lists))
        nums = "".join(_num(marker, _LIST_BASE + k) for k, marker in enumerate(self.lists))
        return (
            '<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="http://schemas.'
            f'openxmlformats.org/wordprocessingml/2006/main">{abstract}{nums}</w:numbering>'
        )


def _up(block: Node) -> Node:
    """A heading one level up (--shift-heading-level-by=-1: the title was level 1)."""
    if block["t"] != "Header":
        return block
    level, attr, inlines = block["c"]
    return {"t": "Header", "c": [level - 1, attr, inlines]}


_BULLETS = [
    ("\uf0b7", "Symbol"),
    ("o", "Courier New"),
    ("\uf0a7", "Wingdings"),
] * 3


def _level(ilvl: int, inner: str) -> str:
    indent = 720 * (ilvl + 1)
    return (
        f'<w:lvl w:ilvl="{ilvl}">{inner}<w:lvlJc w:val="left" />'
        f'<w:pPr><w:ind w:left="{indent}" w:hanging="360" /></w:pPr>'
    )


def _abstract(marker: str) -> str:
    levels = []
    for ilvl in range(9):
        if marker == "990":
            levels.append(
                _level(ilvl, '<w:numFmt w:val="bullet" /><w:lvlText w:val=" " />') + "</w:lvl>"
            )
        elif marker == "991":
            text, font = _BULLETS[ilvl]
            fonts = f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" w:hint="default" />'
            levels.append(
                _level(ilvl, f'<w:numFmt w:val="bullet" /><w:lvlText w:val="{text}" />')
                + f"<w:rPr>{fonts}</w:rPr></w:lvl>"
            )
        else:
            start = marker[4:]
            levels.append(
                _level(
                    ilvl,
                    f'<w:start w:val="{start}" /><w:numFmt w:val="decimal" />'
                    f'<w:lvlText w:val="%{ilvl + 1}." />',
                )
                + "</w:lvl>"
            )
    nsid = ("A" + marker).rjust(8, "0")
    return (
        f'<w:abstractNum w:abstractNumId="{marker}"><w:nsid w:val="{nsid}" />'
        f'<w:multiLevelType w:val="multilevel" />{"".join(levels)}</w:abstractNum>'
    )


def _num(marker: str, num_id: int) -> str:
    overrides = ""
    if marker not in ("990", "991"):
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{marker[4:]}" /></w:lvlOverride>'
            for ilvl in range(9)
        )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{marker}" />{overrides}</w:num>'
