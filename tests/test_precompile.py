"""Built-in templates compiled when the package is built (documents/precompile.py, compiled.py).

A compiled template must render exactly what its source renders, be used only while it was
compiled from the same source, keep naming the template (not its module) in errors, and never
tie one environment's templates to another's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.documents import compiled, markdown, precompile
from generator.documents.application import render_application
from generator.documents.limits import LIMITS
from generator.errors import InputError
from generator.loaded import load_project
from generator.resources import template_dir
from tests.conftest import EXAMPLES

BUILTIN = sorted(p.relative_to(template_dir()).as_posix() for p in template_dir().rglob("*.j2"))


def _fresh_environments() -> None:
    markdown.environment.cache_clear()


def _origin(name: str) -> str:
    """The file the code of built-in template `name` was compiled from."""
    _fresh_environments()
    template = markdown.environment().get_template(name)
    return str(template.root_render_func.__code__.co_filename)


def test_this_checkout_has_every_template_compiled_and_current() -> None:
    """`make` compiled them (so the test run below renders through the compiled modules)."""
    manifest = compiled._manifest()
    assert sorted(manifest) == BUILTIN, "run `make` (or python -m generator.documents.precompile)"
    for name in BUILTIN:
        assert _origin(name).startswith(str(compiled.FOLDER)), name


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_compiled_templates_render_what_their_sources_render(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = load_project(path)
    _fresh_environments()
    from_modules = render_application(loaded)
    monkeypatch.setattr(compiled, "_manifest", lambda: {})
    _fresh_environments()
    assert render_application(loaded) == from_modules
    _fresh_environments()


def test_a_template_edited_since_it_was_compiled_is_compiled_from_its_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = "application/KA229.md.j2"
    assert _origin(name).startswith(str(compiled.FOLDER))
    stale = dict(compiled._manifest(), **{name: "0" * 64})
    monkeypatch.setattr(compiled, "_manifest", lambda: stale)
    assert _origin(name) == str(template_dir() / name)
    _fresh_environments()


def test_modules_compiled_for_another_jinja_or_code_are_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    precompile.build(tmp_path / "_compiled")
    monkeypatch.setattr(compiled, "FOLDER", tmp_path / "_compiled")
    compiled._manifest.cache_clear()
    try:
        assert sorted(compiled._manifest()) == BUILTIN
        monkeypatch.setattr(compiled, "fingerprint", lambda: "another jinja")
        compiled._manifest.cache_clear()
        assert compiled._manifest() == {}
    finally:
        compiled._manifest.cache_clear()


def test_build_writes_a_module_per_template_and_nothing_at_run_time(tmp_path: Path) -> None:
    target = tmp_path / "_compiled"
    assert precompile.build(target) == len(BUILTIN)
    modules = sorted(p.name for p in target.glob("tmpl_*.py"))
    assert len(modules) == len(BUILTIN)
    before = sorted(p.name for p in compiled.FOLDER.iterdir())
    _origin("application/base.md.j2")
    assert sorted(p.name for p in compiled.FOLDER.iterdir()) == before


def test_an_error_in_a_compiled_template_names_the_template_file_and_line() -> None:
    """A limit exceeded while a built-in template prints names the .j2 file, not its module."""
    loaded = load_project(EXAMPLES[0])
    _fresh_environments()
    with pytest.raises(InputError) as caught:
        render_application(loaded, limits=dataclasses.replace(LIMITS, output=100))
    message = str(caught.value)
    assert "templates/application/" in message and ".md.j2:" in message, message
    assert "tmpl_" not in message


def test_two_environments_keep_their_own_templates(tmp_path: Path) -> None:
    """A user's folder overrides a section included by a compiled base template; the built-in
    environment, used before and after, still renders the built-in section."""
    loaded = load_project(next(p for p in EXAMPLES if p.stem == "melhus"))
    _fresh_environments()
    plain = render_application(loaded)
    own = tmp_path / "own"
    sections = sorted((template_dir() / "application" / "sections").glob("*.md.j2"))
    section = next(s for s in sections if s.read_text("utf-8").strip())
    target = own / "application" / "sections" / section.name
    target.parent.mkdir(parents=True)
    target.write_text("OUR OWN SECTION\n", "utf-8")
    mine = render_application(loaded, own)
    assert "OUR OWN SECTION" in mine and "OUR OWN SECTION" not in plain
    assert render_application(loaded) == plain
    assert render_application(loaded, own) == mine
