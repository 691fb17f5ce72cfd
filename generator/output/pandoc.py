"""The pandoc binary: the one shipped in the pypandoc-binary wheel, checked to be new enough.

Its own module so that output.convert (which runs it) and output.reference_docx (whose build
runs it once to make templates/reference.docx) both use it without importing each other.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from generator.errors import ConversionError

MIN_PANDOC = (3, 1, 6)  # CVE-2023-35936 / CVE-2023-38745 are fixed from 3.1.6 on
# The pandoc versions we know to read JSON of pandoc-types 1.23 (the AST output.reader writes;
# pandoc checks the first two numbers). A newer pandoc reads our Markdown itself.
JSON_API: dict[tuple[int, ...], list[int]] = {(3, minor): [1, 23] for minor in range(1, 10)}


@cache
def pandoc_path() -> str:
    """The pandoc binary of the pypandoc-binary wheel (checked to be new enough)."""
    return _found()[0]


def json_api_version() -> list[int] | None:
    """The pandoc-api-version of the JSON AST this pandoc reads, where we know it."""
    version = _found()[1]
    return JSON_API.get(version[:2])


@cache
def _found() -> tuple[str, tuple[int, ...]]:
    spec = find_spec("pypandoc")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        candidate = Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
        if candidate.is_file():
            return str(candidate), _check_version(str(candidate))
    raise ConversionError("pandoc not found: install the package 'pypandoc-binary'")


def _check_version(pandoc: str) -> tuple[int, ...]:
    out = subprocess.run([pandoc, "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"pandoc\S* (\d+)\.(\d+)(?:\.(\d+))?", out)
    version = tuple(int(g or 0) for g in match.groups()) if match else (0, 0, 0)
    if version < MIN_PANDOC:
        raise ConversionError(
            f"pandoc {'.'.join(map(str, version))} is too old; 3.1.6 or newer is needed "
            "(pip install -U pypandoc-binary)"
        )
    return version
