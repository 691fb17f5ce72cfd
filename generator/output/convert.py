"""Markdown source → md / docx / odt / html / pdf bytes, through our own writers, pandoc and Typst.

The Markdown is read once into pandoc's JSON AST: in Python (output.reader) when the built-in
templates wrote it, else by pandoc. Each format is then written at once, in a thread each. Where
the AST was read in Python, the Markdown file (output.md_writer), the DOCX (output.docx_writer,
with the built-in Word styles) and the PDF's Typst source (output.typst_writer, with the
built-in template) are written in Python, the same bytes pandoc's writers made; every other
format and case by its own pandoc process. pandoc is the binary shipped in the pypandoc-binary
wheel, called directly with explicit arguments (pypandoc's `cworkdir` changes the process's
working folder), always `--sandbox`, with a memory cap and a timeout. The Typst source is
compiled by the `typst` package (output.typeset) with its built-in fonts. DOCX and ODT are
rewritten with fixed dates and our own document properties so the same input gives the same
bytes. A `Look` changes the built-in look: a user's reference.docx or document.typ
(--templates), and a theme's colours, font and logo (Word styles, the PDF's title block).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.errors import ConversionError
from generator.output.archive import ZIP_EPOCH, normalize_zip
from generator.output.fonts import Font, font_folder
from generator.output.formats import FORMAT_WRITER, LANG_TAGS, WRITER_ARGS
from generator.output.pandoc import json_api_version, pandoc_path
from generator.output.typeset import compile_typst, work_folder

TIMEOUT_SECONDS = 120
# Pandoc writers run at once, one thread (and pandoc process) each: a single document is done
# sooner. `gen batch` workers set 1: the cores are busy with other inputs already, and each
# pandoc process costs memory.
WRITER_THREADS = 8
# The Markdown our templates write. User text in it is fully escaped; these extensions are off
# anyway, so even a template cannot pass raw HTML/TeX/OpenXML/Typst or a metadata block through.
READER = (
    "markdown-raw_html-raw_tex-raw_attribute-yaml_metadata_block-pandoc_title_block"
    "-smart-citations-tex_math_dollars-tex_math_single_backslash-implicit_figures"
)


@dataclass(frozen=True)
class DocumentInfo:
    """Document properties: plain text, written into each format as data."""

    title: str
    author: str
    language: str  # nb | nn | en
    subject: str = ""
    # A note for whoever edits the file, not for its reader ("generated from the project file"):
    # in the properties only (DOCX comments, ODT and HTML description, the PDF's sys.inputs).
    description: str = ""
    date: dt.datetime | None = None  # from SOURCE_DATE_EPOCH; None: no date is stamped


@dataclass(frozen=True)
class LogoArt:
    """A logo ready for every format: as given (png or svg: the PDFs draw it so) and as a PNG
    (Word and PowerPoint), with the PNG's size in pixels."""

    data: bytes
    ext: str  # png | svg
    png: bytes
    size: tuple[int, int]

    @property
    def name(self) -> str:
        """Its file name in Typst's folder."""
        return f"logo.{self.ext}"


@dataclass(frozen=True)
class Look:
    """How the text documents look where it is not the built-in look: a user's Word reference
    document (bytes, checked by output.safe_zip, which names the file in its errors) and Typst
    template (bytes, and the file it came from, for Typst's errors), and a theme's colours
    ("RRGGBB"), font and logo."""

    reference_docx: bytes | None = None
    typst_template: bytes | None = None
    typst_file: str = ""
    primary: str | None = None
    accent: str | None = None
    font: Font | None = None
    logo: LogoArt | None = None

    @property
    def restyles_docx(self) -> bool:
        return bool(self.primary or self.accent or self.font)

    def typst_inputs(self) -> dict[str, str]:
        """What document.typ reads from sys.inputs beyond the document's properties."""
        out = {"primary": f"#{self.primary}"} if self.primary else {}
        if self.accent:
            out["accent"] = f"#{self.accent}"
        if self.font:
            out["font"] = self.font.family
        if self.logo:  # at most 1.5 cm high and 6 cm wide
            width, height = self.logo.size
            scale = min(1.5 / max(height, 1), 6 / max(width, 1))
            out["logo"] = self.logo.name
            out["logo-size"] = f"{width * scale:.3f},{height * scale:.3f}"
        return out


def build_date() -> dt.datetime | None:
    """The date to stamp into documents: SOURCE_DATE_EPOCH if set (reproducible builds), else none."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ConversionError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds") from None


def _pandoc(args: list[str]) -> list[str]:
    return [pandoc_path(), "+RTS", "-M1G", "-RTS", "--sandbox", "--fail-if-warnings", *args]


def _run(args: list[str], stdin: bytes, what: str) -> bytes:
    try:
        done = subprocess.run(
            _pandoc(args), input=stdin, capture_output=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        raise ConversionError(f"{what}: pandoc took longer than {TIMEOUT_SECONDS} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(f"{what}: pandoc failed: {detail[0] if detail else done.returncode}")
    return done.stdout


class ReadInPython(dict[str, Any]):
    """An AST output.reader read, with the Markdown it read (`markdown`): only such an AST is
    written by our own writers (what pandoc read from a user's template goes back to pandoc's)."""

    markdown = ""


def markdown_to_ast(markdown: str, what: str, builtin: bool = False) -> dict[str, Any]:
    """Read our Markdown into pandoc's JSON AST. Markdown from the built-in templates
    (`builtin`) is read in Python (output.reader) unless it holds more than they write."""
    if builtin:
        from generator.output.reader import Unsupported, read

        try:
            ours = ReadInPython(read(markdown))
            ours.markdown = markdown
            return ours
        except Unsupported:
            pass
    ast: dict[str, Any] = json.loads(
        _run(["-f", READER, "-t", "json"], markdown.encode("utf-8"), what)
    )
    return ast


def _inlines(text: str) -> list[dict[str, Any]]:
    """Plain text as pandoc inlines: Str words and Space; nothing in it is markup."""
    out: list[dict[str, Any]] = []
    for i, word in enumerate(text.split(" ")):
        if i:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


# Characters that pandoc's writers leave unescaped although the target reads them as syntax.
# Each match is written as a backslash escape (raw output that our code builds, never user text).
# Typst: "..." becomes "…", "--" and "---" dashes, "-?" a soft hyphen, "-" before a digit a minus
# sign (−), and "=", "+", "-", "/" at the start of a line a heading, list or term (pandoc escapes
# them at the start of a paragraph but not of a list item): every "." after a ".", every "-" or
# "?" after a "-", every "-" before a digit, and those four at the start of a word are escaped.
# A number and a full stop ("1. september") at the start of a line or table cell is a numbered
# list item: the date's "1." would print as "1.  september", indented. So a "." after a digit
# (and not before one: 1.5) is escaped too.
# (The typst writer runs with -smart, so it keeps ’ and — as typed instead of ' and ---.)
# Markdown: "&amp;" or "&#65;" would be read as a character reference, so the "&" is escaped.
_UNESCAPED = {
    "typst": re.compile(r"(^[-=+/]|(?<=\.)\.|(?<=-)[-?]|-(?=[0-9])|(?<=[0-9])\.(?![0-9]))"),
    "markdown": re.compile(r"(&(?=#?[A-Za-z0-9]+;))"),
}


def _escape_in_str(node: object, target: str) -> object:
    """Copy of an AST node where no Str can be read as `target` syntax (see _UNESCAPED)."""
    pattern = _UNESCAPED[target]
    if isinstance(node, list):
        out: list[object] = []
        for child in node:
            if isinstance(child, dict) and child.get("t") == "Str" and pattern.search(child["c"]):
                for i, piece in enumerate(pattern.split(child["c"])):
                    if i % 2:
                        out.append({"t": "RawInline", "c": [target, "\\" + piece]})
                    elif piece:
                        out.append({"t": "Str", "c": piece})
            else:
                out.append(_escape_in_str(child, target))
        return out
    if isinstance(node, dict):
        return {key: _escape_in_str(value, target) for key, value in node.items()}
    return node


def convert(
    ast: dict[str, Any], formats: list[str], info: DocumentInfo, what: str, look: Look | None = None
) -> dict[str, bytes]:
    """Write the AST in each of `formats` (md, docx, pdf, odt, html); all pandoc runs at once.
    `look`: a user's templates and a theme (None: the built-in look)."""
    look = look or Look()
    ours = isinstance(ast, ReadInPython)
    markdown = ast.markdown if isinstance(ast, ReadInPython) else ""
    # The document's properties as plain-text metadata: pandoc writes them into the ODT's
    # meta.xml and the HTML's head; _fix_docx writes the DOCX's, and _typeset passes them on.
    meta = {"author": info.author, "subject": info.subject, "description": info.description}
    ast = dict(
        ast,
        meta=dict(
            ast.get("meta", {}),
            **{k: {"t": "MetaInlines", "c": _inlines(v)} for k, v in meta.items() if v},
        ),
    )
    writers = list(dict.fromkeys(FORMAT_WRITER[f] for f in formats))
    escape_for = {"typst": "typst", "md": "markdown"}  # writers that need _escape_in_str

    @cache
    def for_pandoc() -> dict[str, Any]:
        """The AST for pandoc: read by pandoc itself where this pandoc would not read the JSON
        version output.reader writes (only a pandoc run asks pandoc's version)."""
        if ours and json_api_version() is None:
            return dict(markdown_to_ast(markdown, what), meta=ast["meta"])
        return ast

    def source(writer: str) -> bytes:
        """The AST as pandoc's JSON for `writer`."""
        tree = for_pandoc()
        escaped = _escape_in_str(tree, escape_for[writer]) if writer in escape_for else tree
        return json.dumps(escaped, ensure_ascii=False).encode("utf-8")

    files = look.reference_docx or look.restyles_docx or look.typst_template is not None

    def write(writer: str, args: list[str]) -> bytes:
        """One writer's run and what follows it (the PDF's typesetting, the DOCX's fixes) in
        the same thread: the PDF is typeset while the DOCX is still being written. The PDF's
        Typst source, the DOCX and the Markdown are written in Python where they can be
        (output.typst_writer, docx_writer, md_writer), else by pandoc."""
        raw = (_in_python(writer, ast, info, look) if ours else None) or _run(
            ["-f", "json", *args], source(writer), f"{what} ({writer})"
        )
        if writer == "typst":
            return _typeset(raw, info, what, look)
        if writer == "docx":
            fixed = _fix_docx(raw, info, what)
            if look.logo:
                from generator.output.reference_docx import add_logo

                fixed = add_logo(fixed, look.logo.png, look.logo.size, _zip_date(info))
            return fixed
        if writer == "odt":
            return _fix_odt(raw, info, what)
        return raw

    with work_folder() if files else nullcontext("") as folder:
        args = {w: _writer_args(w, info.language, look, Path(folder)) for w in writers}
        with ThreadPoolExecutor(max_workers=min(len(writers), WRITER_THREADS)) as pool:
            jobs = {w: pool.submit(write, w, args[w]) for w in writers}
            written = {w: job.result() for w, job in jobs.items()}
    return {fmt: written[FORMAT_WRITER[fmt]] for fmt in formats}


def _in_python(writer: str, ast: dict[str, Any], info: DocumentInfo, look: Look) -> bytes | None:
    """What `writer` makes of an AST output.reader read, written in Python (output.md_writer,
    docx_writer with the built-in Word styles, typst_writer with the built-in template), or None
    where pandoc must write it: another format, a user's or a theme's reference document, a
    user's document.typ, or a block our writers do not know."""
    from generator.output.reader import Unsupported

    try:
        if writer == "md":
            from generator.output.md_writer import write as markdown

            return markdown(ast).encode("utf-8")
        if writer == "docx" and not (look.reference_docx or look.restyles_docx):
            from generator.output.docx_writer import write as docx

            author = _inlines(info.author) if info.author else []
            return docx(ast, author, LANG_TAGS[info.language])
        if writer == "typst" and look.typst_template is None:
            from generator.output.typst_writer import fill_template
            from generator.resources import template_dir

            template = (template_dir() / "pandoc" / "document.typ").read_text("utf-8")
            return fill_template(template, ast, info.language).encode("utf-8")
    except Unsupported:
        pass
    return None


def _writer_args(writer: str, language: str, look: Look, folder: Path) -> list[str]:
    """pandoc's arguments for a writer, with a user's (or a themed) reference document or
    Typst template written into `folder` in place of the built-in one."""
    args = WRITER_ARGS[writer](language)
    if writer == "docx" and (look.reference_docx or look.restyles_docx):
        from generator.output.reference_docx import restyle
        from generator.resources import template_dir

        reference = look.reference_docx or (template_dir() / "reference.docx").read_bytes()
        if look.restyles_docx:
            font = look.font.office if look.font else None
            reference = restyle(reference, look.primary, look.accent, font)
        (folder / "reference.docx").write_bytes(reference)
        args = [
            f"--reference-doc={folder / 'reference.docx'}"
            if a.startswith("--reference-doc=")
            else a
            for a in args
        ]
    if writer == "typst" and look.typst_template is not None:
        (folder / "document.typ").write_bytes(look.typst_template)
        args = [
            f"--template={folder / 'document.typ'}" if a.startswith("--template=") else a
            for a in args
        ]
    return args


def _typeset(source: bytes, info: DocumentInfo, what: str, look: Look) -> bytes:
    """The PDF of pandoc's Typst source, with the theme's font and logo."""
    files = {look.logo.name: look.logo.data} if look.logo else {}
    user = look.typst_template is not None
    common = {
        # The properties beyond title and author (subject, the note for editors) as data.
        "inputs": {"subject": info.subject, "description": info.description, **look.typst_inputs()},
        "files": files,
        "source_file": look.typst_file if user else None,
        "template": look.typst_template,
    }
    if look.font is None:
        return compile_typst(source, info, what, **common)  # type: ignore[arg-type]
    with font_folder(look.font) as fonts:
        return compile_typst(source, info, what, fonts=[str(fonts)], **common)  # type: ignore[arg-type]


def _zip_date(info: DocumentInfo) -> tuple[int, int, int, int, int, int]:
    if info.date is None or info.date.year < 1980:
        return ZIP_EPOCH
    d = info.date
    return (d.year, d.month, d.day, d.hour, d.minute, d.second - d.second % 2)


def _w3cdtf(info: DocumentInfo) -> str | None:
    return info.date.strftime("%Y-%m-%dT%H:%M:%SZ") if info.date else None


def _xml_text(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils.escape, whose module loads urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _core_xml(info: DocumentInfo) -> str:
    """docProps/core.xml: title, subject, author, the note for editors as the comments
    (dc:description), language and the build's dates."""
    stamp = _w3cdtf(info)
    fields = [
        ("dc:title", info.title),
        ("dc:subject", info.subject),
        ("dc:creator", info.author),
        ("dc:description", info.description),
        ("dc:language", LANG_TAGS[info.language]),
    ]
    props = "".join(f"<{tag}>{_xml_text(value)}</{tag}>" for tag, value in fields if value)
    if stamp:
        props += "".join(
            f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{stamp}</dcterms:{tag}>'
            for tag in ("created", "modified")
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"{props}</cp:coreProperties>"
    )


# Pandoc writes a horizontal rule (a handout's writing lines) as a VML "hr" shape, which
# LibreOffice draws as a thick etched double line. An empty paragraph with a thin bottom border
# draws the same single grey line as the PDF (document.typ) in Word and LibreOffice alike; each
# gets its own right indent (a twip apart) so that Word does not merge a run of them into one box.
_HR = re.compile(r"<w:p><w:r><w:pict><v:rect [^>]*o:hr=\"t\"\s*/></w:pict></w:r></w:p>")


def _rules(body: str) -> str:
    count = iter(range(1 << 30))
    return _HR.sub(
        lambda _: (
            '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" '
            f'w:color="A5A5A5"/></w:pBdr><w:spacing w:before="280" w:after="0"/>'
            f'<w:ind w:right="{next(count) % 2}"/></w:pPr></w:p>'
        ),
        body,
    )


def _fix_docx(data: bytes, info: DocumentInfo, what: str = "") -> bytes:
    """Own the document properties (title, author, language, dates), lay out the tables
    (output.docx_tables) and fix zip dates."""
    from generator.output.docx_tables import fix_tables

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    body = _rules(fix_tables(body, styles))
    replace = {
        "docProps/core.xml": _core_xml(info).encode("utf-8"),
        "word/document.xml": body.encode("utf-8"),
    }
    return normalize_zip(data, replace, _zip_date(info))


def _fix_odt(data: bytes, info: DocumentInfo, what: str = "") -> bytes:
    """Replace pandoc's creation date in meta.xml (1970 under --sandbox) and fix zip dates."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        meta = z.read("meta.xml").decode("utf-8")
    stamp = _w3cdtf(info)
    meta = re.sub(
        r"<meta:creation-date>[^<]*</meta:creation-date>",
        f"<meta:creation-date>{stamp}</meta:creation-date>" if stamp else "",
        meta,
    )
    meta = re.sub(r"<dc:date>[^<]*</dc:date>", f"<dc:date>{stamp}</dc:date>" if stamp else "", meta)
    return normalize_zip(data, {"meta.xml": meta.encode("utf-8")}, _zip_date(info))
