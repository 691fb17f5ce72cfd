"""Typst source → PDF, in a fresh folder holding only what gen puts there, with a timeout.

Fonts are Typst's built-in ones and the bundled folders given (a theme's family, the slides'
font), never the system's. Data reaches the source as `sys.inputs`, never as markup; files (a
logo, a template's pictures) are written into the folder under names gen chooses. A user's
Typst file (--templates DIR/slides/deck.typ or pandoc/document.typ) that fails to compile is a
ConversionError naming that file and the line of it that Typst points at.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cache
from pathlib import Path
from typing import Protocol

from generator.errors import ConversionError


class DocumentInfo(Protocol):
    """What compile_typst reads of a document's properties (output.convert.DocumentInfo; named
    by its fields so that this module does not import output.convert, which imports it)."""

    @property
    def title(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def date(self) -> dt.datetime | None: ...


TIMEOUT_SECONDS = 120
# Typst compiles in a fresh folder named gen-typst-<pid>-…: in the system's temp folder, or where
# `gen batch` workers set TEMP_DIR (OUTPUT/.gen-tmp/, which the next batch empties). A folder a
# killed run left is removed by the next run that compiles (sweep_stale_typst).
TEMP_DIR: Path | None = None
TYPST_PREFIX = "gen-typst-"
STALE_SECONDS = 3600  # a compile is over within TIMEOUT_SECONDS; an older folder is left over
_FILE_NAME = re.compile(r"[a-z0-9-]{1,40}\.(png|jpg|gif|svg)")
_WHERE = re.compile(r"┌─ [^\n]*?:(\d+):(\d+)")


def compile_typst(
    source: bytes,
    info: DocumentInfo,
    what: str,
    inputs: dict[str, str] | None = None,
    fonts: list[str] | None = None,
    files: dict[str, bytes] | None = None,
    source_file: str | None = None,
    template: bytes | None = None,
) -> bytes:
    """Compile Typst source to PDF in an empty folder, with built-in (and `fonts`) fonts only,
    never the system's, and a timeout. Data reaches the source as `sys.inputs`, never as markup;
    `files` (name → bytes, names gen chose) are put in the folder first. Where the source is a
    user's file (`source_file`) or was made from one (`template`, the pandoc template at
    `source_file`), a failure names that file and its line."""
    import typst

    inputs = {
        "title": info.title,
        "author": info.author,
        "dated": "yes" if info.date else "no",
        **(inputs or {}),
    }
    stamp = int(info.date.timestamp()) if info.date else 0
    with work_folder() as root:
        for name, data in (files or {}).items():
            if not _FILE_NAME.fullmatch(name):  # our own names only: no path, no link
                raise ConversionError(f"{what} (pdf): refused to write the file name {name!r}")
            Path(root, name).write_bytes(data)

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

        return _in_time(
            compile_pdf,
            f"{what} (pdf): typst took longer than {TIMEOUT_SECONDS} s",
            lambda exc: _failure(exc, what, source, source_file, template),
        )


def _in_time(work: Callable[[], bytes], too_long: str, failed: Callable[[Exception], str]) -> bytes:
    """Run a Typst job with the timeout: a ConversionError saying `too_long`, or what `failed`
    makes of Typst's own error (its error types carry the message we need)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(work).result(timeout=TIMEOUT_SECONDS)
    except FutureTimeout:
        raise ConversionError(too_long) from None
    except Exception as exc:
        raise ConversionError(failed(exc)) from None
    finally:
        pool.shutdown(wait=False)


def _failure(
    exc: Exception, what: str, source: bytes, source_file: str | None, template: bytes | None
) -> str:
    """What a failed compile says: for a user's file, FILE:LINE:COL: typst: message."""
    message = str(getattr(exc, "message", "") or exc).strip()
    if source_file is None:
        return f"{what} (pdf): typst failed: {message}"
    found = _WHERE.search(str(getattr(exc, "diagnostic", "") or ""))
    if not found:
        return f"{source_file}: typst error: {message} (making {what} (pdf))"
    line, col = int(found.group(1)), int(found.group(2)) + 1
    if template is not None:  # the source was made from the template: find its line there
        mapped = template_line(template, source, line)
        if mapped is None:
            return f"{source_file}: typst error: {message} (making {what} (pdf))"
        line, col = mapped, 1
    return f"{source_file}:{line}:{col}: typst error: {message}"


def template_line(template: bytes, source: bytes, line: int) -> int | None:
    """The line of a pandoc template that line `line` of the source made from it comes from:
    the template's lines are in the source as they are, but for its variables and conditionals,
    so the two are aligned line by line; a line of the document's body has none."""
    ours = template.decode("utf-8", "replace").splitlines()
    made = source.decode("utf-8", "replace").splitlines()
    matcher = difflib.SequenceMatcher(None, ours, made, autojunk=False)
    best: int | None = None
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if j1 <= line - 1 < j2:
            if tag == "equal":
                return i1 + (line - 1 - j1) + 1
            if tag == "replace":  # a line with a variable filled in, or several
                best = i1 + min(line - 1 - j1, i2 - i1 - 1) + 1
            break
    return best


def work_folder() -> tempfile.TemporaryDirectory[str]:
    """A fresh, empty folder of gen's own (gen-typst-<pid>-…), removed when the block ends."""
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


def rasterize_svg(svg: bytes, width_px: int, what: str) -> bytes:
    """An SVG (a checked logo) as a PNG `width_px` wide with a transparent background, drawn by
    Typst: for the Word and PowerPoint files, which take a PNG."""
    import typst

    source = (
        "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n"
        f'#image("logo.svg", width: {width_px * 72 / 150:.2f}pt)\n'
    ).encode()
    with work_folder() as root:
        Path(root, "logo.svg").write_bytes(svg)

        def draw() -> bytes:
            png = typst.compile(  # type: ignore[call-overload]
                source, root=root, format="png", ppi=150.0, ignore_system_fonts=True
            )
            assert isinstance(png, bytes)
            return png

        return _in_time(
            draw,
            f"{what}: drawing the logo took too long",
            lambda exc: f"{what}: the logo cannot be drawn: {exc}",
        )
