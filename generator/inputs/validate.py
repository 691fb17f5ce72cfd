"""Pydantic validation errors → located Problems, in words a user acts on, with "did you mean".

`validate` runs a root model over a loaded Document and returns the model or every problem;
`finish` gives the model its id (the file name by default) or raises one InputError.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.errors import InputError, KeyPath, Problem
from generator.inputs.ids import ID_PATTERN, is_valid_id
from generator.inputs.load import Document
from generator.inputs.types import M
from generator.messages import Listing, Msg, did_you_mean, said


def validate(root: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """Validate a loaded file against a root model: the model, or every schema problem, located."""
    try:
        return root.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # "unknown key 'titel' — did you mean 'title'?" already says what "title is missing" would.
        suggested = {
            _path(e)[:-1] + (_suggest(_path(e), root),)
            for e in errors
            if e["type"] == "extra_forbidden"
        }
        return None, [
            _problem(doc, e, root)
            for e in errors
            if not (e["type"] == "missing" and _path(e) in suggested)
        ]


def finish(
    doc: Document, model: M | None, problems: list[Problem], default_id: str, example: str
) -> M:
    """The validated model with its id (default: the file name), or InputError with every
    problem in file order, a file name that is no valid id among them."""
    if model is not None and getattr(model, "id", None) is None and not is_valid_id(default_id):
        problems.append(
            doc.problem((), *said("validate.file-name-id", id=default_id, example=example))
        )
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (p.line, p.col, p.key)))
    assert model is not None
    return model if getattr(model, "id", None) else model.model_copy(update={"id": default_id})


# --- turning pydantic errors into located, plain messages ---------------------------------


def _path(err: Any) -> KeyPath:
    return tuple(p for p in err["loc"] if isinstance(p, (str, int)))


def _suggest(path: KeyPath, root: type[BaseModel]) -> str | None:
    """The allowed key closest to the unknown key at the end of `path`, if one is close."""
    close = difflib.get_close_matches(str(path[-1]), _fields_at(path[:-1], root), n=1, cutoff=0.6)
    return close[0] if close else None


def _problem(doc: Document, err: Any, root: type[BaseModel]) -> Problem:
    path = _path(err)
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return doc.problem(path, *said("validate.missing", key=str(path[-1])))
    if kind == "extra_forbidden":
        guess = _suggest(path, root)
        return doc.problem(
            path,
            Msg("validate.unknown.message", key=str(path[-1]), guess=did_you_mean(guess)),
            Msg("validate.unknown.hint", allowed=", ".join(_fields_at(path[:-1], root))),
            key=True,
        )
    return doc.problem(path, *_message(kind, value, ctx, err["msg"], path))


def _describe(value: Any) -> Msg | str:
    if value is None:
        return Msg("validate.got.nothing")
    if isinstance(value, dict):
        return Msg("validate.got.mapping")
    if isinstance(value, list):
        return Msg("validate.got.list")
    return f"'{value}'"


# Pydantic's error types (and our own, from inputs.types and the models' validators) → the
# catalogue entry under validate.* that says it; each takes the value as {got}.
_KINDS = {
    "int_parsing": "whole-number",
    "int_type": "whole-number",
    "int_from_float": "whole-number",
    "float_parsing": "number",
    "float_type": "number",
    "bool_parsing": "bool",
    "bool_type": "bool",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "blank": "empty",
    "string_too_short": "empty",
    "contact_empty": "contact-empty",
    "name_or_count": "name-or-count",
}


def _message(
    kind: str, value: Any, ctx: dict[str, Any], msg: str, path: KeyPath
) -> tuple[Msg, Msg]:
    got = _describe(value)
    if kind == "string_type":
        return said(
            "validate.not-text" if isinstance(value, (dict, list)) else "validate.empty", got=got
        )
    if kind in _KINDS:
        return said(f"validate.{_KINDS[kind]}", got=got)
    if kind == "reserved_id":
        return said("validate.reserved-id", id=str(ctx.get("id", value)))
    if kind == "year_range":  # a date (YYYY-MM-DD) or a month (YYYY-MM) outside the years
        which = "month" if len(str(ctx.get("value", ""))) == 7 else "date"
        args = {k: str(ctx.get(k, "")) for k in ("first", "last", "value")}
        return said(f"validate.year-range-{which}", **args)
    if kind.startswith("date_"):
        return said("validate.date", got=got)
    if kind in ("greater_than_equal", "greater_than"):
        return said("validate.at-least", limit=str(ctx.get("ge", ctx.get("gt"))), got=got)
    if kind in ("less_than_equal", "less_than"):
        return said("validate.at-most", limit=str(ctx.get("le", ctx.get("lt"))), got=got)
    if kind == "literal_error":
        choices = [
            c.strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
        ]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        guess = did_you_mean(close if isinstance(value, str) else None)
        return (
            Msg("validate.not-allowed.message", got=got, guess=guess),
            Msg("validate.not-allowed.hint", choices=", ".join(choices)),
        )
    if kind in ("too_short", "too_long"):
        n = int(ctx.get("min_length" if kind == "too_short" else "max_length", 1))
        return said(f"validate.{kind.replace('_', '-')}", n=n)
    if kind == "string_too_long":
        return said("validate.text-too-long", n=int(ctx.get("max_length", 0)))
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return said(f"validate.{_pattern(pattern)}", got=got, pattern=pattern)
    if kind == "format":
        return said("validate.format", version=str(ctx.get("v", value)))
    if kind == "country":
        guess = did_you_mean(str(ctx.get("suggestion") or "") or None)
        return said("validate.country", code=str(ctx.get("code", value)), guess=guess)
    if kind == "agenda":
        return said("validate.agenda", item=str(ctx.get("item")), items=str(ctx.get("items")))
    if kind == "ladder":
        return said("validate.ladder", step=str(ctx.get("step")), steps=str(ctx.get("steps")))
    if kind == "colour":  # a theme's primary or accent (inputs.theme)
        if "value" not in ctx:
            return said("validate.colour-empty")
        return said("validate.colour", value=str(ctx["value"]))
    if kind == "font":
        named = re.search(r"'([^']+)'", str(ctx.get("guess", "")))
        guess = did_you_mean(named.group(1) if named else None)
        names = Listing.of(str(ctx.get("names", "")).split(", "), "or")
        return said("validate.font", value=str(ctx.get("value")), guess=guess, names=names)
    # Not said in the user's language yet (a rule file's own checks, a pydantic type we do not
    # expect): pydantic's words, quoted.
    return said("validate.other", detail=msg.removeprefix("Value error, "))


def _pattern(pattern: str) -> str:
    """The catalogue entry for a value that does not match the pattern of its key."""
    if pattern == ID_PATTERN:
        return "id"
    if "E\\d{8}" in pattern:
        return "oid"
    if "\\d{9}" in pattern:
        return "pic"
    if "\\d{4}-" in pattern:
        return "month"
    return "pattern"


def _fields_at(path: KeyPath, root: type[BaseModel]) -> list[str]:
    """The keys allowed in the mapping at `path` (for "did you mean")."""
    model: Any = root
    for part in path:
        if isinstance(part, int):
            continue
        field = (
            model.model_fields.get(part)
            if isinstance(model, type) and issubclass(model, BaseModel)
            else None
        )
        if field is None:
            return []
        model = _inner_model(field.annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """list[X] | None → X, for walking the model tree along a key path."""
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        if not args:
            return None
        annotation = args[-1] if get_origin(annotation) is dict else args[0]
    return annotation
