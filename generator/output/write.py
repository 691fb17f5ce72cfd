"""Bytes → files under the output folder, atomically and all or nothing (security.md: Files).

Every file is first written in full to a temporary file beside its target; only when all of
them are written are they moved into place with os.replace (atomic on one file system, and it
replaces a symlink rather than following it). If anything fails first, the temporary files are
removed and earlier outputs stay byte-identical.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_targets(out_dir: Path, relative: list[Path]) -> list[Path]:
    """Resolve output paths, refusing ones outside `out_dir` and two that name the same file."""
    root = out_dir.resolve()
    seen: dict[str, Path] = {}
    targets = []
    for rel in relative:
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            raise OutputError(f"refusing to write {rel}: it resolves outside {out_dir}")
        key = str(target).casefold()
        if key in seen:
            raise OutputError(f"two outputs would be written to {target} ({seen[key]} and {rel})")
        seen[key] = rel
        targets.append(target)
    return targets


def write_all(out_dir: Path, files: dict[Path, bytes]) -> list[Path]:
    """Write {relative path: bytes} under `out_dir`; return the paths written, as given."""
    targets = check_targets(out_dir, list(files))
    mode = 0o666 & ~_umask()
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in zip(targets, files.values(), strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.parent.resolve().is_relative_to(out_dir.resolve()):
                raise OutputError(f"refusing to write {target}: its folder links outside {out_dir}")
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename or out_dir}: {exc.strerror}") from None
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return [out_dir / rel for rel in files]
