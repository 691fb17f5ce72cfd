"""One editing session over one project file: each change is saved, then the file is loaded
the way every command loads it, and the page gets back what changed: the preview of the
application, the budget, the review's findings, the paste-ready fields and each problem at its
key path, said in the project's language as the CLI says it.

The last preview that could be built stays while the file is invalid (nothing blocks typing).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.edit import form as forms
from generator.edit.yamlfile import FileProblem, ProjectFile, parse_path
from generator.errors import GenError, InputError, Problem
from generator.inputs.load import format_path

MAX_VALUE = 100_000  # characters in one field: far beyond any form's limit, well under the file's
MAX_CHOICES = 1_000  # ids ticked in one field
# Line and paragraph separators as the text's line breaks (Word pastes them; YAML's block
# scalars cannot hold them), characters a project file may not hold dropped (control
# characters, non-characters, halves of surrogate pairs): what is saved reads back as shown.
_BREAKS = str.maketrans(
    {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
)
_DROPPED = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


class OutOfDate(Exception):
    """A change made on a form that no longer matches the file's lists."""


def clean(text: str) -> str:
    """Text from the page as the file can hold it (see _BREAKS)."""
    return _DROPPED.sub("", text.replace("\r\n", "\n").translate(_BREAKS))


@dataclass
class Rendered:
    """What the page shows beside the form, for one state of the file."""

    problems: list[Problem]
    findings: list[Problem]
    preview: str  # HTML
    budget: str  # plain text (a table)
    fields: list[dict[str, Any]]
    valid: bool
    language: str


class Session:
    """The file, its last rendering, and a version the page polls against."""

    def __init__(
        self, path: Path, rules_dir: Path | None = None, allowed: Sequence[Path] = ()
    ) -> None:
        from generator.rules.ruleset import RuleLibrary

        self.path = path
        self.allowed = tuple(allowed)
        self.library = RuleLibrary(rules_dir)
        self.file = ProjectFile(path)
        self.lock = threading.Lock()
        self.version = 1
        self.structure = 1  # the lists' shape the form was made for: up one at each list change
        self.outside_problem = ""  # the file was changed outside and cannot be read as it is
        self._preview = ""
        self._budget = ""
        self._known: dict[str, list[tuple[str, str]]] = {}  # ids of the last file that loaded
        self.rendered = self._render()

    # --- changes ---------------------------------------------------------------------------

    def set_value(self, name: str, value: Any, structure: int | None = None) -> None:
        """The value of one control; saved at once. `structure` is the form's structure version
        the page showed: a change to a list item of an older form is refused (OutOfDate)."""
        path = parse_path(name)
        kind = forms.scalar_kind(path)  # KeyError: not a key of the format
        self._current(structure, path)
        if kind in ("group", "list", "file-only"):
            raise ValueError(f"{name} is not a single field of the form")
        if kind == "choices":
            if value is not None and not (
                isinstance(value, list)
                and len(value) <= MAX_CHOICES
                and all(isinstance(v, str) for v in value)
            ):
                raise ValueError("a list of choices is a list of texts")
            value = [clean(v) for v in value] if value is not None else None
        elif kind == "checkbox":
            value = bool(value)
        elif isinstance(value, str):
            if len(value) > MAX_VALUE:
                raise ValueError(f"a field holds at most {MAX_VALUE} characters")
            value = clean(value)
        elif value is not None:
            raise ValueError("a field's value is text")
        converted = forms.convert(kind, value)
        if converted is None and isinstance(path[-1], int):
            converted = ""  # an emptied list item keeps its place while it is being written
        self._changed(lambda: self.file.set(path, converted))

    def list_op(self, name: str, op: str, index: int, structure: int | None = None) -> None:
        """Add an entry to, remove one from, or move one in the list at `name`."""
        path = parse_path(name)
        if forms.scalar_kind(path) != "list":
            raise ValueError(f"{name} is not a list of the form")
        self._current(structure, path)
        item = forms.new_item(path, self.file.get(path)) if op == "add" else None
        self._changed(lambda: self.file.list_op(path, op, index, item))
        self.structure += 1

    def _current(self, structure: int | None, path: tuple[str | int, ...]) -> None:
        """Take a change saved by another editor since the last poll (it is kept, not written
        over), then refuse a change to a list's entries made on a form whose lists have changed
        since. Every change passes here before _changed."""
        self.poll()
        if (
            structure is not None
            and structure != self.structure
            and any(isinstance(step, int) for step in path)
        ):
            raise OutOfDate("the form was out of date; it shows the file as it is now")

    def _changed(self, change: Any) -> None:
        if self.outside_problem:
            raise FileProblem(self.outside_problem)  # never write over a file being mended
        try:
            change()
            self.file.save()
        except (ValueError, OSError):
            self.file.reload()  # nothing of a refused or unsaved change stays in the document
            raise
        self.version += 1
        self.rendered = self._render()

    def poll(self) -> bool:
        """Take a change made to the file outside the editor; True when there was one."""
        try:
            changed = self.file.reload_if_changed()
        except FileProblem as exc:
            if str(exc) != self.outside_problem:
                self.outside_problem = str(exc)
                self.version += 1
                return True
            return False
        if changed or self.outside_problem:
            self.outside_problem = ""
            self.version += 1
            self.structure += 1
            self.rendered = self._render()
            return True
        return False

    # --- rendering -------------------------------------------------------------------------

    def _render(self) -> Rendered:
        from generator.checks import review
        from generator.documents.budget_text import budget_text
        from generator.documents.fields import form_fields
        from generator.inputs.load import load_bytes
        from generator.loaded import load_draft, load_project
        from generator.messages import language_in

        text = self.file.text  # as saved or read: the file's bytes
        display = str(self.path)
        language = language_in(text)
        try:
            doc = load_bytes(text.encode("utf-8"), display)
            language = doc.language
            draft = load_draft(self.path, doc, self.library, allowed=self.allowed)
        except InputError as exc:
            return Rendered(
                list(exc.problems), list(exc.problems), self._preview, self._budget, [], False,
                language,
            )  # fmt: skip
        fields = (
            form_fields(draft.project, draft.facts, draft.rules, draft.budget)
            if draft.rules is not None and draft.budget is not None
            else []
        )
        project = draft.project
        self._known = {
            "needs": [(n.id, n.text) for n in project.needs],
            "goals": [(g.id, g.text) for g in project.goals],
            "work_packages": [(w.id, w.title) for w in project.work_packages],
            "partners": [(p.id, p.name) for p in project.partners or [] if p.id],
        }
        findings = list(review(draft, fields).findings)
        valid = not draft.errors
        if valid:
            try:
                loaded = load_project(self.path, doc, self.library, self.allowed)
                self._preview = _html(_application(loaded))
                self._budget = budget_text(loaded.budget, loaded.project)
            except (InputError, GenError) as exc:  # a template limit: said like the CLI says it
                findings.append(_whole(display, str(exc), language))
                valid = False
        shown = [
            {
                "id": f.id,
                "label": f.label,
                "text": f.text,
                "length": f.length,
                "limit": f.limit,
                "over": f.over,
                "name": format_path(f.path) if f.path else "",
            }
            for f in fields
        ]
        problems = [p for p in findings if p.level in ("error", "warning")]
        return Rendered(problems, findings, self._preview, self._budget, shown, valid, language)

    def context(self) -> forms.Context:
        """What the form is built from: the file's data as written and the choices it offers."""
        from generator.documents.language import labels
        from generator.edit.yamlfile import plain

        data = plain(self.file.data)
        language = self.rendered.language
        call = data.get("call")
        priorities: dict[str, str] = {}
        if isinstance(call, int):
            rules, _ = self.library.for_call(call)
            if rules is not None:
                priorities = {k: v.get(language, k) for k, v in rules.priorities.items()}
        action = data.get("action")
        keys = _action_keys(action, call, self.library)
        return forms.Context(data, language, priorities, keys, labels(language), self._known)


def _action_keys(action: Any, call: Any, library: Any) -> frozenset[str]:
    """The top-level keys of the action's `gen new` skeleton (the keys its form asks for)."""
    from generator.documents.starter import skeleton
    from generator.resources import read_trusted_yaml

    if not isinstance(action, str):
        return frozenset()
    key = (action, call)
    if key in _SKELETON_KEYS:
        return _SKELETON_KEYS[key]
    found: frozenset[str] = frozenset()
    offering = [c for c in library.calls() if library.load(c).offers(action)]
    chosen = call if call in offering else (offering[-1] if offering else None)
    if chosen is not None:
        rules = library.load(chosen)
        try:
            data = read_trusted_yaml(skeleton(action, rules, "en"))
            found = frozenset(data) if isinstance(data, dict) else frozenset()
        except Exception:  # a skeleton that needs more (an accreditation): show every key
            found = frozenset()
    _SKELETON_KEYS[key] = found
    return found


_SKELETON_KEYS: dict[tuple[Any, Any], frozenset[str]] = {}


def _application(loaded: Any) -> str:
    from generator.documents.application import render_application

    text: str = render_application(loaded)
    return text


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _html(markdown: str) -> str:
    """Our (escaped) Markdown as HTML for the preview: raw HTML is never passed through, and a
    table's alignment is a class (the page allows no inline style)."""
    md = _markdown()
    tokens = md.parse(markdown)
    for token in tokens:
        style = token.attrGet("style") if token.type in ("th_open", "td_open") else None
        if isinstance(style, str):
            token.attrs.pop("style")
            token.attrSet("class", "align-" + style.rpartition(":")[2])
    return str(md.renderer.render(tokens, md.options, {}))


def _whole(file: str, message: str, language: str) -> Problem:
    return Problem(file, 1, 1, "-", message, level="error", language=language)
