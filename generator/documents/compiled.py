"""The built-in Jinja templates as compiled when the package was built (documents/precompile.py).

Compiling our ~25 templates took ≈ 125 ms of every `gen application`. The wheel's build hook
(hatch_build.py) and `make` (for the editable install in .venv) run

    python -m generator.documents.precompile [FOLDER]        (default: generator/_compiled)

which compiles each template with the very environment that renders it (documents.markdown:
its code generator, options, filters and `finalize`, which Jinja applies to constants while
compiling) and writes one module per template (named as Jinja's ModuleLoader names them) and
`manifest.json`: the sha256 of each template's source and a fingerprint of what else the code
depends on (Jinja's version and our modules that compile: documents/sandbox.py, markdown.py,
language.py). At run time `BuiltinLoader` uses a compiled module only when both still match;
anything else (a template edited since, another Jinja) is compiled from its source as before.
Nothing is written at run time, and a user's templates (--templates DIR) are always compiled
from their source, in the sandbox.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.util
import json
from functools import cache
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import Environment, FileSystemLoader, Template
from jinja2.loaders import ModuleLoader

PACKAGE = "generator._compiled"
FOLDER = Path(__file__).resolve().parent.parent / "_compiled"
MANIFEST = "manifest.json"
# Our modules whose code decides what a template compiles to.
_COMPILERS = ("sandbox.py", "markdown.py", "language.py")


@cache
def fingerprint() -> str:
    """What compiled code depends on besides the template's own text."""
    import jinja2

    digest = hashlib.sha256(jinja2.__version__.encode("ascii") + b"\0")
    here = Path(__file__).resolve().parent
    for name in _COMPILERS:
        digest.update((here / name).read_bytes() + b"\0")
    return digest.hexdigest()


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@cache
def _manifest() -> dict[str, str]:
    """Template name → source digest of the compiled modules that fit this Jinja and this code
    ({} when there are none, or they were compiled for something else)."""
    try:
        manifest = json.loads((FOLDER / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("fingerprint") != fingerprint():
        return {}
    templates = manifest.get("templates")
    return templates if isinstance(templates, dict) else {}


def builtin_names() -> list[str]:
    """The built-in templates that have compiled modules (none without `make`)."""
    return sorted(_manifest())


def _code(name: str) -> CodeType | None:
    """The compiled code of a built-in template (from Python's own byte-code cache of the module
    when there is one), or None. The code runs in a namespace of its own for each environment,
    as Jinja runs code it compiled: one module shared by two environments would bind its
    templates to whichever loaded it last."""
    spec = importlib.util.find_spec(f"{PACKAGE}.{ModuleLoader.get_template_key(name)}")
    loader = spec.loader if spec is not None else None
    if spec is None or not isinstance(loader, importlib.abc.InspectLoader):
        return None
    return loader.get_code(spec.name)


class BuiltinLoader(FileSystemLoader):
    """The built-in template folder, each template from its compiled module where that module
    was compiled from the same source (see the module doc), else compiled from the source."""

    def load(self, environment: Environment, name: str, globals: Any = None) -> Template:  # noqa: A002
        globals = {} if globals is None else globals
        source, filename, uptodate = self.get_source(environment, name)
        code = None
        if _manifest().get(name) == digest(source):
            try:
                code = _code(name)
            except (ImportError, OSError, SyntaxError, ValueError):
                code = None
        if code is None:
            code = environment.compile(source, name, filename)
        template = environment.template_class.from_code(environment, code, globals, uptodate)
        template.filename = filename  # errors name the template, not its compiled module
        return template
