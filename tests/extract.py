"""Read generated documents back as text, the way a reader or a parser would see them."""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import zipfile


def squash(text: str) -> str:
    """Text without any white space: layout (line wrapping, cells, paragraphs) is not content."""
    return "".join(text.split())


def _ast_text(node: object) -> str:
    if isinstance(node, list):
        return "".join(_ast_text(n) for n in node)
    if isinstance(node, dict):
        kind = node.get("t")
        if kind == "Str":
            return node["c"]
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return " ".join(_ast_text(v) for k, v in node.items() if k == "c") + " "
    return ""


def markdown_text(data: bytes, reader: str = "gfm") -> str:
    """What a CommonMark/GFM renderer shows of our Markdown (pandoc reads it; text of the AST)."""
    from generator.output.pandoc import pandoc_path

    out = subprocess.run(
        [pandoc_path(), "--sandbox", "-f", reader, "-t", "json"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout
    return _ast_text(json.loads(out)["blocks"])


def docx_text(data: bytes) -> str:
    """All paragraph and table-cell text of a DOCX, in document order."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = []
    body = document.element.body
    for element in body.iter():
        if element.tag.endswith("}t"):
            parts.append(element.text or "")
        elif element.tag.endswith("}p"):
            parts.append("\n")
    return "".join(parts)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def html_text(data: bytes) -> str:
    body = data.decode("utf-8").split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def odt_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        content = z.read("content.xml").decode("utf-8")
    content = re.sub(
        r"<text:s(?: text:c=\"(\d+)\")?/>", lambda m: " " * int(m.group(1) or 1), content
    )
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


def pptx_text(data: bytes) -> str:
    """All text of a PPTX's slides (placeholders, text boxes, shapes), slide by slide."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
    return "\n".join(parts)


TEXT_OF = {
    "pptx": pptx_text,
    "md": markdown_text,
    "docx": docx_text,
    "pdf": pdf_text,
    "html": html_text,
    "odt": odt_text,
}
