"""The project file as the editor holds it: a round-trip YAML document (ruamel.yaml) that keeps
the user's comments, key order and formatting of every part the editor does not change.

A change is a value at a key path (`needs[0].text`) or a list operation (add, remove, move);
each is saved at once, atomically, even when it makes the file invalid (nothing typed is lost).
A change made to the file outside the editor is noticed by its bytes (`reload_if_changed`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tempfile
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import LiteralScalarString

from generator.errors import OutputError
from generator.inputs.load import MAX_BYTES, read_regular

Path_ = tuple[str | int, ...]
_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


class FileProblem(OutputError):
    """The file cannot be edited as it is (unreadable, not YAML, not a mapping): exit 1."""


def parse_path(name: str) -> Path_:
    """`activities[0].destination.city` → ("activities", 0, "destination", "city")."""
    steps: list[str | int] = []
    pos = 0
    while pos < len(name):
        found = _STEP.match(name, pos)
        if found is None or (pos == 0 and name.startswith(".")):
            raise ValueError(f"not a key path: {name!r}")
        key, index = found.groups()
        steps.append(key if key is not None else int(index))
        pos = found.end()
    if not steps or not isinstance(steps[0], str):
        raise ValueError(f"not a key path: {name!r}")
    return tuple(steps)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold a user's long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


class ProjectFile:
    """One project file on disk and its round-trip document."""

    def __init__(self, path: Path):
        self.path = path
        self.data: CommentedMap = CommentedMap()
        self.digest = ""
        self.text = ""
        self.reload()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file again (raises FileProblem if it cannot be edited)."""
        try:
            raw = read_regular(self.path, MAX_BYTES)
        except OSError as exc:
            raise FileProblem(f"{self.path}: cannot read the file: {exc.strerror or exc}") from None
        self._take(raw)

    def _take(self, raw: bytes) -> None:
        try:
            text = raw.decode("utf-8-sig")
            data = _yaml().load(text) if text.strip() else CommentedMap()
        except UnicodeDecodeError:
            raise FileProblem(f"{self.path}: the file is not UTF-8 text") from None
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "not valid YAML"
            raise FileProblem(f"{self.path}{where}: {problem}") from None
        if data is None:
            data = CommentedMap()
        if not isinstance(data, CommentedMap):
            raise FileProblem(f"{self.path}: the file is not a mapping of keys")
        self.data, self.text = data, text
        self.digest = hashlib.sha256(raw).hexdigest()

    def changed_outside(self) -> bool:
        """Whether the file's bytes differ from what the editor last read or wrote."""
        try:
            raw = read_regular(self.path, MAX_BYTES)
        except OSError:
            return False  # gone or unreadable for a moment (an editor saving): look again later
        return hashlib.sha256(raw).hexdigest() != self.digest

    def reload_if_changed(self) -> bool:
        """Take the file's new content if it changed outside; raises FileProblem if it is broken."""
        if not self.changed_outside():
            return False
        self.reload()
        return True

    def get(self, path: Path_) -> Any:
        return value_at(self.data, path)

    # --- changing --------------------------------------------------------------------------

    def set(self, path: Path_, value: Any) -> None:
        """Set the value at `path`, making the mappings on the way; None removes the key (and
        mappings it leaves empty)."""
        if value is None:
            self._remove(path)
            return
        parent = self._container(path[:-1], path[-1])
        last = path[-1]
        value = _styled(value)
        if isinstance(parent, list):
            if not isinstance(last, int) or last > len(parent):
                raise ValueError("an index past the end of the list")
            if last == len(parent):
                parent.append(value)
            parent[last] = value
        else:
            parent[last] = value

    def _container(self, path: Path_, child: str | int) -> Any:
        node: Any = self.data
        for i, step in enumerate(path):
            following = path[i + 1] if i + 1 < len(path) else child
            fresh: Any = CommentedSeq() if isinstance(following, int) else CommentedMap()
            if isinstance(step, int):
                if not isinstance(node, list) or step > len(node):
                    raise ValueError("not a list, or an index past its end")
                if step == len(node):
                    node.append(CommentedMap())
                if not isinstance(node[step], (dict, list)):
                    node[step] = fresh
            else:
                if not isinstance(node, dict):
                    raise ValueError("not a mapping")
                if not isinstance(node.get(step), (dict, list)):
                    node[step] = fresh
            node = node[step]
        return node

    def _remove(self, path: Path_) -> None:
        parent = self.get(path[:-1])
        last = path[-1]
        if isinstance(parent, dict) and last in parent:
            del parent[last]
        elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            parent[last] = ""  # an emptied list item stays, so the items after it keep their place
        for depth in range(len(path) - 1, 0, -1):  # mappings (not list items) left empty go too
            node, holder = self.get(path[:depth]), self.get(path[: depth - 1])
            if not (isinstance(node, dict) and not node and isinstance(holder, dict)):
                break
            del holder[path[depth - 1]]

    def list_op(self, path: Path_, op: str, index: int, item: Any = None) -> None:
        """add (an `item` at the end), remove (`index`), up or down (move `index` by one)."""
        seq = self.get(path)
        if op == "add":
            if not isinstance(seq, list):
                self.set(path, CommentedSeq())
                seq = self.get(path)
            seq.append(_styled(item if item is not None else ""))
            return
        if not isinstance(seq, list) or not 0 <= index < len(seq):
            return
        if op == "remove":
            del seq[index]
            if not seq:
                self._remove(path)
        elif op in ("up", "down"):
            other = index - 1 if op == "up" else index + 1
            if 0 <= other < len(seq):
                seq[index], seq[other] = seq[other], seq[index]

    # --- writing ---------------------------------------------------------------------------

    def dump(self) -> str:
        stream = StringIO()
        _yaml().dump(self.data, stream)
        return stream.getvalue()

    def save(self) -> None:
        """Write the document atomically (a temporary file beside it, then a rename), keeping
        the file's permissions."""
        text = self.dump()
        try:  # never save a file the editor could not open again
            _yaml().load(text)
        except YAMLError:
            raise FileProblem(
                f"{self.path}: the change would not read back; nothing was saved"
            ) from None
        raw = text.encode("utf-8")
        folder = self.path.parent
        try:
            status = self.path.lstat()
        except FileNotFoundError:
            mode = 0o644  # deleted meanwhile: written again, so nothing typed is lost
        else:
            if not stat.S_ISREG(status.st_mode):
                raise FileProblem(f"{self.path} is no longer a regular file; nothing was saved")
            mode = status.st_mode & 0o7777
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(raw)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, mode)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self.text = text
        self.digest = hashlib.sha256(raw).hexdigest()


def _reads_back(value: str) -> bool:
    """Whether `value` written as a `|` block reads back as itself (trailing spaces on a line,
    a first line that starts with a space, tabs … may not: then it is written quoted)."""
    stream = StringIO()
    try:
        _yaml().dump({"k": value}, stream)
        return bool(_yaml().load(stream.getvalue())["k"] == str(value))
    except YAMLError:
        return False


def value_at(data: Any, path: Path_) -> Any:
    """The value at a key path in nested mappings and lists, or None where there is none."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(data, list) or step >= len(data):
                return None
        elif not isinstance(data, dict) or step not in data:
            return None
        data = data[step]
    return data


def _styled(value: Any) -> Any:
    """A value as the file should show it: text with line breaks as a `|` block."""
    if isinstance(value, str) and "\n" in value:
        block = LiteralScalarString(value)
        return block if _reads_back(block) else value  # else ruamel quotes it
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = _styled(v)
        return out
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        return CommentedSeq([_styled(v) for v in value])
    return value


def plain(value: Any) -> Any:
    """A ruamel value as plain Python (for the form): dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
