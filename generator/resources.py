"""Where the built-in templates are: inside the package in a wheel, at the repo top level otherwise."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent


@cache
def template_dir() -> Path:
    """The built-in template folder (templates/ in the repo; generator/templates in a wheel)."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parent / "templates"):
        if (candidate / "application").is_dir():
            return candidate
    raise RuntimeError(f"built-in templates not found beside {_PACKAGE}; reinstall the package")


def read_trusted_yaml(text: str) -> Any:
    """Parse one of our own YAML data files (rules, labels) with the safe loader, in C if libyaml
    is there. Project files never come here: they go through generator.inputs.load, which refuses more."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
