"""A user's template folder (`--templates DIR`) is untrusted: a template that loops, recurses or
builds huge values, or reads files outside DIR through a link, an absolute or a `../` name, is a
template error (exit 1, its file and line, the limit it hit, nothing written), never a hang, an
exhausted machine or an internal error (exit 70). The built-in templates stay far inside the
limits. (documents.limits, documents.sandbox, documents.templates)"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import generator.documents.limits as limits_module
from generator.cli import cli
from generator.documents.application import render_application
from generator.documents.handout import project_markdown, workshop_markdown
from generator.documents.limits import Limits
from generator.documents.markdown import render
from generator.errors import InputError
from generator.loaded import load_input, load_project
from tests.conftest import EXAMPLES, MINIMAL, ROOT, write_tree

L = "{% set l = range(100000)|list %}"
# name → (template, words the error must say). Each one hung, exhausted memory or ended in
# exit 70 before the limits.
HOSTILE = {
    "range": ("{% for i in range(10**9) %}x{% endfor %}", "range() would make 1,000,000,000 items"),
    "string_repeat": ("{{ 'x' * 10**10 }}", "the operator * would make 10,000,000,000 characters"),
    "list_repeat": ("{{ ['x'] * 10**9 }}", "1,000,000,000 items"),
    "power": ("{{ 10 ** (10 ** 9) }}", "the operator ** would make"),
    "integer_growth": (
        "{% set ns = namespace(x=2**5000) %}{% for i in range(30) %}{% set ns.x = ns.x * ns.x %}"
        "{% endfor %}",
        "bits",
    ),
    "list_of_characters": ("{{ (('a' * 10**7)|list)|join }}", "over the limit"),
    "doubling_with_tilde": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        "the operator ~ would make",
    ),
    "center": ("{{ ''|center(10**9) }}", "|center would make 1,000,000,000 characters"),
    "ljust": ("{{ ''.ljust(10**9) }}", "str.ljust() would make"),
    "zfill": ("{{ '1'.zfill(10**9) }}", "str.zfill() would make"),
    "percent_star": ("{{ '%*s'|format(10**9, '') }}", "|format would make"),
    "percent_operator": ("{{ '%.999999999f' % 1.0 }}", "the operator % would make"),
    "format_width": ("{{ '{:>999999999}'.format('') }}", "str.format would make"),
    "format_nested_width": ("{{ '{0:{1}}'.format('', 999999999) }}", "str.format would make"),
    "wordwrap": ("{{ 'a b c'|wordwrap(1, wrapstring='x' * 3000000) }}", "|wordwrap would make"),
    "indent": ("{{ ('\\n' * 1000000)|indent(1000, blank=true) }}", "|indent would make"),
    "replace": ("{{ ('a' * 100000)|replace('', 'b' * 100000) }}", "replace() would make"),
    "expandtabs": ("{{ ('\t' * 100000).expandtabs(100000) }}", "expandtabs() would make"),
    "translate": ("{{ ('a' * 100000).translate({97: 'b' * 100000}) }}", "translate() would make"),
    "join_method": ("{{ ('x' * 1000000).join(['a'] * 1000) }}", "str.join() would make"),
    "to_bytes": ("{{ (1).to_bytes(10**10, 'big') }}", "to_bytes() would make"),
    "batch": ("{{ [1]|batch(10**9, 'x')|list }}", "|batch would make"),
    "sum_of_lists": (L + "{{ ([l] * 100000)|sum(start=[])|length }}", "|sum would make"),
    "tojson_indent": ("{{ {'a': [1]}|tojson(indent=10**9) }}", "indent over 64"),
    "lipsum": ("{{ lipsum(10**9) }}", "lipsum(): at most 100"),
    "print_shared_list": (L + "{{ [l] * 1000000 }}", "the text of a list would make"),
    "string_of_shared_lists": (
        L + "{% set a = [l,l,l,l,l,l,l,l,l,l] %}{% set b = [a,a,a,a,a,a,a,a,a,a] %}{{ b|string }}",
        "|string: the text of a list",
    ),
    "tojson_of_shared_lists": (L + "{{ ([l] * 1000)|tojson }}", "|tojson: the text of a list"),
    "macro_recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "nest more than"),
    "macro_doubling": (
        "{% macro d(n, s) %}{% if n %}{{ d(n-1, s) }}{{ d(n-1, s) }}{% else %}{{ s }}{% endif %}"
        "{% endmacro %}{{ d(30, 'x' * 1000000) }}",
        "d() would make",
    ),
    "include_itself": ("{% include 'application/KA101.md.j2' %}", "nest more than 100 deep"),
    "extends_itself": ("{% extends 'application/KA101.md.j2' %}", "nest more than 100 deep"),
    "block_recursion": ("{% block b %}{{ self.b() }}{% endblock %}", "nest more than"),
    "recursive_loop": ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "nest more"),
    "deep_expression": ("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}", "nested too deeply"),
    "output": (
        "{% for a in range(100000) %}{% for b in range(100000) %}xxxxxxxxxx{% endfor %}"
        "{% endfor %}",
        "the document would make",
    ),
    "python_error": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "filter_error": ("{{ 'abc'|wordwrap(0) }}", "ValueError: invalid width 0"),
}
SLOW = {
    "nested_loops": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "loops_without_calls": L + "{% for a in l %}{% for b in l %}{% for c in l %}{% endfor %}"
    "{% endfor %}{% endfor %}",
}


def gen(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_tree(tmp_path, {"p/minimal.yaml": MINIMAL}) / "p" / "minimal.yaml"


def user_templates(root: Path, files: dict[str, str]) -> Path:
    return write_tree(root / "t", files)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_template_is_a_template_error_at_its_line(
    name: str, project: Path, tmp_path: Path
) -> None:
    source, words = HOSTILE[name]
    templates = user_templates(tmp_path, {"application/KA101.md.j2": "# T\n\n" + source})
    started = time.monotonic()
    code, out = gen(
        "application", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 1, out
    assert "template error" in out and words in out, out
    if name not in ("output", "deep_expression"):
        assert f"{templates}/application/KA101.md.j2:3:1:" in out, out
    else:  # no one line to blame: the whole output, or the template as Jinja compiles it
        assert "application/KA101.md.j2:1:1:" in out, out
    assert not (tmp_path / "out").exists()
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("name", sorted(SLOW))
def test_a_loop_that_runs_too_long_is_stopped_at_the_deadline(
    name: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits_module, "LIMITS", Limits(seconds=1.0))
    templates = user_templates(tmp_path, {"application/KA101.md.j2": "x\n" + SLOW[name]})
    started = time.monotonic()
    code, out = gen(
        "application", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 1 and "took longer than the time limit (1 s)" in out, out
    assert f"{templates}/application/KA101.md.j2:2:1:" in out, out
    assert time.monotonic() - started < 5
    # The thread was stopped: the next render works.
    assert gen("application", project, "-o", tmp_path / "ok", "-f", "md")[0] == 0


def test_a_template_that_holds_on_to_memory_is_stopped(tmp_path: Path) -> None:
    retain = (
        "{% set ns = namespace(l=[]) %}{% set s = 'x' * 3000000 %}{% for i in range(100000) %}"
        "{% set ns.l = ns.l + [s ~ i] %}{% endfor %}"
    )
    folder = write_tree(tmp_path, {"x.md.j2": retain})
    with pytest.raises(InputError, match="used more memory than the limit"):
        render("x.md.j2", {}, folder, Limits(memory=200 << 20))


def test_a_python_error_is_a_template_error_when_a_user_template_ran_and_a_bug_otherwise(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A user's template that feeds a built-in one bad values is the user's error (exit 1); a
    Python error where only built-in templates ran is a bug in gen and stays one (exit 70)."""
    from generator.documents.language import Formatter

    loaded = load_project(ROOT / "projects" / "melhus.yaml")
    bad = "{% set p = dict(p, period={'start': 'x', 'months': 1}) %}"
    folder = write_tree(
        tmp_path,
        {"application/KA101.md.j2": bad + "{% include 'builtin/application/KA101.md.j2' %}"},
    )
    with pytest.raises(InputError, match="template error: AttributeError"):
        render_application(loaded, folder)

    def broken(self: Formatter, value: object) -> str:
        raise ValueError("a bug")

    monkeypatch.setattr(Formatter, "date", broken)
    with pytest.raises(ValueError, match="a bug"):
        render_application(loaded)


def test_a_section_overriding_a_built_in_one_is_named_with_its_line(
    project: Path, tmp_path: Path
) -> None:
    templates = user_templates(
        tmp_path, {"application/sections/needs.md.j2": "ok\n\n{{ 'x' * 10**10 }}\n"}
    )
    code, out = gen(
        "application", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 1 and f"{templates}/application/sections/needs.md.j2:3:1:" in out, out


def test_a_handout_template_has_the_same_limits(project: Path, tmp_path: Path) -> None:
    templates = user_templates(tmp_path, {"handout/project.md.j2": "{{ ''|center(10**9) }}"})
    code, out = gen(
        "handout", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 1 and "|center would make" in out, out


def test_a_template_within_the_limits_renders(project: Path, tmp_path: Path) -> None:
    source = (
        "# {{ p.title }}\n\n{{ (('a' * 10**5)|list)|join|length }} {{ '%5s'|format('x') }} "
        "{{ '{:>6}'.format('y') }} {{ range(10)|sum }} {{ 2 ** 100 }}\n"
    )
    templates = user_templates(tmp_path, {"application/KA101.md.j2": source})
    code, out = gen(
        "application", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 0, out
    text = (tmp_path / "out" / "minimal" / "application.md").read_text("utf-8")
    assert "100000" in text and "1267650600228229401496703205376" in text


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_built_in_templates_render_every_example_within_a_tenth_of_each_limit(
    example: Path,
) -> None:
    tight = Limits(
        seconds=2.0, memory=100 << 20, output=2_000_000, text=400_000, items=100_000, depth=10
    )
    loaded = load_project(example)
    assert render_application(loaded, limits=tight)
    assert project_markdown(loaded, limits=tight)


def test_built_in_workshop_handouts_render_within_a_tenth_of_each_limit() -> None:
    tight = Limits(seconds=2.0, output=2_000_000, text=400_000, items=100_000, depth=10)
    for workshop in sorted((ROOT / "workshops").glob("*.yaml")):
        assert workshop_markdown(load_input(workshop), limits=tight)  # type: ignore[arg-type]


# -- links, absolute and '..' names ----------------------------------------------------------


def outside(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "outside",
        {"secret.md.j2": "SECRET", "application/KA101.md.j2": "SECRET FOLDER"},
    )


def refused(project: Path, tmp_path: Path, templates: Path, *words: str) -> None:
    code, out = gen(
        "application", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 1, out
    assert "template error" in out and all(w in out for w in words), out
    assert "SECRET" not in out and not (tmp_path / "out").exists()


def test_a_template_that_is_a_link_out_of_the_folder_is_refused(
    project: Path, tmp_path: Path
) -> None:
    secret = outside(tmp_path) / "secret.md.j2"
    templates = user_templates(tmp_path, {"x": ""})
    (templates / "application").mkdir()
    (templates / "application" / "KA101.md.j2").symlink_to(secret)
    refused(project, tmp_path, templates, f"{templates}/application/KA101.md.j2:1:1:", str(secret))


def test_a_linked_folder_out_of_the_folder_is_refused(project: Path, tmp_path: Path) -> None:
    folder = outside(tmp_path) / "application"
    templates = user_templates(tmp_path, {"x": ""})
    (templates / "application").symlink_to(folder)
    refused(project, tmp_path, templates, "outside the template folder")


@pytest.mark.parametrize(
    "name, words",
    [
        ("/etc/passwd", "is absolute"),
        ("../outside/secret.md.j2", "leaves the template folder"),
        ("builtin/../../outside/secret.md.j2", "leaves the template folder"),
        ("sections/../../../outside/secret.md.j2", "leaves the template folder"),
        ("linked.md.j2", "outside the template folder"),
        ("C:/x", "is absolute"),
    ],
)
def test_an_include_or_import_out_of_the_folder_is_refused_at_its_line(
    name: str, words: str, project: Path, tmp_path: Path
) -> None:
    outside(tmp_path)
    for statement in (f"{{% include '{name}' %}}", f"{{% import '{name}' as m %}}"):
        templates = user_templates(tmp_path, {"application/KA101.md.j2": f"a\n{statement}\n"})
        if not (templates / "linked.md.j2").is_symlink():
            (templates / "linked.md.j2").symlink_to(tmp_path / "outside" / "secret.md.j2")
        refused(project, tmp_path, templates, f"{templates}/application/KA101.md.j2:2:1:", words)


def test_a_link_that_stays_inside_the_folder_is_followed(project: Path, tmp_path: Path) -> None:
    templates = user_templates(tmp_path, {"shared/main.md.j2": "# {{ p.title }}\n"})
    (templates / "application").mkdir()
    (templates / "application" / "KA101.md.j2").symlink_to(templates / "shared" / "main.md.j2")
    code, out = gen(
        "application", project, "-o", tmp_path / "out", "-f", "md", "--templates", templates
    )
    assert code == 0, out


def test_a_fifo_a_binary_or_a_huge_template_is_refused_without_blocking(
    project: Path, tmp_path: Path
) -> None:
    templates = user_templates(tmp_path, {"big.md.j2": "x" * (1024 * 1024 + 1)})
    (templates / "bin.md.j2").write_bytes(b"\xff\xfe")
    os.mkfifo(templates / "fifo.md.j2")
    for name, words in (
        ("fifo.md.j2", "not a regular file"),
        ("bin.md.j2", "not UTF-8"),
        ("big.md.j2", "larger than 1 MiB"),
    ):
        (templates / "application").mkdir(exist_ok=True)
        (templates / "application" / "KA101.md.j2").write_text(f"{{% include '{name}' %}}")
        refused(project, tmp_path, templates, words)


def test_a_template_replaced_by_a_link_after_it_was_read_is_read_again_and_refused(
    tmp_path: Path,
) -> None:
    secret = outside(tmp_path) / "secret.md.j2"
    folder = write_tree(tmp_path / "t", {"x.md.j2": "fine"})
    assert render("x.md.j2", {}, folder) == "fine"
    (folder / "x.md.j2").unlink()
    (folder / "x.md.j2").symlink_to(secret)
    with pytest.raises(InputError, match="outside the template folder"):
        render("x.md.j2", {}, folder)


# -- a long word in a table cell -------------------------------------------------------------

GREEK = "αβγδεζηθικλμνξοπρστυφχψω"  # in no label: every Greek letter in a document is the user's


def long_word(length: int, shift: int) -> str:
    return "".join(GREEK[(i * 7 + shift) % len(GREEK)] for i in range(length))


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with 5 000-letter words in table cells (an activity's title, a dissemination
    audience), a list (a need) and a paragraph (the applicant's description), built as the
    application and the handout in md, pdf and docx."""
    from tests.conftest import COURSE, project_yaml

    root = tmp_path_factory.mktemp("long")
    text = project_yaml(
        activities=[dict(COURSE, title=long_word(5000, 0))],
        dissemination=[{"audience": long_word(5000, 1), "channel": "Møte", "when": "Mai"}],
        needs=[{"id": "reading", "text": long_word(5000, 2)}],
        applicant={
            "name": "Skolen",
            "type": "school",
            "country": "NO",
            "city": "Trondheim",
            "description": long_word(5000, 3),
        },
    )
    project = write_tree(root, {"long.yaml": text}) / "long.yaml"
    for document in ("application", "handout"):
        code, out = gen(document, project, "-o", root / "out", "-f", "md,pdf,docx")
        assert code == 0, out
    return root / "out" / "long"


def greek(text: str) -> dict[str, int]:
    from collections import Counter

    return dict(Counter(c for c in text if c in GREEK))


def pdf_text_inside_its_pages(pdf: Path) -> str:
    """The text of a PDF, after checking that every piece of it is drawn on its page (a row
    taller than a page ran off its foot, where a viewer never shows it) and that no line of
    Greek letters is longer than a line (a word that does not break runs off the right edge)."""
    from pypdf import PdfReader

    text = []
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        runs: list[tuple[float, float, str]] = []

        def visit(
            run: str, cm: list[float], tm: list[float], *_: object, into: list[Any] = runs
        ) -> None:
            if run.strip():
                into.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], run))

        text.append(page.extract_text(visitor_text=visit))
        for x, y, run in runs:
            assert 0 <= x <= width and 0 <= y <= height, (pdf.name, number, x, y, run[:40])
            assert len(greek(run)) == 0 or sum(greek(run).values()) <= 150, (pdf.name, number)
    return "".join(text)


@pytest.mark.parametrize("document", ["application", "handout"])
def test_a_long_word_keeps_every_letter_on_the_page_in_the_pdf(
    document: str, long_words: Path
) -> None:
    markdown = (long_words / f"{document}.md").read_text("utf-8")
    assert sum(greek(markdown).values()) >= 10_000
    assert greek(pdf_text_inside_its_pages(long_words / f"{document}.pdf")) == greek(markdown)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("document", ["application", "handout"])
def test_a_long_word_keeps_every_letter_on_the_page_in_word_files(
    document: str, long_words: Path, tmp_path: Path
) -> None:
    """LibreOffice lays out the DOCX (as Word does: a long word breaks inside its cell)."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(long_words / f"{document}.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    markdown = (long_words / f"{document}.md").read_text("utf-8")
    assert greek(pdf_text_inside_its_pages(tmp_path / f"{document}.pdf")) == greek(markdown)
