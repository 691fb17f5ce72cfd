"""Markdown source → md / docx / odt / html / pdf bytes, through pandoc and Typst.

pandoc is the binary shipped in the pypandoc-binary wheel, called directly with explicit
arguments (pypandoc's `cworkdir` changes the process's working folder), always `--sandbox`,
with a memory cap and a timeout. The Markdown is read once into pandoc's JSON AST; each output
format is then written by its own pandoc process, all running at once. PDF is Typst source from
pandoc compiled by the `typst` package with its built-in fonts. DOCX and ODT are rewritten with
fixed dates and our own document properties so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from generator.errors import ConversionError
from generator.output.archive import ZIP_EPOCH, normalize_zip
from generator.output.formats import FORMAT_WRITER, LANG_TAGS, WRITER_ARGS

TIMEOUT_SECONDS = 120
# Pandoc writers run at once, one thread (and pandoc process) each: a single document is done
# sooner. `gen batch` workers set 1: the cores are busy with other inputs already, and each
# pandoc process costs memory.
WRITER_THREADS = 8
# Typst compiles in a fresh folder named gen-typst-<pid>-…: in the system's temp folder, or where
# `gen batch` workers set TEMP_DIR (OUTPUT/.gen-tmp/, which the next batch empties). A folder a
# killed run left is removed by the next run that compiles (sweep_stale_typst).
TEMP_DIR: Path | None = None
TYPST_PREFIX = "gen-typst-"
STALE_SECONDS = 3600  # a compile is over within TIMEOUT_SECONDS; an older folder is left over
MIN_PANDOC = (3, 1, 6)  # CVE-2023-35936 / CVE-2023-38745 are fixed from 3.1.6 on
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
    date: dt.datetime | None = None  # from SOURCE_DATE_EPOCH; None: no date is stamped


def build_date() -> dt.datetime | None:
    """The date to stamp into documents: SOURCE_DATE_EPOCH if set (reproducible builds), else none."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise ConversionError(f"SOURCE_DATE_EPOCH={value!r} is not a number of seconds") from None


@cache
def pandoc_path() -> str:
    """The pandoc binary of the pypandoc-binary wheel (checked to be new enough)."""
    spec = find_spec("pypandoc")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        candidate = Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
        if candidate.is_file():
            _check_version(str(candidate))
            return str(candidate)
    raise ConversionError("pandoc not found: install the package 'pypandoc-binary'")


def _check_version(pandoc: str) -> None:
    out = subprocess.run([pandoc, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"pandoc\S* (\d+)\.(\d+)(?:\.(\d+))?", out)
    version = tuple(int(g or 0) for g in match.groups()) if match else (0, 0, 0)
    if version < MIN_PANDOC:
        raise ConversionError(
            f"pandoc {'.'.join(map(str, version))} is too old; 3.1.6 or newer is needed "
            "(pip install -U pypandoc-binary)"
        )


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


def markdown_to_ast(markdown: str, what: str) -> dict[str, Any]:
    """Read our Markdown into pandoc's JSON AST."""
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
# (The typst writer runs with -smart, so it keeps ’ and — as typed instead of ' and ---.)
# Markdown: "&amp;" or "&#65;" would be read as a character reference, so the "&" is escaped.
_UNESCAPED = {
    "typst": re.compile(r"(^[-=+/]|(?<=\.)\.|(?<=-)[-?]|-(?=[0-9]))"),
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
    ast: dict[str, Any], formats: list[str], info: DocumentInfo, what: str
) -> dict[str, bytes]:
    """Write the AST in each of `formats` (md, docx, pdf, odt, html); all pandoc runs at once."""
    ast = dict(
        ast, meta=dict(ast.get("meta", {}), author={"t": "MetaInlines", "c": _inlines(info.author)})
    )
    writers = list(dict.fromkeys(FORMAT_WRITER[f] for f in formats))
    escape_for = {"typst": "typst", "md": "markdown"}  # writers that need _escape_in_str
    sources = {
        w: json.dumps(
            _escape_in_str(ast, escape_for[w]) if w in escape_for else ast, ensure_ascii=False
        ).encode("utf-8")
        for w in writers
    }
    with ThreadPoolExecutor(max_workers=min(len(writers), WRITER_THREADS)) as pool:
        jobs = {
            w: pool.submit(
                _run, ["-f", "json", *WRITER_ARGS[w](info.language)], sources[w], f"{what} ({w})"
            )
            for w in writers
        }
        written = {w: job.result() for w, job in jobs.items()}
    out: dict[str, bytes] = {}
    finish: dict[str, Callable[[bytes, DocumentInfo, str], bytes]] = {
        "pdf": compile_typst,
        "docx": _fix_docx,
        "odt": _fix_odt,
    }
    for fmt in formats:
        raw = written[FORMAT_WRITER[fmt]]
        out[fmt] = finish[fmt](raw, info, what) if fmt in finish else raw
    return out


def compile_typst(
    source: bytes,
    info: DocumentInfo,
    what: str,
    inputs: dict[str, str] | None = None,
    fonts: list[str] | None = None,
) -> bytes:
    """Compile Typst source to PDF in an empty folder, with built-in (and `fonts`) fonts only,
    never the system's, and a timeout. Data reaches the source as `sys.inputs`, never as markup."""
    import typst

    inputs = {
        "title": info.title,
        "author": info.author,
        "dated": "yes" if info.date else "no",
        **(inputs or {}),
    }
    stamp = int(info.date.timestamp()) if info.date else 0
    with _typst_folder() as root:

        def compile_pdf() -> bytes:
            # The stub ties input and root to one TypeVar; bytes input with a str root is valid.
            pdf = typst.compile(  # type: ignore[misc]
                source,
                root=root,
                font_paths=fonts or [],
                ignore_system_fonts=True,
                sys_inputs=inputs,
                timestamp=stamp,
            )
            assert isinstance(pdf, bytes)
            return pdf

        pool = ThreadPoolExecutor(max_workers=1)
        try:
            return pool.submit(compile_pdf).result(timeout=TIMEOUT_SECONDS)
        except FutureTimeout:
            raise ConversionError(
                f"{what} (pdf): typst took longer than {TIMEOUT_SECONDS} s"
            ) from None
        except Exception as exc:  # typst raises its own error types with the message we need
            raise ConversionError(f"{what} (pdf): typst failed: {exc}") from None
        finally:
            pool.shutdown(wait=False)


def _typst_folder() -> tempfile.TemporaryDirectory[str]:
    if TEMP_DIR is None:
        sweep_stale_typst()
    try:
        return tempfile.TemporaryDirectory(prefix=f"{TYPST_PREFIX}{os.getpid()}-", dir=TEMP_DIR)
    except OSError as exc:  # also tempfile's "no usable temporary directory"
        raise ConversionError(
            f"cannot create a temporary folder for Typst in {TEMP_DIR or 'the temp folder'}"
            f" ({exc.strerror or exc}); set TMPDIR to a writable folder"
        ) from None


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would stop it there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


@cache
def sweep_stale_typst() -> None:
    """Once per process: remove the Typst folders that killed runs left in the system's temp
    folder: this user's real folders (never a symlink) named gen-typst-<pid>-… whose process is
    gone, or that are older than an hour."""
    try:
        entries = list(os.scandir(tempfile.gettempdir()))
    except OSError:
        return
    uid = getattr(os, "getuid", lambda: -1)()
    for entry in entries:
        if not entry.name.startswith(TYPST_PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISDIR(info.st_mode) or (uid >= 0 and info.st_uid != uid):
                continue
            pid = entry.name.removeprefix(TYPST_PREFIX).split("-")[0]
            dead = pid.isdigit() and not _alive(int(pid))
            if dead or time.time() - info.st_mtime > STALE_SECONDS:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            continue


def _zip_date(info: DocumentInfo) -> tuple[int, int, int, int, int, int]:
    if info.date is None or info.date.year < 1980:
        return ZIP_EPOCH
    d = info.date
    return (d.year, d.month, d.day, d.hour, d.minute, d.second - d.second % 2)


def _w3cdtf(info: DocumentInfo) -> str | None:
    return info.date.strftime("%Y-%m-%dT%H:%M:%SZ") if info.date else None


def _fix_docx(data: bytes, info: DocumentInfo, what: str = "") -> bytes:
    """Own the document properties (title, author, language, dates) and fix zip dates."""
    stamp = _w3cdtf(info)
    dates = (
        (
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        )
        if stamp
        else ""
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(info.title)}</dc:title>"
        f"<dc:subject>{xml_escape(info.subject)}</dc:subject>"
        f"<dc:creator>{xml_escape(info.author)}</dc:creator>"
        f"<dc:language>{LANG_TAGS[info.language]}</dc:language>"
        f"{dates}</cp:coreProperties>"
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read("word/document.xml").decode("utf-8")
    # Keep each table row on one page (LibreOffice ignores this in a table style): a split row
    # leaves an empty-looking stub under the repeated header row on the next page.
    body = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>", body)
    body = body.replace("<w:tr><w:trPr><w:tblHeader", "<w:tr><w:trPr><w:cantSplit /><w:tblHeader")
    body = re.sub(r"<w:tbl>.*?</w:tbl>", _fix_table, body, flags=re.DOTALL)
    body = _keep_lead_with_table(body)
    replace = {"docProps/core.xml": core.encode("utf-8"), "word/document.xml": body.encode("utf-8")}
    return normalize_zip(data, replace, _zip_date(info))


KEEP_ROWS = 12  # a table of at most this many rows (header included) stays on one page


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


def _fix_table(table: re.Match[str]) -> str:
    """A table's cells in "Table Text" (9 pt; "Compact" is for tight lists, at the body's size);
    a short table kept on one page, each row but the last keeping with the next."""
    text = table.group(0).replace('<w:pStyle w:val="Compact" />', '<w:pStyle w:val="TableText" />')
    rows = re.findall(r"<w:tr>.*?</w:tr>", text, flags=re.DOTALL)
    if len(rows) > KEEP_ROWS:
        return text
    for row in rows[:-1]:
        kept = re.sub(r"<w:p>.*?</w:p>", _keep_next, row, flags=re.DOTALL)
        text = text.replace(row, kept, 1)
    return text


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
