"""Template overrides (--templates DIR): every built-in template file can be replaced by a file at
the same relative path, and is honoured; one that is broken fails the run at its file and line;
a file that replaces nothing is a warning; what DIR holds is read as untrusted."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from tests.conftest import ROOT, project_yaml, write_tree
from tests.extract import pdf_text, squash

TEMPLATES = ROOT / "templates"


def gen(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def build(tmp_path: Path, command: str, files: dict[str, str | bytes], *formats: str) -> Result:
    """`gen COMMAND` of a small Norwegian project (its labels are labels/nb.yaml) with a template
    folder holding `files`."""
    write_tree(
        tmp_path, {"p.yaml": project_yaml(language="nb"), **{f"t/{k}": v for k, v in files.items()}}
    )
    (tmp_path / "t").mkdir(exist_ok=True)
    args = [command, str(tmp_path / "p.yaml"), "--templates", str(tmp_path / "t")]
    return gen(*args, "-o", str(tmp_path / "o"), "-f", ",".join(formats))


def builtin(name: str) -> str:
    return (TEMPLATES / name).read_text("utf-8")


def test_a_changed_deck_typ_is_used(tmp_path: Path) -> None:
    deck = (
        builtin("slides/deck.typ") + "\n#place(bottom + right, text(size: 30pt)[OVERRIDDEN DECK])\n"
    )
    result = build(tmp_path, "slides", {"slides/deck.typ": deck}, "pdf")
    assert result.exit_code == 0, result.output
    assert "OVERRIDDEN DECK" in pdf_text((tmp_path / "o/p/slides.pdf").read_bytes())


def test_a_changed_document_typ_is_used(tmp_path: Path) -> None:
    document = builtin("pandoc/document.typ").replace("$body$", "OVERRIDDEN DOCUMENT\n\n$body$")
    result = build(tmp_path, "application", {"pandoc/document.typ": document}, "pdf")
    assert result.exit_code == 0, result.output
    assert "OVERRIDDEN DOCUMENT" in pdf_text((tmp_path / "o/p/application.pdf").read_bytes())


def test_a_labels_file_holds_only_what_it_changes(tmp_path: Path) -> None:
    labels = "sections:\n  context: Bakgrunn og ramme\ndeck:\n  continued: (videre)\n"
    result = build(tmp_path, "application", {"labels/nb.yaml": labels}, "md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "o/p/application.md").read_text("utf-8")
    assert "Bakgrunn og ramme" in text
    assert "Deltakende organisasjoner" in text  # a built-in label it did not change


def test_a_changed_jinja_section_is_used(tmp_path: Path) -> None:
    section = "## Egen kontekst\n\n{{ p.title }} – skrevet om.\n"
    result = build(tmp_path, "application", {"application/sections/context.md.j2": section}, "md")
    assert result.exit_code == 0, result.output
    assert "Egen kontekst" in (tmp_path / "o/p/application.md").read_text("utf-8")


def changed_reference() -> bytes:
    """The built-in reference.docx with Heading 1 in red."""
    from docx import Document
    from docx.shared import RGBColor

    doc = Document(str(TEMPLATES / "reference.docx"))
    doc.styles["Heading 1"].font.color.rgb = RGBColor.from_string("C00000")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_changed_reference_docx_is_used(tmp_path: Path) -> None:
    result = build(tmp_path, "application", {"reference.docx": changed_reference()}, "docx")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "o/p/application.docx") as z:
        styles = z.read("word/styles.xml").decode()
    heading = re.search(r'w:styleId="Heading1".*?</w:style>', styles, re.DOTALL)
    assert heading and 'w:val="C00000"' in heading.group(0)


def test_a_theme_goes_over_a_users_reference_docx(tmp_path: Path) -> None:
    write_tree(tmp_path, {"theme.yaml": 'primary: "#115511"\n'})
    result = build(tmp_path, "application", {"reference.docx": changed_reference()}, "docx")
    assert result.exit_code == 0
    args = ["application", str(tmp_path / "p.yaml"), "--templates", str(tmp_path / "t")]
    result = gen(
        *args, "--theme", str(tmp_path / "theme.yaml"), "-o", str(tmp_path / "o2"), "-f", "docx"
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "o2/p/application.docx") as z:
        styles = z.read("word/styles.xml").decode()
    heading = re.search(r'w:styleId="Heading1".*?</w:style>', styles, re.DOTALL)
    assert heading and 'w:val="115511"' in heading.group(0)


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("slides/deck.typ", builtin("slides/deck.typ") + "\n#let broken = (\n", "slides/deck.typ:{n}:"),
        ("slides/deck.typ", builtin("slides/deck.typ").replace(
            "#let colour(hex)", '#let nothing = 1 + "a"\n#let colour(hex)'), "slides/deck.typ:{line}:"),
        ("pandoc/document.typ", builtin("pandoc/document.typ").replace(
            "#set smartquote", '#let nothing = 1 + "a"\n#set smartquote'), "pandoc/document.typ:{line}:"),
        ("pandoc/document.typ", builtin("pandoc/document.typ").replace(
            "$body$", "$body$\n#unknown-function()"), "pandoc/document.typ:"),
    ],
)  # fmt: skip
def test_a_typst_override_that_fails_fails_the_run_at_its_line(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    command = "slides" if name.startswith("slides") else "application"
    result = build(tmp_path, command, {name: text}, "pdf")
    assert result.exit_code == 3, result.output
    lines = text.splitlines()
    line = next((i for i, s in enumerate(lines, 1) if '1 + "a"' in s), len(lines))
    expected = str(tmp_path / "t" / where.format(n=len(lines), line=line))
    assert expected in result.output and "typst error" in result.output, result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("command", "name", "content", "said"),
    [
        ("application", "reference.docx", b"not a zip", "save it again as .docx from Word"),
        ("slides", "slides.pptx", b"not a zip", "save it again as .pptx from PowerPoint"),
        (
            "application",
            "reference.docx",
            {"[Content_Types].xml": b"<Types", "word/styles.xml": b"<w:styles/>"},
            "not well-formed XML",
        ),
    ],
)
def test_a_broken_office_file_is_refused_with_a_hint_for_its_kind(
    tmp_path: Path, command: str, name: str, content: bytes | dict[str, bytes], said: str
) -> None:
    """A broken reference.docx is Word's to save again, a broken slides.pptx PowerPoint's."""
    if isinstance(content, dict):
        packed = io.BytesIO()
        with zipfile.ZipFile(packed, "w") as package:
            for entry, body in content.items():
                package.writestr(entry, body)
        content = packed.getvalue()
    result = build(
        tmp_path, command, {name: content}, "docx" if command == "application" else "pptx"
    )
    assert result.exit_code == 1, result.output
    assert f"{name}: " in result.output and said in result.output, result.output
    other = "PowerPoint" if name.endswith(".docx") else "Word"
    assert other not in result.output and not (tmp_path / "o").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("name", ["labels/nb.yaml", "pandoc/document.typ", "reference.docx"])
def test_a_pipe_in_the_templates_folder_is_refused_without_naming_another_kind(
    tmp_path: Path, name: str
) -> None:
    (tmp_path / "t" / name).parent.mkdir(parents=True)
    os.mkfifo(tmp_path / "t" / name)
    result = build(tmp_path, "application", {}, "md", "pdf", "docx")
    assert result.exit_code == 1, result.output
    assert f"{name}: is not a regular file; give a file, not a pipe or a device" in result.output
    assert ".pptx" not in result.output


@pytest.mark.parametrize(
    ("labels", "where", "message"),
    [
        ("sections:\n  context: [a\n", "labels/nb.yaml:3:", ""),
        ("sections: Kontekst\n", "labels/nb.yaml:1:11", "sections: "),
        ("months: [jan, feb]\n", "labels/nb.yaml:1:9", "months: "),
        ("plurals:\n  days:\n    one: '{n} dag i {sted}'\n", "labels/nb.yaml:3:10", "{sted}"),
    ],
)
def test_a_labels_file_that_is_wrong_is_an_error_at_its_line(
    tmp_path: Path, labels: str, where: str, message: str
) -> None:
    result = build(tmp_path, "application", {"labels/nb.yaml": labels}, "md")
    assert result.exit_code == 1, result.output
    assert str(tmp_path / "t" / where) in result.output and message in result.output


def test_an_unknown_label_and_a_file_that_replaces_nothing_are_warnings(tmp_path: Path) -> None:
    files = {
        "labels/nb.yaml": "deck:\n  contnued: (videre)\n",
        "slide.pptx": b"not read",
        "application/sections/kontext.md.j2": "x",
    }
    result = build(tmp_path, "application", files, "md")
    assert result.exit_code == 0, result.output
    # The labels file is nb: its problems are said in Norwegian; the folder's own files in the
    # default language (GEN_LANGUAGE, else English).
    assert f"{tmp_path / 't/labels/nb.yaml'}:2:3: deck.contnued: " in result.output
    assert "ukjent etikett 'contnued' – mente du 'continued'?" in result.output
    assert "slide.pptx" in result.output and "did you mean 'slides.pptx'?" in result.output
    assert "did you mean 'application/sections/context.md.j2'?" in result.output


def test_a_users_typst_file_reads_nothing_outside_typsts_folder(tmp_path: Path) -> None:
    secret = write_tree(tmp_path, {"secret.txt": "TOPSECRET"}) / "secret.txt"
    deck = builtin("slides/deck.typ") + f'\n#read("{secret}")\n#read("../secret.txt")\n'
    result = build(tmp_path, "slides", {"slides/deck.typ": deck}, "pdf")
    assert result.exit_code == 3, result.output
    assert "TOPSECRET" not in result.output


def test_an_override_that_links_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    write_tree(tmp_path, {"elsewhere/deck.typ": builtin("slides/deck.typ")})
    (tmp_path / "t" / "slides").mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere/deck.typ", tmp_path / "t/slides/deck.typ")
    result = build(tmp_path, "slides", {}, "pdf")
    assert result.exit_code == 1 and "links outside" in result.output, result.output


def test_a_users_reference_docx_is_read_as_untrusted(tmp_path: Path) -> None:
    with zipfile.ZipFile(TEMPLATES / "reference.docx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"<w:styles", b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:styles', 1
    )
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        for name, body in parts.items():
            z.writestr(name, body)
    result = build(tmp_path, "application", {"reference.docx": packed.getvalue()}, "docx")
    assert result.exit_code == 1 and "declares a DTD" in result.output, result.output
    shutil.rmtree(tmp_path / "t")
    result = build(tmp_path, "application", {"reference.docx": b"not a zip"}, "docx")
    assert result.exit_code == 1 and "reference.docx" in result.output, result.output


def test_the_readme_lists_every_override_point() -> None:
    from generator.documents.overrides import OVERRIDES

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Template overrides", 1)[1].split("\n## ", 1)[0]
    for name in [*OVERRIDES, "application/", "handout/"]:
        assert name.replace("nb.yaml", "") in squash(section) or name in section, name
