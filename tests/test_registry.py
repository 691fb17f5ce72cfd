"""The action registry and the document table against everything that must agree with them: a
half-registered action or format fails here, naming what is missing, instead of exiting 70 for a
user."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from generator.documents.fields import _Builder
from generator.documents.language import labels
from generator.documents.slides.workshop_deck import AGENDA_SLIDES
from generator.inputs.types import Action, Language
from generator.inputs.workshop import AGENDA_ITEMS
from generator.output.formats import FORMAT_WRITER, WRITER_ARGS
from generator.pipeline import DOCUMENTS
from generator.resources import template_dir
from generator.rules.actions import ACTIONS, LABEL_KEYS
from generator.rules.ruleset import available_calls, load_rules

LANGUAGES = get_args(Language)


def lookup(data: dict[str, Any], dotted: str) -> Any:
    node: Any = data
    for key in dotted.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def test_the_registry_and_the_action_type_name_the_same_actions() -> None:
    assert set(get_args(Action)) == set(ACTIONS)


@pytest.mark.parametrize("call", available_calls())
def test_every_action_of_a_rule_set_is_registered(call: int) -> None:
    assert set(load_rules(call).offered_actions()) <= set(ACTIONS)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_action_has_everything_it_needs(action: str) -> None:
    missing = []
    if not any(load_rules(c).offers(action) for c in available_calls()):
        missing.append("a rule set that offers it (generator/data/rules/<year>.yaml)")
    if not (template_dir() / "application" / f"{action}.md.j2").is_file():
        missing.append(f"templates/application/{action}.md.j2")
    spec = ACTIONS[action]
    for language in LANGUAGES:
        words = labels(language)
        missing += [
            f"labels/{language}.yaml: {key.format(action=action)}"
            for key in LABEL_KEYS
            if lookup(words, key.format(action=action)) is None
        ]
        missing += [
            f"labels/{language}.yaml: form_fields.{field}"
            for field in spec.form_order
            if field not in words["form_fields"]
        ]
        missing += [
            f"labels/{language}.yaml: deck.checklist.{item}"
            for item, _ in spec.checklist
            if item not in words["deck"]["checklist"]
        ]
    missing += [
        f"documents/fields.py: a builder for the field '{field}'"
        for field in spec.form_order
        if not callable(getattr(_Builder, field, None))
    ]
    assert not missing, f"{action} lacks: " + "; ".join(missing)


def test_every_agenda_item_has_its_slides() -> None:
    assert set(AGENDA_ITEMS) == set(AGENDA_SLIDES)


def test_every_document_format_has_a_writer() -> None:
    """A format offered on the command line is one the converters can write."""
    for kind in DOCUMENTS.values():
        assert set(kind.defaults) <= set(kind.formats), kind.name
        assert set(kind.batch_defaults) <= set(kind.formats), kind.name
    for fmt, writer in FORMAT_WRITER.items():
        assert writer in WRITER_ARGS, fmt
