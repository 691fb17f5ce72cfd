"""Bytes → files under the output folder, atomically and all or nothing (security.md: Files).

Every file is first written in full to a temporary file `.<name>.<random>.tmp` beside its
target; only when all of them are written are they moved into place with os.replace (atomic on
one file system). If anything fails first, the temporary files are removed and earlier outputs
stay byte-identical.

Nothing is written through a symbolic link. The output folder itself is the user's choice and
may be a link; below it, every folder is opened relative to its parent with O_NOFOLLOW, so a
link planted at `output/<id>/` (to another project's output, or out of the folder) is refused,
and a link at the target itself is replaced by the file, never written through. Where the
system cannot open relative to a folder (Windows), each folder is checked with lstat instead.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path, PurePath

from generator.errors import OutputError
from generator.messages import Msg

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_RELATIVE = os.open in os.supports_dir_fd and bool(_NOFOLLOW)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _parts(rel: Path) -> tuple[str, ...]:
    """The names of a relative output path; '..', '.', an absolute path or a drive is refused."""
    parts = PurePath(rel).parts
    if PurePath(rel).anchor or not parts or any(p in ("", ".", "..") for p in parts):
        raise OutputError(Msg("output.outside", path=str(rel)))
    return parts


def check_targets(out_dir: Path, relative: list[Path]) -> list[Path]:
    """The targets under `out_dir`, refusing a path that leaves it and two that name the same
    file (also on a case-insensitive file system)."""
    seen: dict[str, Path] = {}
    targets = []
    for rel in relative:
        target = out_dir.joinpath(*_parts(rel))
        key = "/".join(_parts(rel)).casefold()
        if key in seen:
            both = {"first": str(seen[key]), "second": str(rel)}
            raise OutputError(Msg("output.twice", target=str(target), **both))
        seen[key] = rel
        targets.append(target)
    return targets


def _linked(path: Path) -> OutputError:
    return OutputError(
        f"refusing to write through the symbolic link {path}: gen writes only into real "
        "folders below the output folder; remove the link"
    )


def _open_folder(root_fd: int, out_dir: Path, names: tuple[str, ...]) -> int:
    """A descriptor of out_dir/names…, each folder made if missing and opened without following
    a link."""
    fd, path = os.dup(root_fd), out_dir
    try:
        for name in names:
            path = path / name
            with contextlib.suppress(FileExistsError):
                os.mkdir(name, 0o777, dir_fd=fd)
            try:
                child = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                    raise (
                        _linked(path)
                        if os.path.islink(path)
                        else OutputError(f"cannot write into {path}: it is not a folder")
                    ) from None
                raise
            os.close(fd)
            fd = child
        return fd
    except BaseException:
        os.close(fd)
        raise


def _check_folders(out_dir: Path, names: tuple[str, ...]) -> None:
    """Without relative opens: every folder below out_dir must be a real folder (lstat)."""
    path = out_dir
    for name in names:
        path = path / name
        if path.is_symlink():
            raise _linked(path)
        path.mkdir(exist_ok=True)


def write_all(out_dir: Path, files: dict[Path, bytes]) -> list[Path]:
    """Write {relative path: bytes} under `out_dir`; return the paths written, as given."""
    check_targets(out_dir, list(files))
    mode = 0o666 & ~_umask()
    staged: list[tuple[int | None, str, str]] = []  # (folder fd, temporary name, target name)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        root_fd = os.open(out_dir, _DIR_FLAGS) if _RELATIVE else None
        try:
            for rel, data in files.items():
                *folders, name = _parts(rel)
                tmp = f".{name}.{secrets.token_hex(4)}.tmp"
                if root_fd is not None:
                    dir_fd: int | None = _open_folder(root_fd, out_dir, tuple(folders))
                    staged.append((dir_fd, tmp, name))
                    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
                    fd = os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), mode, dir_fd=dir_fd)
                else:
                    _check_folders(out_dir, tuple(folders))
                    folder = str(out_dir.joinpath(*folders))
                    staged.append((None, os.path.join(folder, tmp), os.path.join(folder, name)))
                    fd = os.open(staged[-1][1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            for dir_fd, tmp, name in staged:
                # Replaces a link at the target by the file: the link is never followed.
                os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        finally:
            if root_fd is not None:
                os.close(root_fd)
    except OSError as exc:
        where = str(exc.filename or out_dir)
        raise OutputError(Msg("output.unwritable", path=where, reason=str(exc.strerror))) from None
    finally:
        for dir_fd, tmp, _ in staged:
            with contextlib.suppress(OSError):  # moved into place, or never made
                os.unlink(tmp, dir_fd=dir_fd)
            if dir_fd is not None:
                os.close(dir_fd)
    return [out_dir / rel for rel in files]
