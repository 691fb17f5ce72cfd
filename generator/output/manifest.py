"""The manifest of `gen batch` (output/.gen-manifest.json): per document, the hash of what it was
built from and the files it wrote, so the next run skips what is up to date. A journal beside it
takes one JSON line per finished document at once, so a killed batch keeps what it finished.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

MANIFEST = ".gen-manifest.json"
JOURNAL = ".gen-manifest.journal"  # one JSON line per finished document, merged at the end


def load_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of earlier runs (an unreadable one counts as empty), with the journal of a
    run that was killed before it could merge it."""
    manifest: dict[str, Any] = {"format": 1, "documents": {}}
    try:
        data = json.loads((out_dir / MANIFEST).read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            manifest = data
    except (OSError, ValueError):
        pass
    try:
        lines = (out_dir / JOURNAL).read_text("utf-8").splitlines()
    except OSError:
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
    """Appends each finished document to the journal at once and to the manifest in memory."""

    def __init__(self, out_dir: Path, manifest: dict[str, Any]):
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir, self.manifest = out_dir, manifest
        self.file: TextIO = (out_dir / JOURNAL).open("a", encoding="utf-8")

    def record(self, document: str, key: str, source: str, outputs: list[str]) -> None:
        line = {"document": document, "key": key, "input": source, "outputs": outputs}
        self.manifest["documents"][document] = _entry(line)
        self.file.write(json.dumps(line) + "\n")

    def flush(self) -> None:
        self.file.flush()  # a kill after this keeps the documents recorded so far

    def close(self) -> None:
        """Merge: write the manifest atomically and drop the journal."""
        self.file.close()
        save_manifest(self.out_dir, self.manifest)


def save_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Write the manifest atomically (a temp file beside it, then a rename); drop the journal."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".{MANIFEST}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), "utf-8")
    os.replace(tmp, out_dir / MANIFEST)
    (out_dir / JOURNAL).unlink(missing_ok=True)
