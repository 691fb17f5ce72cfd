"""Where the built-in templates are: inside the package in a wheel, at the repo top level otherwise."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def template_dir() -> Path:
    """The built-in template folder (templates/ in the repo; generator/templates in a wheel)."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (candidate / "application").is_dir():
            return candidate
    raise RuntimeError(f"built-in templates not found beside {_PACKAGE}; reinstall the package")
