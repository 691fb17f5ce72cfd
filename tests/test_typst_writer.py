"""output.typst_writer writes the Typst source pandoc's typst writer wrote, as far as the PDF
shows: the PDF of every example document, and of projects with random user text, is the same,
byte for byte, whichever wrote the source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.documents.application import render_application
from generator.documents.handout import project_markdown, workshop_markdown
from generator.loaded import load_input, load_project
from generator.output import convert
from generator.output.formats import WRITER_ARGS
from generator.output.reader import Unsupported
from generator.output.typeset import compile_typst
from generator.output.typst_writer import fill_template
from generator.resources import template_dir
from tests.conftest import EXAMPLES, ROOT
from tests.test_reader import documents_with, random_user_text

TEMPLATE = (template_dir() / "pandoc" / "document.typ").read_text("utf-8")
INFO = convert.DocumentInfo(title="T", author="A", language="nb")


def _pdfs(markdown: str, language: str = "nb") -> tuple[bytes, bytes]:
    """(the PDF from pandoc's Typst source, the PDF from ours) of the same Markdown."""
    ast = convert.markdown_to_ast(markdown, "test", builtin=True)
    escaped = json.dumps(convert._escape_in_str(ast, "typst"), ensure_ascii=False)
    theirs = convert._run(
        ["-f", "json", *WRITER_ARGS["typst"](language)], escaped.encode("utf-8"), "test"
    )
    ours = fill_template(TEMPLATE, ast, language).encode("utf-8")
    return compile_typst(theirs, INFO, "test"), compile_typst(ours, INFO, "test")


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_document_makes_the_same_pdf(path: Path) -> None:
    loaded = load_project(path)
    for markdown in (render_application(loaded), project_markdown(loaded)):
        theirs, ours = _pdfs(markdown, loaded.project.language)
        assert ours == theirs


@pytest.mark.parametrize("path", sorted((ROOT / "workshops").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_workshop_handout_makes_the_same_pdf(path: Path) -> None:
    item = load_input(path)
    theirs, ours = _pdfs(workshop_markdown(item), item.doc.language)
    assert ours == theirs


@random_user_text(share=2)
def test_any_user_text_makes_the_same_pdf(tmp_path: Path, field: str, text: str) -> None:
    application, _ = documents_with(tmp_path, field, text)
    theirs, ours = _pdfs(application)
    assert ours == theirs, (field, text)


def test_every_punctuation_character_is_written_as_text() -> None:
    """No character of the text is Typst syntax: each is escaped (the PDF test above shows the
    escapes print as the characters)."""
    punctuation = "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum())
    ast = {"blocks": [{"t": "Para", "c": [{"t": "Str", "c": punctuation}]}]}
    body = fill_template("$if(title)$\n$title$\n$endif$\n$body$", ast, "nb").strip()
    assert body == "".join("\\" + c for c in punctuation)


@pytest.mark.parametrize(
    "block",
    [
        {"t": "CodeBlock", "c": [["", [], []], "x"]},
        {"t": "Para", "c": [{"t": "Link", "c": [["", [], []], [], ["https://x", ""]]}]},
        {"t": "Header", "c": [1, ["x", [], []], [{"t": "Str", "c": "Second title"}]]},
    ],
)
def test_what_the_writer_does_not_know_is_left_to_pandoc(block: dict) -> None:
    ast = {"blocks": [{"t": "Header", "c": [1, ["t", [], []], []]}, block]}
    with pytest.raises(Unsupported):
        fill_template(TEMPLATE, ast, "nb")
