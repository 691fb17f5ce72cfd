"""Build templates/reference.docx: the Word styles every generated DOCX takes its look from.

Starts from pandoc's own reference document (so every style pandoc uses exists) and sets fonts,
colours, A4 page, margins, table borders and a page-number footer with python-docx.
Run `make reference` (python -m generator.output.reference_docx) after changing this file; a test checks
that the committed file is what this code builds.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from generator.output.archive import normalize_zip

ACCENT = "1F4E79"  # dark blue of headings and table header rows
TABLE_TEXT = "Table Text"  # the paragraph style of table cells (output.convert sets it)
BODY_FONT = "Calibri"
HEADING_FONT = "Calibri Light"


def build(pandoc: str) -> bytes:
    """Return the bytes of the reference document (deterministic)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Cm, Pt, RGBColor

    base = subprocess.run(
        [pandoc, "--print-default-data-file", "reference.docx"], check=True, capture_output=True
    ).stdout
    doc = Document(io.BytesIO(base))
    styles = doc.styles

    normal = styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), BODY_FONT)
    # Pandoc sets tight lists (a one-item list, a handout's lists) and table cells in "Compact":
    # it has the body's size, as a list is body text. Table cells get "Table Text", 9 pt, from
    # output.convert (which also keeps a short table on one page).
    compact = styles["Compact"]
    compact.font.size = Pt(11)
    compact.paragraph_format.space_before, compact.paragraph_format.space_after = Pt(0), Pt(3)
    cells = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cells.base_style = compact
    cells.font.size = Pt(9)
    cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(0)
    for name in ("Body Text", "First Paragraph"):
        fmt = styles[name].paragraph_format
        fmt.space_before, fmt.space_after, fmt.line_spacing = (
            Pt(4),
            Pt(6),
            1.1,
        )  # 4 pt: clear of tables

    # Every heading keeps with the next paragraph: never alone at the foot of a page. Level 4
    # (a work package's "Objectives", the selection's "Criteria") is a bold label in the body's
    # font and colour.
    for level, size in ((1, 16), (2, 13), (3, 12), (4, 11)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = HEADING_FONT, Pt(size), level > 1
        style.font.color.rgb = RGBColor.from_string(ACCENT if level < 4 else "000000")
        style.font.italic = False
        if level == 4:
            style.font.name = BODY_FONT
        style.paragraph_format.space_before = Pt(18 if level == 1 else 12 if level < 4 else 8)
        style.paragraph_format.space_after = Pt(6 if level < 4 else 3)
        style.paragraph_format.keep_with_next = True
    title = styles["Title"]
    title.font.name, title.font.size, title.font.bold = HEADING_FONT, Pt(24), False
    title.font.color.rgb = RGBColor.from_string(ACCENT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for name in ("Subtitle", "Author", "Date"):
        styles[name].font.name = BODY_FONT
        styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT

    # The "Table" style pandoc applies: thin grey borders, a shaded header row, a little padding.
    table = styles["Table"].element
    tblpr = table.find(qn("w:tblPr"))
    if tblpr is None:
        tblpr = parse_xml(f"<w:tblPr {nsdecls('w')}/>")
        table.append(tblpr)
    for old in tblpr.findall(qn("w:tblBorders")) + tblpr.findall(qn("w:tblCellMar")):
        tblpr.remove(old)
    edges = "".join(
        f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="A6A6A6"/>'
        for e in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    tblpr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))
    tblpr.append(
        parse_xml(
            f'<w:tblCellMar {nsdecls("w")}><w:top w:w="40" w:type="dxa"/><w:left w:w="90" w:type="dxa"/>'
            f'<w:bottom w:w="40" w:type="dxa"/><w:right w:w="90" w:type="dxa"/></w:tblCellMar>'
        )
    )
    for old in table.findall(qn("w:tblStylePr")):
        table.remove(old)
    table.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT}"/></w:tcPr></w:tblStylePr>'
        )
    )

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )

    out = io.BytesIO()
    doc.core_properties.title = ""
    doc.save(out)
    return normalize_zip(out.getvalue())


if __name__ == "__main__":
    from generator.output.convert import pandoc_path
    from generator.resources import template_dir

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else template_dir() / "reference.docx"
    target.write_bytes(build(pandoc_path()))
    print(f"wrote {target}")
