"""Build templates/reference.docx: the Word styles every generated DOCX takes its look from; give
a reference document a theme's colours and font (`restyle`); put a logo above a document's title
(`add_logo`).

Starts from pandoc's own reference document (so every style pandoc uses exists) and sets fonts,
colours, A4 page, margins, table borders and a page-number footer with python-docx.
Run `make reference` (python -m generator.output.reference_docx) after changing this file; a test checks
that the committed file is what this code builds.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from generator.output.archive import ZIP_EPOCH, normalize_zip

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


HEADINGS = ("Title", "Heading 1", "Heading 2", "Heading 3")  # in the theme's primary colour
LOGO_HEIGHT, LOGO_WIDTH = 540000, 2160000  # EMU: at most 1.5 cm high, 6 cm wide
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def restyle(reference: bytes, primary: str | None, accent: str | None, font: str | None) -> bytes:
    """A reference document (the built-in one or a user's, already checked by output.safe_zip)
    with a theme's look: the title, headings 1–3 and table header rows in `primary`, a rule
    under the title in `accent`, every style in `font` (colours "RRGGBB")."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import RGBColor

    doc = Document(io.BytesIO(reference))
    styles = doc.styles
    names = {style.name for style in styles}
    if primary:
        for name in HEADINGS:
            if name in names:
                styles[name].font.color.rgb = RGBColor.from_string(primary)
        for shd in styles.element.iter(qn("w:shd")):
            if shd.getparent().getparent().get(qn("w:type")) == "firstRow":
                shd.set(qn("w:fill"), primary)
    if accent and "Title" in names:
        ppr = styles["Title"].element.get_or_add_pPr()
        for old in ppr.findall(qn("w:pBdr")):
            ppr.remove(old)
        rule = parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="4" '
            f'w:color="{accent}"/></w:pBdr>'
        )
        successors = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc")
        ppr.insert_element_before(rule, *successors)
    if font:
        for rfonts in styles.element.iter(qn("w:rFonts")):
            for attr in list(rfonts.attrib):
                if attr.lower().endswith("theme"):
                    del rfonts.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attr), font)
        for name in ("Normal", *HEADINGS):
            if name in names:
                styles[name].font.name = font
    out = io.BytesIO()
    doc.save(out)
    return normalize_zip(out.getvalue())


def add_logo(
    docx: bytes,
    png: bytes,
    size: tuple[int, int],
    date: tuple[int, int, int, int, int, int] = ZIP_EPOCH,
) -> bytes:
    """A DOCX with a logo (PNG, `size` in pixels) in a paragraph of its own before its title (at
    the start of the body where it has none), at most LOGO_HEIGHT × LOGO_WIDTH."""
    import zipfile

    scale = min(LOGO_HEIGHT / max(size[1], 1), LOGO_WIDTH / max(size[0], 1))
    cx, cy = max(int(size[0] * scale), 1), max(int(size[1] * scale), 1)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    picture = '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    picture += (
        '<pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships" r:embed="rIdGenLogo"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    )
    paragraph = (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="120"/></w:pPr><w:r><w:drawing>'
        '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
        f' distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:docPr id="4096" name="Logo" descr="Logo"/><wp:cNvGraphicFramePr>'
        f'<a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        f'<a:graphic xmlns:a="{a}"><a:graphicData '
        f'uri="http://schemas.openxmlformats.org/drawingml/2006/picture">{picture}'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    title = re.search(r'<w:p>(?:(?!</w:p>).)*?<w:pStyle w:val="Title" ?/>', body, re.DOTALL)
    at = title.start() if title else body.index(">", body.index("<w:body")) + 1
    body = body[:at] + paragraph + body[at:]
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdGenLogo" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/image" Target="media/gen-logo.png"/></Relationships>',
    )
    if 'Extension="png"' not in types:
        types = types.replace(
            "</Types>", '<Default Extension="png" ContentType="image/png"/></Types>'
        )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item.filename))
        dst.writestr("word/media/gen-logo.png", png)
    replace = {
        "word/document.xml": body.encode("utf-8"),
        "word/_rels/document.xml.rels": rels.encode("utf-8"),
        "[Content_Types].xml": types.encode("utf-8"),
    }
    return normalize_zip(out.getvalue(), replace, date)


SHELL = Path(__file__).resolve().parent.parent / "data" / "docx-shell.docx"


def build_shell(pandoc: str, reference: Path) -> bytes:
    """The package pandoc writes with `reference` for a document of a title only: every part
    output.docx_writer does not write itself (deterministic)."""
    from generator.output.formats import WRITER_ARGS

    ast = '{"pandoc-api-version":[1,23],"meta":{},"blocks":[{"t":"Header","c":[1,["t",[],[]],[]]}]}'
    args = [a for a in WRITER_ARGS["docx"]("nb") if not a.startswith("--reference-doc=")]
    done = subprocess.run(
        [pandoc, "--sandbox", "-f", "json", *args, f"--reference-doc={reference}"],
        input=ast.encode("utf-8"),
        check=True,
        capture_output=True,
    )
    return normalize_zip(done.stdout, {}, ZIP_EPOCH)


if __name__ == "__main__":
    from generator.output.pandoc import pandoc_path
    from generator.resources import template_dir

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else template_dir() / "reference.docx"
    target.write_bytes(build(pandoc_path()))
    print(f"wrote {target}")
    SHELL.write_bytes(build_shell(pandoc_path(), target))
    print(f"wrote {SHELL}")
