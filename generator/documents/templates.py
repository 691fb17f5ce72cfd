"""A user's template folder (`--templates DIR`), confined to itself, and what a failed render
says: the template file and line, and what went wrong or which limit was hit.

A template name must be relative and stay inside DIR (no `/etc/passwd`, no `../x`), and the
file it names must really be there: its path with every link resolved (a linked file, or a
linked folder on the way) must lie inside DIR, and it must be a regular file of at most
`MAX_TEMPLATE_BYTES`, in UTF-8. Anything else is a template error naming the file, never a
fallback to the built-in template of the same name.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateError

from generator.documents.limits import Interrupt, Limits, TemplateLimit
from generator.errors import Problem
from generator.resources import template_dir

MAX_TEMPLATE_BYTES = 1024 * 1024
_MESSAGE_CHARS = 300  # an error message quotes at most this much of what the template made


class TemplateRefused(SecurityError):
    """A template name or file that leaves the user's template folder, or is no template file."""

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        self.template_file = file  # the file refused (named where no including line is)


def _pieces(name: str) -> list[str]:
    """The folders and file of a template name; refused if absolute or if it climbs out."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise TemplateRefused(f"template name {name!r} is absolute: name it inside the folder")
    if "\\" in name or "\x00" in name:
        raise TemplateRefused(f"template name {name!r}: use '/' between folders")
    pieces = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in pieces:
        raise TemplateRefused(f"template name {name!r} leaves the template folder ('..')")
    return pieces


class ConfinedLoader(BaseLoader):
    """Templates from one folder, never from outside it (see the module doc)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        root = os.path.realpath(self.root)
        path = os.path.join(root, *_pieces(template))
        if not os.path.lexists(path):
            raise TemplateNotFound(template)
        real = os.path.realpath(path)
        if os.path.commonpath([root, real]) != root:
            raise TemplateRefused(
                f"template {template!r} is a link to {real}, outside the template folder "
                f"{self.root}",
                path,
            )
        text, mtime = _read(real, template)

        def uptodate() -> bool:
            try:
                return os.path.realpath(path) == real and os.stat(real).st_mtime == mtime
            except OSError:
                return False

        return text, real, uptodate


def _read(path: str, name: str) -> tuple[str, float]:
    """A regular file's text (opened without following a link, without blocking on a FIFO)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise TemplateRefused(f"template {name!r} cannot be read: {exc.strerror}", path) from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateRefused(f"template {name!r} is not a regular file", path)
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused(f"template {name!r} is larger than 1 MiB", path)
        data = file.read(MAX_TEMPLATE_BYTES + 1)
    try:
        return data.decode("utf-8"), info.st_mtime
    except UnicodeDecodeError as exc:
        raise TemplateRefused(f"template {name!r} is not UTF-8 (byte {exc.start})", path) from None


def _where(exc: BaseException) -> tuple[str, int, bool] | None:
    """The innermost template frame of a traceback, as (file, template line, whether a user's
    template ran on the way there)."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno, not _builtin(exc.filename)
    found, user = None, False
    tb = exc.__traceback__
    while tb is not None:
        template: Any = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            file = str(template.filename or template.name)
            user = user or not _builtin(file)
            found = (file, template.get_corresponding_lineno(tb.tb_lineno))
        tb = tb.tb_next
    return (*found, user) if found else None


def _builtin(file: str) -> bool:
    builtin = os.path.realpath(template_dir())
    return os.path.commonpath([builtin, os.path.realpath(file)]) == builtin


def _short(text: object) -> str:
    text = str(text)
    return text if len(text) <= _MESSAGE_CHARS else text[:_MESSAGE_CHARS] + " …"


def _amount(exc: Interrupt, limits: Limits) -> str:
    from generator.documents.limits import Timeout

    return f"{limits.seconds:g} s" if isinstance(exc, Timeout) else f"{limits.memory >> 20:,} MiB"


def template_problem(exc: BaseException, name: str, limits: Limits) -> Problem | None:
    """What a failed render says to the user, or None for a bug in our own code (a Python
    error where only built-in templates ran), which must stay an internal error."""
    where = _where(exc)
    file, line = (where[0], where[1]) if where else (getattr(exc, "template_file", None) or name, 1)
    if isinstance(exc, Interrupt):
        message, hint = f"{exc.message} ({_amount(exc, limits)})", limits.summary()
    elif isinstance(exc, TemplateLimit):
        message, hint = str(exc), limits.summary()
    elif isinstance(exc, RecursionError):
        message = "nested too deeply (an expression, or a macro or template that calls itself?)"
        hint = limits.summary()
    elif isinstance(exc, MemoryError):
        message, hint = "ran out of memory", limits.summary()
    elif isinstance(exc, TemplateRefused):
        message, hint = str(exc), "keep every template a regular file inside the template folder"
    elif isinstance(exc, TemplateSyntaxError):
        message, hint = exc.message or str(exc), "fix the template"
    elif isinstance(exc, TemplateError):
        message, hint = str(exc), "check the names the template uses"
    elif isinstance(exc, Exception) and where is not None and where[2]:
        message, hint = f"{type(exc).__name__}: {exc}", "fix the template"
    else:
        return None
    return Problem(file, line, 1, "-", f"template error: {_short(message)}", hint)
