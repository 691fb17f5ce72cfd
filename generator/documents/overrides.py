"""A user's template folder (`--templates DIR`): which built-in files it overrides, reading those
files safely, and what is in it that gen will not use.

Every built-in template file can be overridden by a file at the same relative path in DIR: the
Jinja templates (application/…, handout/…; read by documents.templates.ConfinedLoader), the
labels (labels/<language>.yaml, merged over the built-in ones by documents.language), the Typst
layouts (pandoc/document.typ, slides/deck.typ), the Word reference document (reference.docx)
and the slide template (slides.pptx), the two Office files read through output.safe_zip. A file
must really be in DIR (no link out of it), a regular file within a size limit. A file in DIR
that overrides nothing is a warning naming the closest built-in name.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from generator.errors import InputError, Problem
from generator.messages import did_you_mean, said
from generator.resources import template_dir

# The override points besides the Jinja templates (*.j2), with the most each may hold.
TYPST_LIMIT = 1024 * 1024
LABELS_LIMIT = 1024 * 1024
OVERRIDES = {
    "pandoc/document.typ": TYPST_LIMIT,
    "slides/deck.typ": TYPST_LIMIT,
    "labels/nb.yaml": LABELS_LIMIT,
    "labels/nn.yaml": LABELS_LIMIT,
    "labels/en.yaml": LABELS_LIMIT,
    "reference.docx": 64 * 1024 * 1024,
    "slides.pptx": 64 * 1024 * 1024,
}


def builtin_names() -> list[str]:
    """Every file a user may override: the built-in Jinja templates and the OVERRIDES."""
    root = template_dir()
    jinja = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.j2"))
    return jinja + list(OVERRIDES)


def user_file(templates: Path | None, name: str) -> tuple[bytes, str] | None:
    """The bytes of a user's override of the built-in file `name` and where it is (for
    messages); None where DIR has none. Refused (InputError): a link leading out of DIR, a
    file that is not regular or larger than its limit."""
    from generator.output.safe_zip import read_user_file

    if templates is None or not os.path.lexists(templates / name):
        return None
    path = templates / name
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(os.path.realpath(templates)):
        refused = said("overrides.links-out", folder=str(templates))
        raise InputError(Problem.of((str(path), 1, 1, "-"), *refused))
    return read_user_file(real, OVERRIDES.get(name, TYPST_LIMIT)), str(path)


def unused_files(templates: Path | None) -> list[Problem]:
    """A warning for each file in DIR that overrides no built-in file, with the closest name."""
    if templates is None:
        return []
    names = builtin_names()
    warnings = []
    for folder, dirs, files in os.walk(templates):  # links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(f for f in files if not f.startswith(".")):
            relative = Path(folder, file).relative_to(templates).as_posix()
            if relative in names:
                continue
            close = difflib.get_close_matches(relative, names, n=1, cutoff=0.6)
            own = relative.endswith(".j2")
            key = "overrides.unused-own" if own else "overrides.unused"
            unused = said(key, relative=relative, guess=did_you_mean(close))
            warnings.append(
                Problem.of(
                    (str(Path(folder, file)), 1, 1, "-"),
                    *unused,
                    level="warning",
                    code="template-unused",
                )
            )
    return warnings
