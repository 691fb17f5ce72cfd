"""output.docx_writer writes the Word document pandoc's docx writer wrote: the same parts, byte
for byte, for every example document and for projects with random user text; what it does not
know goes to pandoc; its package shell is what `make reference` builds.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from generator.documents.application import render_application
from generator.documents.handout import project_markdown, workshop_markdown
from generator.loaded import load_input, load_project
from generator.output import convert, docx_writer
from generator.output.formats import LANG_TAGS, WRITER_ARGS
from generator.output.reader import Unsupported
from tests.conftest import EXAMPLES, ROOT
from tests.test_reader import documents_with, random_user_text

AUTHOR = "Melhus  kommune & Co <AS>"  # two spaces, XML's own characters


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _both(markdown: str, language: str = "nb") -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(pandoc's parts, ours) of the same Markdown, with the properties convert gives it;
    docProps/core.xml is left out (output.convert writes its own over both)."""
    ast = convert.markdown_to_ast(markdown, "test", builtin=True)
    meta = {"author": AUTHOR, "subject": "Erasmus+ · søknad", "description": "Laget av gen"}
    tree = dict(
        ast, meta={k: {"t": "MetaInlines", "c": convert._inlines(v)} for k, v in meta.items()}
    )
    theirs = convert._run(
        ["-f", "json", *WRITER_ARGS["docx"](language)],
        json.dumps(tree, ensure_ascii=False).encode("utf-8"),
        "test",
    )
    try:
        ours = docx_writer.write(ast, convert._inlines(AUTHOR), LANG_TAGS[language])
    except Unsupported:  # East Asian text: pandoc writes it (test below)
        assert docx_writer._CJK.search(markdown)
        return {}, {}
    theirs_parts, ours_parts = _parts(theirs), _parts(ours)
    for parts in (theirs_parts, ours_parts):
        parts.pop("docProps/core.xml")
    return theirs_parts, ours_parts


def _same(theirs: dict[str, bytes], ours: dict[str, bytes]) -> None:
    assert list(ours) == list(theirs)
    for name in theirs:
        assert ours[name] == theirs[name], name


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_document_is_the_same_docx(path: Path) -> None:
    loaded = load_project(path)
    for markdown in (render_application(loaded), project_markdown(loaded)):
        _same(*_both(markdown, loaded.project.language))


@pytest.mark.parametrize("path", sorted((ROOT / "workshops").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_workshop_handout_is_the_same_docx(path: Path) -> None:
    item = load_input(path)
    _same(*_both(workshop_markdown(item), item.doc.language))


@random_user_text(share=2, also=("a\u00adb", "a\u2011b \u00a0c"))
def test_any_user_text_is_the_same_docx(tmp_path: Path, field: str, text: str) -> None:
    for markdown in documents_with(tmp_path, field, text):
        _same(*_both(markdown))


def test_long_section_names_and_short_tables_are_written_as_pandoc_writes_them() -> None:
    """Bookmark names over 40 characters (a hash), tables with default widths, a one-item
    (tight) list, an ordered list starting at 3, soft hyphens in strong text, a rule."""
    markdown = (
        "# Title\n\n## " + "a" * 41 + "\n\n## " + "å" * 40 + "\n\n"
        "| A | B |\n|---|:--:|\n| x |  |\n\n- one\n\n3. three\n\n4. four\n\n"
        "**b\u00adc** and *d*\n\n---\n\nafter\n"
    )
    _same(*_both(markdown))


def test_east_asian_text_goes_to_pandoc_which_gives_it_its_font_hints() -> None:
    ast = convert.markdown_to_ast("# 漢字 title\n\nText 漢字\n", "test", builtin=True)
    with pytest.raises(Unsupported):
        docx_writer.write(ast, [], "nb-NO")
    info = convert.DocumentInfo(title="T", author="A", language="nb")
    body = _parts(convert.convert(ast, ["docx"], info, "test")["docx"])["word/document.xml"]
    assert 'w:hint="eastAsia"' in body.decode("utf-8")


def test_what_the_writer_does_not_know_goes_to_pandoc() -> None:
    nested = "# T\n\n1. a\n\n    - nested\n"
    ast = convert.markdown_to_ast(nested, "test", builtin=True)
    with pytest.raises(Unsupported):
        docx_writer.write(ast, [], "nb-NO")
    info = convert.DocumentInfo(title="T", author="A", language="nb")
    docx = convert.convert(ast, ["docx"], info, "test")["docx"]
    assert b"nested" in _parts(docx)["word/document.xml"]


def test_the_package_shell_is_what_make_reference_builds() -> None:
    from generator.output.pandoc import pandoc_path
    from generator.output.reference_docx import SHELL, build_shell
    from generator.resources import template_dir

    built = build_shell(pandoc_path(), template_dir() / "reference.docx")
    assert built == SHELL.read_bytes(), (
        "run `make reference` and commit generator/data/docx-shell.docx"
    )
