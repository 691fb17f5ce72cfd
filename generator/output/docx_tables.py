"""The tables of a DOCX that pandoc wrote, laid out for Word and LibreOffice alike.

Pandoc gives a table's columns the relative widths of the Markdown's dashes, for a page width of
its own. Here each column becomes at least as wide as its longest word (measured with the
bundled font of the same metrics as the document's: output.fonts), so no word breaks mid-word
("Organisasjonsstøtt/e"); the other columns give up the width in proportion. The widths are
written in twips for the real text width (from the section's page size and margins), in the grid
and in every cell, so Word and LibreOffice draw the same columns.

Also: cells in "Table Text" (the reference document's small table style), rows that never split
across pages, and a short table kept on one page with the paragraph that leads into it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

KEEP_ROWS = 12  # a table of at most this many rows (header included) stays on one page
SLACK = 1.04  # measured widths are a little short of what an office suite draws: kerning, hinting
DEFAULT_MARGIN = 108  # twips: Word's default left and right cell margin (0.19 cm)
# Where a line may break inside a cell's text: a space, after a soft hyphen or a hyphen.
_BREAK = re.compile("( |\u00ad|-)")


@dataclass(frozen=True)
class _Styles:
    """What measuring needs from word/styles.xml: each paragraph style's font and size."""

    fonts: dict[str, str]  # style id → font name (after basedOn)
    sizes: dict[str, float]  # style id → size in points
    default_font: str
    default_size: float
    margin: int  # twips, left + right, of a cell of the "Table" style


def _attr(xml: str, tag: str, attr: str) -> str | None:
    m = re.search(rf"<w:{tag}\b[^>]*\bw:{attr}=\"([^\"]+)\"", xml)
    return m.group(1) if m else None


def _styles(xml: str) -> _Styles:
    blocks = {
        m.group(1): m.group(0)
        for m in re.finditer(r'<w:style\b[^>]*w:styleId="([^"]+)".*?</w:style>', xml, re.DOTALL)
    }
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", xml, re.DOTALL)
    base = defaults.group(0) if defaults else ""
    normal = next((b for b in blocks.values() if 'w:default="1"' in b and "paragraph" in b), "")

    def resolve(style: str, tag: str, attr: str) -> str | None:
        seen = set()
        while style in blocks and style not in seen:
            seen.add(style)
            value = _attr(
                re.sub(r"<w:tblStylePr\b.*?</w:tblStylePr>", "", blocks[style]), tag, attr
            )
            if value is not None:
                return value
            style = _attr(blocks[style], "basedOn", "val") or ""
        return None

    default_font = _attr(normal, "rFonts", "ascii") or _attr(base, "rFonts", "ascii") or "Calibri"
    default_size = int(_attr(normal, "sz", "val") or _attr(base, "sz", "val") or 22) / 2
    fonts = {s: resolve(s, "rFonts", "ascii") or default_font for s in blocks}
    sizes = {s: int(resolve(s, "sz", "val") or default_size * 2) / 2 for s in blocks}
    table = next((b for b in blocks.values() if 'w:type="table"' in b and 'w:default="1"' in b), "")
    cell_margins = re.search(r"<w:tblCellMar>.*?</w:tblCellMar>", table, re.DOTALL)
    margins = cell_margins.group(0) if cell_margins else ""
    margin = sum(int(_attr(margins, side, "w") or DEFAULT_MARGIN) for side in ("left", "right"))
    return _Styles(fonts, sizes, default_font, default_size, margin)


@cache
def _face(office_font: str, bold: bool) -> Any:
    """The bundled face with the metrics of `office_font` at 1000 units per em (Pillow's basic
    layout: the same widths on every machine); a font we do not bundle is measured as Arial,
    wider than most body fonts."""
    from PIL import ImageFont

    from generator.output.fonts import FONTS, font_file

    font = FONTS.get(office_font, FONTS["Arial"])
    with font_file(font, bold) as path:
        return ImageFont.truetype(str(path), 1000, layout_engine=ImageFont.Layout.BASIC)


def _width(text: str, font: str, bold: bool, size: float) -> float:
    """Width of `text` in twips (1/20 pt)."""
    if not text:
        return 0.0
    return float(_face(font, bold).getlength(text)) * size / 1000 * 20


def _runs(paragraph: str) -> list[tuple[str, bool]]:
    """A paragraph's text as (text, bold) runs; a soft hyphen as U+00AD, a tab or break as a space."""
    out = []
    for run in re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", paragraph, re.DOTALL):
        bold = re.search(r"<w:b\s*/>|<w:b w:val=\"(?:1|true|on)\"", run) is not None
        text = re.sub(r"<w:softHyphen\s*/>", "<w:t>\u00ad</w:t>", run)
        text = re.sub(r"<w:(?:tab|br)\b[^>]*/>", "<w:t> </w:t>", text)
        parts = re.findall(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>", text)
        out.append((html.unescape("".join(parts)), bold))
    return out


def _longest_word(paragraph: str, styles: _Styles, header: bool) -> float:
    """The widest piece of a paragraph that cannot break, in twips."""
    style = _attr(paragraph, "pStyle", "val") or ""
    font = styles.fonts.get(style, styles.default_font)
    size = styles.sizes.get(style, styles.default_size)
    widest, current = 0.0, 0.0
    for text, bold in _runs(paragraph):
        for piece in _BREAK.split(text):
            if piece in (" ", "\u00ad", "-"):
                hyphen = _width("-", font, bold or header, size) if piece != " " else 0.0
                widest, current = max(widest, current + hyphen), 0.0
            elif piece:
                current += _width(piece, font, bold or header, size)
    return max(widest, current)


def _text_width(body: str) -> int:
    """The width between the margins of the document's (last) section, in twips."""
    sect = body[body.rfind("<w:sectPr") :]
    page = int(_attr(sect, "pgSz", "w") or 11906)
    margins = int(_attr(sect, "pgMar", "left") or 1417) + int(_attr(sect, "pgMar", "right") or 1417)
    return page - margins


def column_widths(preferred: list[float], least: list[float], total: int) -> list[int]:
    """Widths in twips that add up to `total`: `preferred`'s proportions, each column at least
    its `least`, the others sharing what is left in proportion (where the least widths do not
    fit at all, those in proportion)."""
    if sum(least) >= total:
        scale = total / sum(least)
        widths = [w * scale for w in least]
    else:
        fixed: dict[int, float] = {}
        while True:
            free = [i for i in range(len(preferred)) if i not in fixed]
            room = total - sum(fixed.values())
            share = sum(preferred[i] for i in free) or 1.0
            widths = [fixed.get(i, room * preferred[i] / share) for i in range(len(preferred))]
            short = [i for i in free if widths[i] < least[i]]
            if not short:
                break
            fixed.update({i: least[i] for i in short})
    out = [int(w) for w in widths]
    out[max(range(len(out)), key=lambda i: widths[i])] += total - sum(out)
    return out


def _fit_columns(table: str, styles: _Styles, total: int) -> str:
    """A table's grid and cells set to widths that hold each column's longest word."""
    grid = [float(w) for w in re.findall(r'<w:gridCol w:w="([0-9.]+)"', table)]
    rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.DOTALL)
    if not grid or not rows or "<w:gridSpan" in table or "<w:tbl>" in table[7:]:
        return table  # merged cells or a nested table: pandoc's widths stay
    least = [0.0] * len(grid)
    for row in rows:
        cells = re.findall(r"<w:tc>.*?</w:tc>", row, re.DOTALL)
        if len(cells) != len(grid):
            return table
        header = "<w:tblHeader" in row
        for i, cell in enumerate(cells):
            for p in re.findall(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", cell, re.DOTALL):
                least[i] = max(least[i], _longest_word(p, styles, header) * SLACK + styles.margin)
    widths = column_widths(grid, least, total)
    cols = "".join(f'<w:gridCol w:w="{w}" />' for w in widths)
    table = re.sub(r"<w:tblGrid>.*?</w:tblGrid>", f"<w:tblGrid>{cols}</w:tblGrid>", table, count=1)

    def cell_width(row: re.Match[str]) -> str:
        cells = iter(widths)

        def width(tcpr: re.Match[str]) -> str:
            close = "" if tcpr.group(0) == "<w:tcPr>" else "</w:tcPr>"
            return f'<w:tcPr><w:tcW w:w="{next(cells)}" w:type="dxa" />{close}'

        plain = re.sub(r"<w:tcW\b[^>]*/>", "", row.group(0))
        return re.sub(r"<w:tcPr\s*/>|<w:tcPr>", width, plain)

    return re.sub(r"<w:tr>.*?</w:tr>", cell_width, table, flags=re.DOTALL)


def _keep_next(paragraph: re.Match[str]) -> str:
    p = paragraph.group(0)
    if "<w:pStyle " in p:  # keepNext comes right after the style (the schema's order)
        return re.sub(r"(<w:pStyle [^>]*/>)", r"\1<w:keepNext />", p, count=1)
    if p.startswith("<w:p><w:pPr>"):
        return p.replace("<w:pPr>", "<w:pPr><w:keepNext />", 1)
    return p.replace("<w:p>", "<w:p><w:pPr><w:keepNext /></w:pPr>", 1)


def _keep_lead_with_table(body: str) -> str:
    """The paragraph right before a short table (its lead: "22 organisasjoner: …", the budget's
    note) keeps with it, as the table's rows keep together."""
    out, rest = [], body
    while (start := rest.find("<w:tbl>")) >= 0:
        end = rest.index("</w:tbl>", start) + len("</w:tbl>")
        before, table = rest[:start], rest[start:end]
        lead = before.rfind("<w:p>")
        short = table.count("<w:tr>") <= KEEP_ROWS
        if short and lead >= 0 and before.rstrip().endswith("</w:p>"):
            before = before[:lead] + re.sub(
                r"<w:p>.*</w:p>", _keep_next, before[lead:], count=1, flags=re.DOTALL
            )
        out += [before, table]
        rest = rest[end:]
    return "".join([*out, rest])


def _fix_table(table: str) -> str:
    """A table's cells in "Table Text" ("Compact" is for tight lists, at the body's size); a
    short table kept on one page, each row but the last keeping with the next."""
    text = table.replace('<w:pStyle w:val="Compact" />', '<w:pStyle w:val="TableText" />')
    rows = re.findall(r"<w:tr>.*?</w:tr>", text, flags=re.DOTALL)
    if len(rows) > KEEP_ROWS:
        return text
    for row in rows[:-1]:
        kept = re.sub(r"<w:p>.*?</w:p>", _keep_next, row, flags=re.DOTALL)
        text = text.replace(row, kept, 1)
    return text


def fix_tables(body: str, styles_xml: str) -> str:
    """word/document.xml with every table laid out (see the module's docstring)."""
    # Keep each table row on one page (LibreOffice ignores this in a table style): a split row
    # leaves an empty-looking stub under the repeated header row on the next page.
    body = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>", body)
    body = body.replace("<w:tr><w:trPr><w:tblHeader", "<w:tr><w:trPr><w:cantSplit /><w:tblHeader")
    styles, total = _styles(styles_xml), _text_width(body)
    body = re.sub(
        r"<w:tbl>.*?</w:tbl>",
        lambda m: _fit_columns(_fix_table(m.group(0)), styles, total),
        body,
        flags=re.DOTALL,
    )
    return _keep_lead_with_table(body)
