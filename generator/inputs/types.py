"""The field types and the frozen base model that project and workshop files share.

Plain scalars arrive as text from the loader (generator.inputs.load); these types say what each
must be (an id, a country code, a date …), with messages a user can act on.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from importlib import resources
from typing import Annotated, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from generator.inputs.ids import ID_PATTERN, is_reserved

Language = Literal["nb", "nn", "en"]
Action = Literal["KA101", "KA229", "KA120-SCH", "KA121-SCH", "KA122-SCH", "KA210-SCH", "KA220-SCH"]
# Staff activities first, then pupils', then the rest. One Literal,
# not a union of two: pydantic would name the union branch in every error's key path.
ActivityType = Literal[
    "job-shadowing",
    "course",
    "teaching-assignment",
    "invited-expert",
    "hosting-teachers",
    "joint-staff-training",
    "pupil-group-exchange",
    "short-term-pupil-mobility",
    "long-term-pupil-mobility",
    "preparatory-visit",
    "virtual",
    "local",
]


@cache
def countries() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 code → {"nb", "nn", "en"} names (data/countries.json, from CLDR)."""
    text = resources.files("generator").joinpath("data/countries.json").read_text("utf-8")
    names: dict[str, dict[str, str]] = json.loads(text)["countries"]
    return names


def _country(code: str) -> str:
    if code not in countries():
        hint = {"EL": "GR", "UK": "GB"}.get(code.upper()) or (
            code.upper() if code.upper() in countries() else None
        )
        close = f" — did you mean '{hint}'?" if hint else ""
        raise PydanticCustomError(
            "country",
            "'{code}' is not an ISO 3166-1 alpha-2 country code{close}",
            {"code": code, "close": close, "suggestion": hint or ""},
        )
    return code


def format_1(version: int) -> int:
    if version != 1:
        raise PydanticCustomError(
            "format",
            "format {v} is not supported; this version of gen reads format 1",
            {"v": version},
        )
    return version


def _iso_date(value: object) -> object:
    # pydantic would also take a number as a Unix timestamp (start: 0 → 1 January 1970).
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        raise PydanticCustomError("date_parsing", "not a date")
    return value


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return text


def _not_reserved(text: str) -> str:
    if is_reserved(text):
        raise PydanticCustomError(
            "reserved_id",
            "'{id}' is a name Windows reserves for a device (con, prn, aux, nul, com1–9, lpt1–9)",
            {"id": text},
        )
    return text


Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    AfterValidator(_not_reserved),
    Field(description="An id: a-z, 0-9 and '-' (not con, prn, aux, nul, com1–9, lpt1–9)."),
]
Text = Annotated[str, AfterValidator(_not_blank)]
country_code = _country  # the validator that marks a country code (the editor offers a list)
Country = Annotated[
    str,
    AfterValidator(country_code),
    Field(
        description="ISO 3166-1 alpha-2 country code, e.g. NO, DE, GB. Quote nothing: NO is Norway."
    ),
]
# Dates a project can have: the programmes run 2014–2027 and their projects end by 2030; the
# bounds leave room for later programmes and keep every derived date (an end after 36 months, a
# timeline) inside what dates can hold.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _in_years(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "year_range",
            "must be between {first}-01-01 and {last}-12-31, got {value}",
            {"first": FIRST_YEAR, "last": LAST_YEAR, "value": value.isoformat()},
        )
    return value


def _month_in_years(value: str) -> str:
    if not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        raise PydanticCustomError(
            "year_range",
            "must be a month between {first}-01 and {last}-12, got {value}",
            {"first": FIRST_YEAR, "last": LAST_YEAR, "value": value},
        )
    return value


Month = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$"),
    AfterValidator(_month_in_years),
    Field(description="YYYY-MM"),
]
Count = Annotated[int, Field(ge=0)]
IsoDate = Annotated[
    dt.date, BeforeValidator(_iso_date), AfterValidator(_in_years), Field(description="YYYY-MM-DD")
]


class FrozenModel(BaseModel):
    """A model that refuses unknown keys and cannot be changed once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


M = TypeVar("M", bound=BaseModel)
