"""The manifest of `gen batch` (output/.gen-manifest.json): per document, the hash of what it was
built from and the files it wrote, so the next run skips what is up to date. A journal beside it
takes one JSON line per finished document at once, so a killed batch keeps what it finished.

A batch holds its output folder (`claim`): an exclusive lock in OUTPUT/.gen-tmp/, the folder
its workers' Typst temp folders live in; what a killed run left there and beside the outputs
(`.<name>.<random>.tmp`) is removed first. None of these writes follows a symlink: a symlink at
the journal, the lock or .gen-tmp is replaced, and the manifest is replaced by os.replace.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from generator import __version__
from generator.errors import OutputError, printable
from generator.messages import Msg, default_language

MANIFEST = ".gen-manifest.json"
JOURNAL = ".gen-manifest.journal"  # one JSON line per finished document, merged at the end
TEMP = ".gen-tmp"  # the batch's lock and its workers' temp folders
# The temp files of the writer (write.py, save_manifest): `.<name>.<8 random>.tmp`, and the
# manifest's of earlier versions, `.gen-manifest.json.<pid>.tmp`.
_TEMP_FILE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$|^\.gen-manifest\.json\.[0-9]+\.tmp$")
MAX_STATE = 64 * 2**20  # a manifest for 10 000 inputs is about 10 MB
STALE_SECONDS = 600  # with no killed batch behind, only temp files this old are removed
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _open(path: Path, flags: int) -> int:
    """Open `path` without following a symlink there: a symlink (planted to redirect the write)
    is removed, and a new file made in its place."""
    try:
        return os.open(path, flags | _NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
    os.unlink(path)
    return os.open(path, flags | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)


def _read(path: Path) -> str:
    """The text of a regular file of at most MAX_STATE bytes; a symlink, anything else or a
    larger file counts as missing (and everything is rebuilt)."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_STATE:
            raise FileNotFoundError(path)
        return f.read(MAX_STATE).decode("utf-8")


def _tree_hash(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for file in sorted(
            p for p in folder.rglob("*") if "__pycache__" not in p.parts and not p.is_dir()
        ):
            digest.update(os.fsencode(file.relative_to(folder).as_posix()) + b"\0")
            # A link is hashed as where it points, never followed (it may lead out of the
            # folder, to a device that never ends, or to a pipe that blocks); the templates
            # refuse such a link when they are used.
            if file.is_symlink():
                digest.update(b"<link>" + os.fsencode(os.readlink(file)))
                continue
            try:
                fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
                with os.fdopen(fd, "rb") as f:
                    if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # a pipe, a device: unread
                        digest.update(b"<not a file>")
                        continue
                    for piece in iter(lambda: f.read(1 << 20), b""):  # noqa: B023
                        digest.update(piece)  # in pieces: a big file costs time, not memory
            except OSError:
                digest.update(b"<unreadable>")
    return digest.hexdigest()


def code_hash(user_folders: list[Path], extra: str = "") -> str:
    """A hash of everything every document depends on besides its input: the tool's version and
    code, the rule data and other data files, the built-in templates, and the user's folders
    (templates, rule files)."""
    from generator.resources import template_dir

    package = Path(__file__).resolve().parent.parent
    folders = [package, template_dir(), *user_folders]
    return hashlib.sha256(f"{__version__}\0{_tree_hash(folders)}{extra}".encode()).hexdigest()


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of earlier runs (an unreadable one counts as empty), with the journal of a
    run that was killed before it could merge it."""
    manifest: dict[str, Any] = {"format": 1, "documents": {}}
    try:
        data = json.loads(_read(out_dir / MANIFEST))
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            manifest = data
    except (OSError, ValueError):
        pass
    try:
        lines = _read(out_dir / JOURNAL).splitlines()
    except (OSError, ValueError):
        lines = []
    for line in lines:
        try:
            entry = json.loads(line)
            manifest["documents"][entry["document"]] = _entry(entry)
        except (ValueError, KeyError, TypeError):
            continue  # a line cut short by the kill
    return manifest


def _entry(line: dict[str, Any]) -> dict[str, Any]:
    return {"key": line["key"], "input": line["input"], "outputs": list(line["outputs"])}


def up_to_date(manifest: dict[str, Any], out_dir: Path, document: str, key: str) -> bool:
    """Whether `document` (<id>/<kind>) was built from `key` and all its files are still there."""
    entry = manifest["documents"].get(document)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    outputs = entry.get("outputs")
    return isinstance(outputs, list) and all((out_dir / str(f)).is_file() for f in outputs)


class Journal:
    """Appends each finished document to the journal at once and to the manifest in memory.
    A write that fails (a full disk) is remembered, not raised: the documents are written, and
    `close` says what could not be recorded."""

    def __init__(self, out_dir: Path, manifest: dict[str, Any]):
        self.out_dir, self.manifest = out_dir, manifest
        self.file: TextIO | None = None
        self.problem = ""
        try:
            fd = _open(out_dir / JOURNAL, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            self.file = os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            self.problem = exc.strerror or str(exc)

    def record(self, document: str, key: str, source: str, outputs: list[str]) -> None:
        line = {"document": document, "key": key, "input": source, "outputs": outputs}
        self.manifest["documents"][document] = _entry(line)
        self._do(lambda f: f.write(json.dumps(line) + "\n"))

    def flush(self) -> None:
        self._do(lambda f: f.flush())  # a kill after this keeps the documents recorded so far

    def _do(self, action: Any) -> None:
        if self.file is None:
            return
        try:
            action(self.file)
        except OSError as exc:
            self.problem = exc.strerror or str(exc)

    def close(self) -> str:
        """Merge: write the manifest atomically and drop the journal. Never raises: returns
        what went wrong ("" if nothing), for a warning."""
        self._do(lambda f: f.close())
        try:
            save_manifest(self.out_dir, self.manifest)
        except OSError as exc:
            path, reason = str(self.out_dir / MANIFEST), str(exc.strerror or exc)
            unsaved = Msg("output.manifest-unsaved", path=path, reason=reason)
            return printable(unsaved.say(default_language()))
        return ""  # the manifest holds all, even if the journal could not be written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically (a new temp file beside it, then os.replace, which replaces
    a symlink instead of following it); drop the journal. On failure no temp file is left."""
    data = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8", "backslashreplace")
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f"{MANIFEST}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, out_dir / MANIFEST)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    (out_dir / JOURNAL).unlink(missing_ok=True)


def _own_folder(path: Path) -> None:
    """Make `path` a real folder of ours: a symlink there is removed first, never followed."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    path.mkdir(exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise OutputError(Msg("output.not-folder", path=str(path)))


@contextmanager
def claim(out_dir: Path) -> Iterator[Path]:
    """Hold `out_dir` for one batch and yield its temp folder (OUTPUT/.gen-tmp/).

    Refused (OutputError) when another batch holds it or it cannot be written. What an earlier,
    killed run left is removed first: the temp folder's contents, and the writer's temp files
    beside the outputs (all of them if its journal is still there, else those older than
    STALE_SECONDS: a single `gen application` may be writing one now). The temp folder is
    removed at the end."""
    tmp = out_dir / TEMP
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _own_folder(tmp)
        fd = _open(tmp / "lock", os.O_RDWR | os.O_CREAT)
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise OutputError(
            Msg("output.no-write-into", path=printable(out_dir), reason=reason)
        ) from None
    try:
        _lock(fd, out_dir)
        _sweep(out_dir, tmp, killed=os.path.lexists(out_dir / JOURNAL))
        try:
            yield tmp
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        os.close(fd)


def _lock(fd: int, out_dir: Path) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no lock
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(Msg("output.locked", path=printable(out_dir))) from None


def _sweep(out_dir: Path, tmp: Path, killed: bool) -> None:
    for entry in os.scandir(tmp):
        if entry.name != "lock":
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)
    remove_temp_files(out_dir, 0 if killed else STALE_SECONDS)


def remove_temp_files(folder: Path, older_than: float = 0) -> None:
    """Remove the writer's temp files under `folder` (those older than `older_than` seconds),
    e.g. what a worker killed in the middle of a write left; a symlinked folder is not entered."""
    now = time.time()
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != TEMP]
        for name in files:
            if _TEMP_FILE.match(name):
                path = os.path.join(root, name)
                try:
                    if now - os.lstat(path).st_mtime >= older_than:
                        os.unlink(path)
                except OSError:
                    continue
