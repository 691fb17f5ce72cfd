"""The editor's form, generated from the project model (generator.inputs.project.Project).

Each key of the model becomes a control by its type: text (a textarea where the model says
"Plain text"), a whole number, a decimal number, a date, a yes/no box, a choice (a Literal, a
country, a reference to ids elsewhere in the file: a goal's needs, an activity's goals, a work
package's lead, the call's priorities), a group (a nested model) or a list (of texts or of
groups) that can be added to, reordered and emptied. A key added to the format appears in the
form without new page code: its place is the step `STEPS` names, or the fourth.

Each control's `name` is the key path as errors print it (`activities[0].participants`). The
values shown are the file's as written (an invalid value stays, with its problem beside it).
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.edit.yamlfile import value_at
from generator.inputs.load import format_path
from generator.inputs.project import REFERENCES, Project
from generator.inputs.types import countries, country_code
from generator.resources import read_trusted_yaml

Kind = Literal[
    "text", "textarea", "integer", "number", "date", "checkbox", "select", "choices", "group",
    "list", "file-only",
]  # fmt: skip

# The five steps of the seed, and the keys each gathers (a nested key may go to another step
# than its parent: the applicant's OID is registered in step 4). Keys the list does not name go
# to step 4; `format` is the file's version, not something to fill in.
STEPS: dict[str, tuple[str, ...]] = {
    "idea": ("title", "acronym", "summary", "focus", "needs", "goals", "priorities", "topics"),
    "team": ("applicant", "consortium", "role", "partners", "accreditation"),
    "concretise": (
        "activities",
        "selection",
        "preparation",
        "follow_up",
        "learning_outcomes",
        "dissemination",
        "management",
        "quality_standards",
        "cooperation",
        "work_packages",
    ),
    "register": (
        "applicant.oid",
        "applicant.pic",
        "action",
        "call",
        "language",
        "period",
        "id",
        "budget",
        "first_application",
        "theme",
    ),
}
HIDDEN = ("format",)
LANGUAGE_NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


@dataclass
class Control:
    """One control of the form (or a group or list of them)."""

    kind: Kind
    name: str  # the key path, as errors print it
    key: str  # the last key (for its label)
    label: str
    help: str = ""
    value: Any = None
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    children: list[Control] = field(default_factory=list)
    required: bool = False
    item: str = ""  # a list's items: "group" or a scalar kind
    shown: bool = True  # False: the action does not use this key and the file does not have it


@dataclass
class Step:
    key: str
    title: str
    help: str
    controls: list[Control]


@cache
def words(language: str) -> dict[str, Any]:
    """The editor's words (generator/edit/labels.yaml) in `language`."""
    from importlib import resources

    text = resources.files("generator.edit").joinpath("labels.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = read_trusted_yaml(text)
    return data.get(language) or data["en"]


# --- the model's types -----------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A type of the model, unwrapped: its base, whether it may be left out, and its metadata."""

    base: Any
    optional: bool
    meta: tuple[Any, ...]


def shape(annotation: Any, meta: tuple[Any, ...] = ()) -> Shape:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return shape(base, meta + tuple(more))
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = shape(args[0], meta) if len(args) == 1 else Shape(annotation, False, meta)
        return Shape(inner.base, True, inner.meta)
    return Shape(annotation, False, meta)


def _is_model(base: Any) -> bool:
    return isinstance(base, type) and issubclass(base, BaseModel)


def _is_country(meta: tuple[Any, ...]) -> bool:
    return any(getattr(m, "func", None) is country_code for m in meta)


def field_at(path: tuple[str | int, ...]) -> tuple[Shape, FieldInfo | None]:
    """The type at a key path of the project model (an index steps into a list's items)."""
    current = Shape(Project, False, ())
    info: FieldInfo | None = None
    for step in path:
        base = current.base
        if isinstance(step, int):
            if typing.get_origin(base) is not list:
                raise KeyError(step)
            current = shape(typing.get_args(base)[0])
            continue
        if not _is_model(base) or step not in base.model_fields:
            raise KeyError(step)
        info = base.model_fields[step]
        current = shape(info.annotation, tuple(info.metadata))
        current = Shape(current.base, current.optional or not info.is_required(), current.meta)
    return current, info


def scalar_kind(path: tuple[str | int, ...]) -> str:
    """What the control at `path` holds: integer, number, date, checkbox, text, choices (ids
    ticked among others), or what no single control holds: group, list, file-only."""
    found, _ = field_at(path)  # KeyError: not a key of the format
    base = found.base
    if _is_model(base):
        return "group"
    if typing.get_origin(base) is dict:
        return "file-only"
    if typing.get_origin(base) is list:
        chosen = path == ("priorities",) or (
            isinstance(path[-1], str) and _reference(path[:-1], path[-1]) is not None
        )
        return "choices" if chosen else "list"
    if base is bool:
        return "checkbox"
    if base is int:
        return "integer"
    if base is float:
        return "number"
    if base is dt.date:
        return "date"
    return "text"


def convert(kind: str, value: Any) -> Any:
    """A value from the page as the file should hold it: "7" in a number field is 7, "fire"
    stays text (so its problem shows: must be a whole number); an empty field is no key."""
    if kind == "checkbox":
        return bool(value)
    if kind == "choices":
        return [str(v) for v in value] if isinstance(value, list) else None
    if not isinstance(value, str):
        return None
    if value.strip() == "":
        return None
    text = value.strip()
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return value
    if kind == "number":
        try:
            number = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
        except ValueError:
            return value
        return int(number) if number.is_integer() and "." not in text else number
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return value
    return value


# --- building the form -----------------------------------------------------------------------


@dataclass
class Context:
    """What the form needs beside the model: the file's data, its language and the choices."""

    data: dict[str, Any]
    language: str
    priorities: dict[str, str]  # key → name in the language
    action_keys: frozenset[str]  # the top-level keys the action's skeleton has
    labels: dict[str, Any]  # the documents' labels (actions, activity types …)
    # ids from elsewhere: a KA121-SCH request's needs and goals are its accreditation's
    known: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def ids(self, list_key: str) -> list[tuple[str, str]]:
        """(id, "id: the start of its text") of each entry of a list, the file's own first."""
        entries = self.data.get(list_key)
        pairs: list[tuple[str, str]] = []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                name = entry.get("text") or entry.get("title") or entry.get("name") or ""
                pairs.append((entry["id"], str(name)))
        own = {ident for ident, _ in pairs}
        pairs += [(i, name) for i, name in self.known.get(list_key, []) if i not in own]
        out = []
        for ident, name in pairs:
            short = name.split("\n")[0][:60]
            out.append((ident, f"{ident}: {short}" if short else ident))
        return out


def _label(key: str, ctx: Context, nested: bool = False) -> str:
    """The key's label; a key that means another thing inside an entry ("title" of an activity,
    not of the project) has its own."""
    w = words(ctx.language)
    if nested and f"nested_{key}" in w["ui"]:
        return str(w["ui"][f"nested_{key}"])
    keys: dict[str, str] = w["keys"]
    return keys.get(key) or key.replace("_", " ").capitalize()


def _help(info: FieldInfo | None, ctx: Context) -> str:
    description = (info.description or "") if info is not None else ""
    return description if ctx.language == "en" else ""


def _literal_options(args: tuple[Any, ...], key: str, ctx: Context) -> list[tuple[str, str]]:
    values = [str(a) for a in args]
    labels = ctx.labels
    for table in ("actions", "activity_types", "org_types", "roles"):
        names: dict[str, str] = labels.get(table) or {}
        if all(v in names for v in values):
            if table == "actions":
                return [(v, f"{v} – {names[v]}") for v in values]
            return [(v, names[v]) for v in values]
    if key == "language":
        return [(v, LANGUAGE_NAMES.get(v, v)) for v in values]
    return [(v, v) for v in values]


def _reference(parent: tuple[str | int, ...], key: str) -> str | None:
    """The list whose ids the key at `parent`.`key` refers to (goals[0].needs → needs)."""
    owner = next((s for s in reversed(parent) if isinstance(s, str)), None)
    for list_key, ref_key, target in REFERENCES:
        if owner == list_key and ref_key == key and len(parent) == 2:
            return target
    return None


def control(
    path: tuple[str | int, ...], ctx: Context, skip: frozenset[str] = frozenset()
) -> Control:
    """The control for the key at `path`, with the file's value."""
    found, info = field_at(path)
    key = next(s for s in reversed(path) if isinstance(s, str))
    name = format_path(path)
    base = found.base
    value = value_at(ctx.data, path)
    made = Control(
        "text",
        name,
        key,
        _label(key, ctx, nested=any(isinstance(step, int) for step in path)),
        "" if isinstance(path[-1], int) else _help(info, ctx),  # said once, at the list
        value,
        required=not found.optional,
    )
    reference = _reference(path[:-1], key) if isinstance(path[-1], str) else None
    if path == ("priorities",):
        made.kind = "choices"
        made.options = sorted(ctx.priorities.items(), key=lambda kv: kv[1])
    elif reference is not None:
        options = ctx.ids(reference)
        if reference == "partners":
            options = [("applicant", _label("applicant", ctx)), *options]
        made.kind = "choices" if typing.get_origin(base) is list else "select"
        made.options = options
    elif _is_model(base):
        made.kind = "group"
        for child in base.model_fields:
            child_path = (*path, child)
            if format_path(child_path) not in skip:
                made.children.append(control(child_path, ctx, skip))
    elif typing.get_origin(base) is list:
        made.kind = "list"
        item = shape(typing.get_args(base)[0])
        made.item = "group" if _is_model(item.base) else "text"
        for i in range(len(value) if isinstance(value, list) else 0):
            made.children.append(control((*path, i), ctx, skip))
    elif typing.get_origin(base) is dict:
        made.kind = "file-only"
    elif typing.get_origin(base) is Literal:
        made.kind = "select"
        made.options = _literal_options(typing.get_args(base), key, ctx)
    elif _is_country(found.meta):
        made.kind = "select"
        lang = ctx.language
        made.options = sorted(
            ((code, names[lang]) for code, names in countries().items()), key=lambda kv: kv[1]
        )
    elif base is bool:
        made.kind = "checkbox"
    elif base is int:
        made.kind = "integer"
    elif base is float:
        made.kind = "number"
    elif base is dt.date:
        made.kind = "date"
    else:
        description = info.description or "" if info is not None else ""
        long = description.startswith("Plain text") or key in ("text", "description")
        made.kind = "textarea" if long else "text"
    if made.kind in ("select", "choices"):
        known = {v for v, _ in made.options}
        chosen = value if isinstance(value, list) else [value]
        for v in chosen:  # a value that is no option stays, so nothing written is lost
            if v is not None and str(v) not in known:
                made.options.append((str(v), str(v)))
    return made


def steps(ctx: Context) -> list[Step]:
    """The form in the five steps (the fifth holds no keys: review and downloads)."""
    placed = {key for keys in STEPS.values() for key in keys}
    nested = frozenset(k for k in placed if "." in k)
    extra = tuple(k for k in Project.model_fields if k not in placed and k not in HIDDEN)
    out = []
    w = words(ctx.language)
    for step, keys in STEPS.items():
        controls = []
        for key in keys + (extra if step == "register" else ()):
            path = tuple(key.split("."))
            made = control(path, ctx, nested if "." not in key else frozenset())
            if "." in key:
                made.label = f"{_label(path[0], ctx)}: {made.label}"
            top = path[0]
            made.shown = top in ctx.data or top in ctx.action_keys
            controls.append(made)
        out.append(Step(step, w["steps"][step], w["step_help"][step], controls))
    out.append(Step("write", w["steps"]["write"], w["step_help"]["write"], []))
    return out


def new_item(path: tuple[str | int, ...], existing: Any) -> Any:
    """A new entry for the list at `path`: an empty text, or a mapping with a fresh id."""
    try:
        found, _ = field_at((*path, 0))
    except KeyError:
        return ""
    if not _is_model(found.base):
        return ""
    if "id" not in found.base.model_fields:
        return {}
    stem = {"needs": "need", "goals": "goal", "activities": "activity", "partners": "partner"}.get(
        str(path[-1]), "wp" if path[-1] == "work_packages" else "item"
    )
    taken = {e.get("id") for e in existing or [] if isinstance(e, dict)}
    n = len(existing or []) + 1
    while f"{stem}-{n}" in taken:
        n += 1
    return {"id": f"{stem}-{n}"}
