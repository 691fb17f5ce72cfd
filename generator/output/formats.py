"""The formats pandoc writes for the text documents: each format's pandoc writer and that
writer's arguments (kept apart from output.convert so that the command line can list the formats
without loading it).

A new pandoc format is a line in FORMAT_WRITER and, for a new writer, its arguments in
WRITER_ARGS (and a byte fixer in output.convert.convert if its files carry a date).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

MARKDOWN_WRITER = "markdown-smart-simple_tables-multiline_tables-grid_tables-raw_html-raw_attribute"
LANG_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
FORMAT_WRITER = {"md": "md", "docx": "docx", "pdf": "typst", "odt": "odt", "html": "html"}
PANDOC_FORMATS = tuple(FORMAT_WRITER)


def _templates() -> Path:
    from generator.resources import template_dir

    return template_dir()


def _title_from_heading(language: str) -> list[str]:
    """The first "# …" becomes the document's title; the language goes into its metadata."""
    return ["--shift-heading-level-by=-1", "-s", "-M", f"lang={LANG_TAGS[language]}"]


# pandoc's arguments per writer, given the language (nb, nn, en). "typst" writes the source
# that output.convert.compile_typst turns into the PDF.
WRITER_ARGS: dict[str, Callable[[str], list[str]]] = {
    "md": lambda language: ["-t", MARKDOWN_WRITER, "--wrap=none"],
    "docx": lambda language: [
        "-t",
        "docx",
        f"--reference-doc={_templates() / 'reference.docx'}",
        *_title_from_heading(language),
    ],
    "odt": lambda language: ["-t", "odt", *_title_from_heading(language)],
    "html": lambda language: ["-t", "html5", *_title_from_heading(language)],
    "typst": lambda language: [
        "-t",
        "typst-smart",
        f"--template={_templates() / 'pandoc' / 'document.typ'}",
        "--shift-heading-level-by=-1",
        "-s",
        "-V",
        f"lang={language}",
    ],
}
