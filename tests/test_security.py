"""User text is data: Markdown, HTML, Jinja, Typst and YAML-block syntax print as written in every
format, and nothing is embedded, read or executed (security.md)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from generator.loaded import load_project
from generator.pipeline import build_application
from tests.conftest import ROOT, project_yaml, write_tree
from tests.extract import TEXT_OF, markdown_text, squash

FORMATS = ["md", "docx", "pdf", "odt", "html"]
SECRET = "TOP-SECRET-CONTENT-4711"
HOSTILE = {
    "title": "{{ 7*7 }}",
    "jinja_block": "{% for x in range(3) %}loop{% endfor %} {# comment #}",
    "image": "![x](/etc/passwd) ![y](secret.txt) ![z](https://example.org/a.png)",
    "typst": '#read("secret.txt") #include "x.typ" $x^2$ ] [ #let a = 1',
    "yaml_block": "---\ntitle: Overtaken\nauthor: Mallory\n---",
    "html": "<script>alert(1)</script> <b>bold</b> &amp; &lt;",
    "raw": "```{=openxml}\n<w:p><w:r><w:t>raw</w:t></w:r></w:p>\n```",
    "markdown": "# heading\n* bullet\n1. list\n> quote\n| a | b |\n`code` **bold** _it_ [link](http://x) <http://y> [^1] @cite \\\\",
    "latex": "\\input{/etc/passwd} $$x$$ \\(y\\)",
    "shorthand": "a...b -?c --d ---e ~f 'q' \"dq\"",
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("hostile")
    text = project_yaml(
        title=HOSTILE["title"],
        summary="\n\n".join(HOSTILE.values()),
        needs=[{"id": f"n{i}", "text": value} for i, value in enumerate(HOSTILE.values())],
        goals=[
            {"id": "g", "text": HOSTILE["yaml_block"], "needs": ["n0"], "measure": HOSTILE["html"]}
        ],
        activities=[
            {
                "id": "a",
                "type": "course",
                "title": HOSTILE["image"],
                "host": HOSTILE["typst"],
                "destination": {
                    "country": "DE",
                    "city": HOSTILE["jinja_block"],
                    "distance_km": 900,
                },
                "participants": 1,
                "days": 2,
                "goals": ["g"],
            }
        ],
        learning_outcomes=[{"text": HOSTILE["raw"], "goals": ["g"]}],
        dissemination=[
            {
                "audience": HOSTILE["markdown"],
                "channel": HOSTILE["latex"],
                "when": HOSTILE["shorthand"],
            }
        ],
    )
    write_tree(folder, {"p.yaml": text, "secret.txt": SECRET, "x.typ": SECRET})
    files = build_application(load_project(folder / "p.yaml"), FORMATS)
    return {path.suffix[1:]: data for path, data in files.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_hostile_string_prints_as_written(hostile: dict[str, bytes], fmt: str) -> None:
    text = squash(TEXT_OF[fmt](hostile[fmt]))
    for name, value in HOSTILE.items():
        for line in value.split("\n"):
            assert squash(line) in text, (fmt, name, line)


@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_is_read_embedded_or_evaluated(hostile: dict[str, bytes], fmt: str) -> None:
    text = TEXT_OF[fmt](hostile[fmt])
    assert SECRET not in text and "root:" not in text
    assert squash(text).startswith(squash("{{ 7*7 }}"))  # the title, not evaluated to 49
    assert "looplooploop" not in squash(text)


def test_the_markdown_reads_back_verbatim_in_pandoc_markdown_without_smart_too(
    hostile: dict[str, bytes],
) -> None:
    text = squash(markdown_text(hostile["md"], reader="markdown-smart"))
    assert (
        squash(HOSTILE["shorthand"]) in text and squash(HOSTILE["markdown"].split("\n")[-1]) in text
    )


def test_docx_has_no_media_no_raw_xml_and_keeps_its_title(hostile: dict[str, bytes]) -> None:
    with zipfile.ZipFile(io.BytesIO(hostile["docx"])) as z:
        names = z.namelist()
        body = z.read("word/document.xml").decode("utf-8")
    assert not [n for n in names if n.startswith("word/media")]
    assert "<w:t>raw</w:t>" not in body  # the ```{=openxml} block stayed text
    document = docx.Document(io.BytesIO(hostile["docx"]))
    assert document.core_properties.title == "{{ 7*7 }}"
    assert (
        document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text == "{{ 7*7 }}"
    )
    assert (
        "Overtaken" not in document.core_properties.title
        and document.core_properties.author != "Mallory"
    )


def test_html_has_no_live_markup_from_user_text(hostile: dict[str, bytes]) -> None:
    page = hostile["html"].decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page and "<b>bold</b>" not in page
    assert not re.search(r'<a href="http://x"', page)


def test_pdf_metadata_takes_the_title_as_data(hostile: dict[str, bytes]) -> None:
    meta = PdfReader(io.BytesIO(hostile["pdf"])).metadata
    assert meta is not None and meta.title == "{{ 7*7 }}"


def test_code_never_uses_unsafe_yaml_loading() -> None:
    offenders = [
        str(p)
        for p in (ROOT / "generator").rglob("*.py")
        if re.search(
            r"yaml\.load\(|yaml\.unsafe_load|yaml\.full_load|Loader=yaml\.Loader", p.read_text()
        )
    ]
    assert offenders == []


def test_templates_are_rendered_in_a_sandbox() -> None:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from generator.documents.markdown import environment

    assert isinstance(environment(None), ImmutableSandboxedEnvironment)


def test_a_user_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    from generator.documents.application import render_application
    from generator.errors import InputError

    templates = (
        write_tree(
            tmp_path, {"t/application/KA101.md.j2": "{{ p.__class__.__mro__ }}{{ ''.__class__ }}"}
        )
        / "t"
    )
    loaded = load_project(ROOT / "projects" / "melhus.yaml")
    with pytest.raises(InputError, match="template error"):
        render_application(loaded, templates)
