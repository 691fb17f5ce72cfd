"""output.md_writer writes the Markdown file pandoc's markdown writer wrote, byte for byte: for
every example document, for random user text, for every ASCII punctuation character at the
start, middle and end of a line, a list item and a table cell, and for pipe tables on both sides
of the width where pandoc stops padding them. What it is not sure of goes to pandoc.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from generator.documents.application import render_application
from generator.documents.handout import project_markdown, workshop_markdown
from generator.loaded import load_input, load_project
from generator.output import convert, md_writer
from generator.output.formats import WRITER_ARGS
from generator.output.reader import Unsupported
from tests.conftest import EXAMPLES, ROOT
from tests.test_reader import documents_with, random_user_text


def _pandoc(ast: dict) -> str:
    escaped = convert._escape_in_str(ast, "markdown")
    document = {"pandoc-api-version": [1, 23], "meta": {}, "blocks": escaped["blocks"]}
    source = json.dumps(document, ensure_ascii=False)
    return convert._run(["-f", "json", *WRITER_ARGS["md"]("nb")], source.encode(), "test").decode()


def _same_or_unsupported(ast: dict) -> bool:
    """Ours equals pandoc's, or ours declines (then pandoc writes it). True if ours wrote it."""
    try:
        ours = md_writer.write(ast)
    except Unsupported:
        return False
    assert ours == _pandoc(ast)
    return True


def _ast(markdown: str) -> dict:
    return convert.markdown_to_ast(markdown, "test", builtin=True)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_document_is_the_same_markdown(path: Path) -> None:
    loaded = load_project(path)
    for markdown in (render_application(loaded), project_markdown(loaded)):
        assert _same_or_unsupported(_ast(markdown)), "written by pandoc: the writer declined"


@pytest.mark.parametrize("path", sorted((ROOT / "workshops").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_workshop_handout_is_the_same_markdown(path: Path) -> None:
    assert _same_or_unsupported(_ast(workshop_markdown(load_input(path))))


@random_user_text()
def test_any_user_text_is_the_same_markdown(tmp_path: Path, field: str, text: str) -> None:
    for markdown in documents_with(tmp_path, field, text):
        _same_or_unsupported(_ast(markdown))


def _str(text: str) -> dict:
    return {"t": "Str", "c": text}


SPACE = {"t": "Space"}
WORDS = [
    *(c for c in string.punctuation),
    *(a + c + b for c in string.punctuation for a, b in (("a", "b"), ("", "b"), ("a", ""))),
    *("1.", "12.", "1)", "a.", "a)", "x.", "iv.", "IV.", "A.", "I.", "(1)", "(a)", "(iv)", "#.",
      "##", "#a", "@x", "x@y", "&amp;", "&#65;", "a_b", "_a", "a_", "2.5", "1234567890."),
]  # fmt: skip


def _cell(text: str) -> list:
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": [_str(text)]}]]


def test_every_punctuation_character_anywhere_is_escaped_as_pandoc_escapes_it() -> None:
    written = 0
    for word in WORDS:
        line = [_str(word), SPACE, _str("x")]
        blocks = [
            {"t": "Para", "c": line},
            {"t": "Para", "c": [_str("Q"), SPACE, *line]},
            {"t": "Para", "c": [_str(word)]},
            {"t": "BulletList", "c": [[{"t": "Plain", "c": line}]]},
            {"t": "Header", "c": [2, ["", [], []], line]},
            {"t": "Para", "c": [{"t": "Strong", "c": [_str(word)]}, SPACE, _str("x")]},
        ]
        written += _same_or_unsupported({"blocks": blocks})
    assert written > 0.9 * len(WORDS)  # what it declines is the few it is unsure of


@pytest.mark.parametrize("columns", [2, 3, 5])
@pytest.mark.parametrize("given_widths", [True, False])
def test_pipe_tables_are_padded_and_ruled_as_pandoc_does_on_both_sides_of_72(
    columns: int, given_widths: bool
) -> None:
    """pandoc pads the cells while their widths add up to at most 72 columns."""
    for first in range(40, 90, 3):
        cells = ["a" * first, *(["b" * 5] * (columns - 1))]
        width = {"t": "ColWidth", "c": 1 / columns} if given_widths else {"t": "ColWidthDefault"}
        aligns = ["AlignLeft", "AlignRight", "AlignDefault", "AlignLeft", "AlignRight"][:columns]
        table = {
            "t": "Table",
            "c": [
                ["", [], []],
                [None, []],
                [[{"t": a}, width] for a in aligns],
                [["", [], []], [[["", [], []], [_cell(f"H{k}") for k in range(columns)]]]],
                [[["", [], []], 0, [], [[["", [], []], [_cell(c) for c in cells]]]]],
                [["", [], []], []],
            ],
        }
        assert _same_or_unsupported({"blocks": [table]}), (columns, first)
