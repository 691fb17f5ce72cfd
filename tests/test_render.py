"""Rendering: Markdown escaping of user text, and complete labels in every language."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml

from generator.documents.application import render_application
from generator.documents.markdown import escape_inline, finalize, item, paragraphs
from generator.loaded import load_project
from generator.resources import template_dir
from tests.conftest import COURSE, PARTNER, project_yaml, write_tree


def test_every_ascii_punctuation_character_is_escaped() -> None:
    assert escape_inline(string.punctuation) == "".join("\\" + c for c in string.punctuation)


def test_letters_digits_and_non_ascii_are_left_alone() -> None:
    assert escape_inline("Åsen 2019 «æøå» — ü ß 😀") == "Åsen 2019 «æøå» — ü ß 😀"


def test_ascii_whitespace_folds_but_a_no_break_space_stays() -> None:
    assert escape_inline("  a \t b\n c  ") == "a b c"
    assert escape_inline("16\u00a0500") == "16\u00a0500"


def test_paragraphs_keep_blank_lines_as_paragraphs_and_a_line_break_is_a_space() -> None:
    assert (
        paragraphs("First line\nsecond line\n\n\nNew *para*")
        == "First line second line\n\nNew \\*para\\*"
    )


def test_list_items_indent_their_continuations() -> None:
    assert item("a\nb\n\nc") == "a b\n\n  c"


def test_finalize_escapes_plain_values_and_keeps_markdown_built_by_filters() -> None:
    assert finalize("# not a heading") == "\\# not a heading"
    assert finalize(paragraphs("*x*")) == "\\*x\\*"
    assert finalize(None) == ""
    assert finalize(16500) == "16500"


def label_keys(data: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in data.items():
        keys.add(prefix + str(key))
        if isinstance(value, dict):
            keys |= label_keys(value, f"{prefix}{key}.")
    return keys


def test_labels_are_complete_in_every_language() -> None:
    folder = template_dir() / "labels"
    keys = {
        lang: label_keys(yaml.safe_load((folder / f"{lang}.yaml").read_text("utf-8")))
        for lang in ("nb", "nn", "en")
    }
    assert keys["nb"] == keys["nn"] == keys["en"]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("action", ["KA101", "KA229", "KA122-SCH", "KA210-SCH"])
def test_every_action_renders_in_every_language(tmp_path: Path, language: str, action: str) -> None:
    partners = [{**PARTNER, "description": "Why them."}]
    extra: dict[str, object] = (
        {"partners": partners, "role": "partner"} if action in ("KA229", "KA210-SCH") else {}
    )
    activity = dict(COURSE)
    if action == "KA229":
        activity["type"] = "joint-staff-training"
    if action == "KA210-SCH":
        activity = {**activity, "type": "joint-staff-training", "amount": 30000}
        extra["budget"] = {"lump_sum": 30000}
    text = project_yaml(
        language=language,
        action=action,
        call=2019 if action in ("KA101", "KA229") else 2024,
        activities=[activity],
        **extra,
    )
    path = write_tree(tmp_path, {"p.yaml": text}) / "p.yaml"
    markdown = render_application(load_project(path))
    labels = yaml.safe_load((template_dir() / "labels" / f"{language}.yaml").read_text("utf-8"))
    assert markdown.startswith("# Lesing i alle fag\n")
    for section in (
        "context",
        "participants" if action in ("KA101", "KA229") else "activities",
        "summary",
    ):
        assert f"## {escape_inline(labels['sections'][section])}" in markdown
    assert escape_inline(labels["actions"][action]) in markdown
    if extra:
        assert "École X" in markdown and "Why them\\." in markdown


def test_sections_follow_the_form_order_of_each_action(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"p.yaml": project_yaml(language="en")}) / "p.yaml"
    headings = [
        line
        for line in render_application(load_project(path)).splitlines()
        if line.startswith("## ")
    ]
    assert headings == [
        "## Context",
        "## Participating organisations",
        "## European Development Plan",
        "## Participants",
        "## Preparation",
        "## Main activities",
        "## Follow\\-up",
        "## Budget",
        "## Project summary",
    ]
