"""Ids: what names an output folder and what a file's entries are referred to by (security.md:
output names come from an allow-list). Kept free of the models so the batch planner can use it."""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


# Names Windows reserves for devices: a folder called "con" or "aux" cannot be made or opened
# there, and an id names an output folder that may be copied to Windows.
RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)]
)


def is_reserved(text: str) -> bool:
    """Whether `text` is a Windows device name (con, aux, nul, com1 …), which no id may be."""
    return text.lower() in RESERVED


def is_valid_id(text: str) -> bool:
    """Whether `text` may be an id: a-z, 0-9 and '-', not starting with '-', at most 63 long,
    and not a Windows device name."""
    return re.fullmatch(ID_PATTERN, text) is not None and not is_reserved(text)
