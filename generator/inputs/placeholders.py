"""Text a user has not written yet: TODO, lorem ipsum, "[sett inn …]" (the placeholders `gen new`
writes). `gen check` reports each as a leftover; a town that is still a placeholder is not looked
up (the budget waits for it instead of failing)."""

from __future__ import annotations

import re

LEFTOVER = re.compile(
    r"\b(TODO|TBD|FIXME|XXX+)\b|lorem ipsum|\?\?\?|\[(sett inn|set inn|insert|fyll inn)[^\]]*\]"
    r"|^\s*\.\.\.\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def leftover(text: str) -> str | None:
    """The first placeholder in `text`, or None."""
    found = LEFTOVER.search(text)
    return found.group().strip() if found else None
