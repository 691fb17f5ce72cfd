"""Ids: what names an output folder and what a file's entries are referred to by (security.md:
output names come from an allow-list). Kept free of the models so the batch planner can use it."""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


def is_valid_id(text: str) -> bool:
    """Whether `text` may be an id: a-z, 0-9 and '-', not starting with '-', at most 63 long."""
    return re.fullmatch(ID_PATTERN, text) is not None
