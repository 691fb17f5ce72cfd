"""output.reader reads our Markdown into the very AST pandoc's reader makes of it.

Every document the built-in templates write for every example (applications, handouts, the
workshop handouts) is read both ways and compared; so is the Markdown of projects with random
user text in their fields (the alphabet of tests/test_verbatim.py, wide and combining
characters added: table widths count them); and Markdown outside what the reader knows is left
to pandoc.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.documents.application import render_application
from generator.documents.handout import project_markdown, workshop_markdown
from generator.loaded import load_input, load_project
from generator.output.convert import markdown_to_ast
from generator.output.pandoc import json_api_version
from generator.output.reader import API_VERSION, Unsupported, read
from tests.conftest import EXAMPLES, ROOT, project_yaml, write_tree
from tests.test_verbatim import ALPHABET, FIELDS, _set

WORKSHOPS = sorted((ROOT / "workshops").glob("*.yaml"))


def _both(markdown: str) -> tuple[dict, dict]:
    """(pandoc's AST, ours) of the same Markdown."""
    return markdown_to_ast(markdown, "test"), read(markdown)


def test_this_pandoc_reads_the_json_the_reader_writes() -> None:
    """Else every conversion through pandoc would have pandoc read the Markdown again."""
    assert json_api_version() == API_VERSION


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_document_reads_as_pandoc_reads_it(path: Path) -> None:
    loaded = load_project(path)
    for markdown in (render_application(loaded), project_markdown(loaded)):
        theirs, ours = _both(markdown)
        assert ours["blocks"] == theirs["blocks"]


@pytest.mark.parametrize("path", WORKSHOPS, ids=[p.stem for p in WORKSHOPS])
def test_every_workshop_handout_reads_as_pandoc_reads_it(path: Path) -> None:
    theirs, ours = _both(workshop_markdown(load_input(path)))
    assert ours["blocks"] == theirs["blocks"]


TEXT = st.text(
    ALPHABET | st.sampled_from("漢字한글😀e\u0301\u00a0\u2003"), min_size=1, max_size=60
).filter(lambda t: t.strip() != "")


def random_user_text(
    share: int = 1, also: tuple[str, ...] = ()
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis over a free-text field of the minimal project and a text (or one of `also`):
    GEN_HYPOTHESIS_EXAMPLES examples, divided by `share`."""
    text = TEXT | st.sampled_from(also) if also else TEXT

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        return settings(
            max_examples=int(os.environ.get("GEN_HYPOTHESIS_EXAMPLES", "40")) // share,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )(given(field=st.sampled_from(FIELDS), text=text)(test))

    return decorate


def documents_with(tmp_path: Path, field: str, text: str) -> tuple[str, str]:
    """The application's and the handout's Markdown of the minimal project with `text` in
    `field`."""
    from generator.inputs.load import load_bytes
    from tests.conftest import MINIMAL

    data = load_bytes(MINIMAL.encode("utf-8"), "m.yaml").data
    path = write_tree(tmp_path, {"p.yaml": project_yaml(**_set(data, field, text))}) / "p.yaml"
    loaded = load_project(path)
    return render_application(loaded), project_markdown(loaded)


@random_user_text()
def test_any_user_text_reads_as_pandoc_reads_it(tmp_path: Path, field: str, text: str) -> None:
    for markdown in documents_with(tmp_path, field, text):
        theirs, ours = _both(markdown)
        assert ours["blocks"] == theirs["blocks"], (field, text)


@pytest.mark.parametrize("text", ["0\u00a0", "\u00a0\u00a0b", "a\u2003", "\u3000x"])
@pytest.mark.parametrize("field", ["title", "needs.text", "activities.title"])
def test_white_space_that_is_text_to_pandoc_reads_as_pandoc_reads_it(
    tmp_path: Path, field: str, text: str
) -> None:
    """A no-break space or another Unicode space is text to pandoc, not a blank or an end of a
    heading (found by hypothesis: a title "0" and a no-break space)."""
    for markdown in documents_with(tmp_path, field, text):
        theirs, ours = _both(markdown)
        assert ours["blocks"] == theirs["blocks"], (field, text)


@pytest.mark.parametrize(
    "markdown",
    [
        "A [link](https://example.org)\n",
        "`code`\n",
        "Some <b>html</b>\n",
        "H~2~O and x^2^\n",
        "_underscored_\n",
        "    indented code\n",
        "> a quote\n",
        "Two spaces at the end  \nnext line\n",
        "* a star list\n",
        "Text with a \\\n",
        "A | pipe\n",
        "**not closed\n",
        "A setext heading\n----------------\n",
        "a. a lettered list\n",
        "(1) a numbered list\n",
        "Term\n: its definition\n",
        "+---+---+\n| a | b |\n+---+---+\n",
        "1) a list with a parenthesis\n",
    ],
)
def test_markdown_outside_what_the_templates_write_is_left_to_pandoc(markdown: str) -> None:
    with pytest.raises(Unsupported):
        read(markdown)
    # ... and markdown_to_ast still reads it, through pandoc
    assert markdown_to_ast(markdown, "test", builtin=True) == markdown_to_ast(markdown, "test")


def test_a_pandoc_that_reads_other_json_reads_the_markdown_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where pandoc writes a format (here HTML), a pandoc whose JSON version the reader does not
    write is handed pandoc's own reading of the Markdown; our own writers need no pandoc."""
    from generator.output import convert

    monkeypatch.setattr(convert, "json_api_version", lambda: None)
    ast = markdown_to_ast("# Title\n\nSome *text* and more.\n\n- a\n\n- b\n", "test", builtin=True)
    assert isinstance(ast, convert.ReadInPython)
    ast["pandoc-api-version"] = [9, 9]  # what this pandoc would refuse
    info = convert.DocumentInfo(title="Title", author="A", language="en")
    html = convert.convert(ast, ["html"], info, "test")["html"].decode("utf-8")
    assert "<em>text</em>" in html and "<li><p>a</p></li>" in html


def test_the_common_formats_of_the_built_in_templates_start_no_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Application md, docx, pdf; handout docx, pdf; slides pptx, pdf: not even `pandoc
    --version` runs (the PDFs are typeset in-process)."""
    import subprocess

    from generator.pipeline import build_documents

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a process was started: {args[0]!r}")

    monkeypatch.setattr(subprocess, "run", refused)
    monkeypatch.setattr(subprocess, "Popen", refused)
    from generator.output import pandoc

    pandoc._found.cache_clear()
    loaded = load_project(next(p for p in EXAMPLES if p.stem == "melhus"))
    built, _ = build_documents(
        loaded,
        {
            "application": ["md", "docx", "pdf"],
            "handout": ["docx", "pdf"],
            "slides": ["pptx", "pdf"],
        },
    )
    assert sum(len(files) for files in built.values()) == 7
