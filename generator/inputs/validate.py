"""Pydantic validation errors → located Problems, in words a user acts on, with "did you mean".

`validate` runs a root model over a loaded Document and returns the model or every problem;
`finish` gives the model its id (the file name by default) or raises one InputError.
"""

from __future__ import annotations

import difflib
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from generator.errors import InputError, KeyPath, Problem
from generator.inputs.ids import ID_PATTERN, is_valid_id
from generator.inputs.load import Document
from generator.inputs.types import M


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
            doc.problem(
                (),
                f"the file name gives the id '{default_id}', which is not a valid id",
                f"add a line 'id: {example}' (a-z, 0-9 and '-'), or rename the file",
            )
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
        return doc.problem(path, f"required key '{path[-1]}' is missing", f"add '{path[-1]}:' here")
    if kind == "extra_forbidden":
        guess = _suggest(path, root)
        return doc.problem(
            path,
            f"unknown key '{path[-1]}'" + (f" — did you mean '{guess}'?" if guess else ""),
            "allowed here: " + ", ".join(_fields_at(path[:-1], root)),
            key=True,
        )
    message, hint = _message(kind, value, ctx, err["msg"], path)
    return doc.problem(path, message, hint)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping (key: value)"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _message(
    kind: str, value: Any, ctx: dict[str, Any], msg: str, path: KeyPath
) -> tuple[str, str]:
    got = _describe(value)
    if kind in ("string_type", "blank", "string_too_short"):
        if isinstance(value, (dict, list)):
            return f"must be text, got {got}", 'quote it: key: "{text with [brackets] or {braces}}"'
        return "must not be empty", "write the text after the colon"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {got}", "write digits only, e.g. 5"
    if kind in ("float_parsing", "float_type"):
        return f"must be a number, got {got}", "write digits, e.g. 63.4"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {got}", "write true or false"
    if kind == "reserved_id":
        return msg, "add a word, e.g. con-school"
    if kind == "year_range":
        return msg, "check the year"
    if kind.startswith("date_"):
        return f"must be a date YYYY-MM-DD, got {got}", "e.g. 2019-09-01"
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}, got {got}", "use a larger number"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}, got {got}", "use a smaller number"
    if kind == "literal_error":
        choices = [
            c.strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
        ]
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        guess = f" — did you mean '{close[0]}'?" if close and isinstance(value, str) else ""
        return f"{got} is not allowed{guess}", "one of: " + ", ".join(choices)
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return (
            f"needs at least {n} entr{'y' if n == 1 else 'ies'}",
            "add an entry: a line starting with '- '",
        )
    if kind == "list_type":
        return (
            f"must be a list, got {got}",
            "write each entry on a line starting with '- ', or [a, b]",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a mapping of keys, got {got}", "write 'key: value' lines indented under it"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), got, path)
    if kind == "format":
        return msg, "write 'format: 1' and check the file against docs/project-format.md"
    if kind == "country":
        return (
            msg,
            "write the two-letter ISO 3166-1 code: Norway is NO, Germany DE, Greece GR, "
            "United Kingdom GB",
        )
    return msg.removeprefix("Value error, "), "see docs/project-format.md"


def _pattern_message(pattern: str, got: str, path: KeyPath) -> tuple[str, str]:
    if pattern == ID_PATTERN:
        return (
            f"{got} is not a valid id",
            "use lowercase a-z, digits and '-', starting with a letter or digit, at most 63 characters",
        )
    if "E\\d{8}" in pattern:
        return f"{got} is not an OID", "an OID is 'E' followed by 8 digits, e.g. E10012345"
    if "\\d{9}" in pattern:
        return f"{got} is not a PIC", 'a PIC is 9 digits; quote it: pic: "949999999"'
    if "\\d{4}-" in pattern:
        return f"{got} is not a month", "write YYYY-MM, e.g. 2020-03"
    return f"{got} does not match {pattern}", "see docs/project-format.md"


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
