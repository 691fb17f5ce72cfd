"""YAML bytes → plain data with a line and column for every key and value.

The loader is deliberately narrower than YAML (security.md, spec "Common rules"):
- one document, a mapping at the top, at most 1 MiB, valid UTF-8 (a BOM is accepted);
- no anchors, aliases or explicit tags; duplicate keys are an error naming both lines;
- plain scalars stay text (`country: NO` is "NO", `pic: 0150` is "0150"); the model types them
  (lax pydantic turns "5" into 5 where a number is wanted). `~`, `null` and an empty value are None;
- control characters that XML cannot carry are refused where they stand.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Issue, KeyPath, Problem
from generator.messages import Msg, default_language, language_in, language_of, said

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 40
NULLS = {"", "~", "null", "Null", "NULL"}
# Characters XML 1.0 cannot carry (python-docx crashes on them, pandoc drops them silently).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Document:
    """A loaded file: its data and where each key and value stands in the source."""

    file: str
    data: dict[str, Any]
    value_marks: dict[KeyPath, tuple[int, int]] = field(repr=False)
    key_marks: dict[KeyPath, tuple[int, int]] = field(repr=False)

    def mark(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its key; else its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in marks:
                return marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return (1, 1)

    @property
    def language(self) -> str:
        """The language its problems are said in: its `language:`, else the default."""
        return language_of(self.data.get("language"))

    def problem(
        self,
        path: KeyPath,
        message: Msg,
        hint: Msg | None = None,
        *,
        key: bool = False,
        level: str = "error",
        code: str = "",
    ) -> Problem:
        """A Problem located at `path` in this document, said in its language."""
        line, col = self.mark(path, key=key)
        place = (self.file, line, col, format_path(path))
        return Problem.of(place, message, hint, self.language, level=level, code=code)

    def locate(self, issue: Issue) -> Problem:
        """The Problem an Issue is in this document: at its key path's line and column."""
        return self.problem(
            issue.path, issue.message, issue.hint, level=issue.level, code=issue.code
        )


def is_workshop(keys: set[str]) -> bool:
    """A file with these top-level keys is a workshop file (workshop keys such as agenda,
    examples, tasks, and none of a project's); any other is read as a project file."""
    return not keys & {"applicant", "activities", "needs"} and bool(
        keys
        & {"agenda", "examples", "tasks", "organiser", "actions", "steps", "contacts", "ladder"}
    )


def format_path(path: KeyPath) -> str:
    """("activities", 2, "days") → "activities[2].days"; the empty path is "-"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "-"


class _Loader(yaml.SafeLoader):
    """SafeLoader's composer with anchors, aliases, tags and deep nesting refused."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, *said("load.alias"))
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, *said("load.anchor"))
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
            raise _Refused(event.start_mark, *said("load.tag", tag=tag))
        self.depth += isinstance(event, CollectionStartEvent)
        if self.depth > MAX_DEPTH:
            raise _Refused(event.start_mark, *said("load.too-deep", depth=MAX_DEPTH))
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= isinstance(event, CollectionStartEvent)


class _Refused(Exception):
    def __init__(self, mark: Any, message: Msg, hint: Msg):
        super().__init__(message.say(default_language()))
        self.mark, self.message, self.hint = mark, message, hint


def _whole_file(name: str, key: str, language: str, **args: Any) -> InputError:
    """An error about the file as a whole (at 1:1), in `language`."""
    return InputError(Problem.of((name, 1, 1, "-"), *said(key, **args), language))


def load_file(path: Path, *, display: str | None = None) -> Document:
    """Read and load a YAML input file; raise InputError naming the file on any problem."""
    name, language = display or str(path), default_language()  # no text to tell it yet
    try:
        raw = read_regular(path, MAX_BYTES + 1)
    except NotRegular:
        raise _whole_file(name, "load.not-regular", language) from None
    except FileNotFoundError:
        raise _whole_file(name, "load.no-file", language) from None
    except IsADirectoryError:
        raise _whole_file(name, "load.folder", language) from None
    except OSError as exc:
        raise _whole_file(name, "load.unreadable", language, reason=str(exc.strerror)) from None
    return load_bytes(raw, name)


def _git_root(folder: Path) -> Path | None:
    """The work tree of the Git repository holding `folder`, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def reference_roots(file: Path, allowed: Sequence[Path] = ()) -> list[Path]:
    """The folders a file's references may name: the file's own folder tree, the Git repository
    it is in (a repository of project files keeps workshops and projects side by side), and the
    folders the user allowed on the command line; all as real paths."""
    own = Path(os.path.realpath(file.parent))
    roots = [own, *(Path(os.path.realpath(d)) for d in allowed)]
    if (repository := _git_root(own)) is not None:
        roots.append(repository)
    return roots


def referenced_file(
    file: Path, name: str, allowed: Sequence[Path] = ()
) -> tuple[Path, tuple[Msg, Msg] | None]:
    """The file a reference inside `file` names (a workshop's example, a request's
    accreditation), relative to `file`; or an empty path and why it is refused. A reference may
    not be absolute nor resolve, through '..' or a symbolic link, outside `reference_roots`; the
    file it names is neither opened nor shown before that holds. Refused: (message, hint), the
    message saying what is wrong with `name`."""
    pure = PurePath(name)
    if pure.is_absolute() or pure.anchor or PureWindowsPath(name).anchor:
        return Path(), said("load.reference-absolute", name=name)
    target = file.parent / name
    real = Path(os.path.realpath(target))
    roots = reference_roots(file, allowed)
    if not any(real.is_relative_to(root) for root in roots):
        return Path(), said("load.reference-outside", name=name, folder=str(file.parent))
    return target, None


class NotRegular(OSError):
    """A path that is a pipe, a device or a socket: reading it could hang or never end."""


def read_regular(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file. A FIFO, a device or a socket is refused without
    blocking (opened non-blocking, checked with fstat before any read)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        chunks, size = [], 0
        while size < limit:
            chunk = os.read(fd, min(1 << 16, limit - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_bytes(raw: bytes, name: str) -> Document:
    """Load YAML bytes (see the module docstring for what is refused)."""
    language = language_in(raw[: 1 << 16].decode("utf-8", errors="replace"))
    if len(raw) > MAX_BYTES:
        raise _whole_file(name, "load.too-large", language)
    text = _decode(raw, name, language)
    loader = None
    try:
        loader = _Loader(text)  # its reader already refuses non-printable characters
        node = loader.get_single_node()
    except _Refused as exc:
        raise InputError(_at(name, language, exc.mark, exc.message, exc.hint)) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(_yaml_problem(name, language, exc)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _offset_to_line_col(text, exc.position)
        refused = said("load.character", code=f"U+{exc.character:04X}")
        raise InputError(Problem.of((name, line, col, "-"), *refused, language)) from None
    except (RecursionError, MemoryError):
        raise _whole_file(name, "load.too-complex", language) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _whole_file(name, "load.empty", language)
    if not isinstance(node, MappingNode):
        raise InputError(_at(name, language, node.start_mark, *said("load.not-mapping")))
    walker = _Walker(name, language)
    data = walker.walk(node, ())
    if walker.problems:
        raise InputError(walker.problems)
    return Document(name, data, walker.value_marks, walker.key_marks)


def _decode(raw: bytes, name: str, language: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        refused = said("load.not-utf8", byte=f"0x{raw[exc.start]:02X}")
        raise InputError(Problem.of((name, line, col, "-"), *refused, language)) from None


def _offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _at(name: str, language: str, mark: Any, message: Msg, hint: Msg, key: str = "-") -> Problem:
    return Problem.of((name, mark.line + 1, mark.column + 1, key), message, hint, language)


def _yaml_problem(name: str, language: str, exc: yaml.MarkedYAMLError) -> Problem:
    """PyYAML's complaint in words a user acts on; PyYAML's own words (English) are quoted where
    no catalogue entry says the same."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem or "\\t" in problem:
        return _at(name, language, mark, *said("load.tab"))
    if "expected a single document" in (exc.context or ""):
        return _at(name, language, mark, *said("load.second-document"))
    if "mapping values are not allowed" in problem:
        return _at(name, language, mark, *said("load.colon"))
    if "found character" in problem and "cannot start any token" in problem:
        return _at(name, language, mark, *said("load.bad-start", detail=problem))
    for english, key in _YAML_PROBLEMS.items():
        if english in problem or english in (exc.context or ""):
            return _at(name, language, mark, *said(key))
    text = problem if not exc.context else f"{problem} ({exc.context})"
    return _at(name, language, mark, *said("load.yaml", detail=text))


# PyYAML's usual complaints, said in the user's language (the rest are quoted as they are).
_YAML_PROBLEMS = {
    "could not find expected ':'": "load.no-colon",
    "did not find expected key": "load.no-key",
    "expected <block end>": "load.no-key",
    "did not find expected '-' indicator": "load.no-dash",
    "block sequence entries are not allowed here": "load.dash-here",
    "found unexpected end of stream": "load.unclosed-quote",
    "found unknown escape character": "load.escape",
    "expected ',' or ']'": "load.unclosed-list",
    "expected ',' or '}'": "load.unclosed-mapping",
}


class _Walker:
    """Turns composed nodes into dicts/lists/str/None, recording the mark of every path."""

    def __init__(self, name: str, language: str):
        self.name, self.language = name, language
        self.problems: list[Problem] = []
        self.value_marks: dict[KeyPath, tuple[int, int]] = {}
        self.key_marks: dict[KeyPath, tuple[int, int]] = {}

    def walk(self, node: Node, path: KeyPath) -> Any:
        self.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.style is None and node.value in NULLS:
            return None
        self._check_chars(node.value, node, path)
        return node.value

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    _at(
                        self.name,
                        self.language,
                        key_node.start_mark,
                        *said("load.brace-key"),
                        format_path(path),
                    )
                )
                continue
            key = key_node.value
            here = (*path, key)
            if key in first_line:
                self.problems.append(
                    _at(
                        self.name,
                        self.language,
                        key_node.start_mark,
                        *said("load.duplicate", key=key, line=first_line[key]),
                        format_path(here),
                    )
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.key_marks[here] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.walk(value_node, here)
        return result

    def _check_chars(self, value: str, node: Node, path: KeyPath) -> None:
        bad = _XML_INVALID.search(value)
        if bad:
            self.problems.append(
                _at(
                    self.name,
                    self.language,
                    node.start_mark,
                    *said("load.control", code=f"U+{ord(bad.group()):04X}"),
                    format_path(path),
                )
            )
