"""Which text becomes a link: one rule for every format (pure).

A workshop file's addresses (the video, the poll) are shown as links where they are web or
e-mail addresses: `http://…`, `https://…` and `mailto:…` as written, a bare host name
(`www.example.org`, `menti.com/abc`) as https://…, an e-mail address as mailto:…. Anything else
(`javascript:…`, `file:…`, `data:…`, `\\\\server\\share`, a text with spaces) is shown as written,
as plain text, never as a link.
"""

from __future__ import annotations

import re

# Characters no address has: white space (any, also U+2028 and no-break spaces), controls, and the
# invisible and bidirectional format characters that make a shown address differ from its target.
_NOT_IN_ADDRESS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_WEB = re.compile(r"(?i:https?)://[^/?#@\\]*[^\W_][^/?#\\]*([/?#]\S*)?")
_MAILTO = re.compile(r"(?i:mailto):[^@/\\]+@[^@/\\]+\.[^@/\\]+")
_EMAIL = re.compile(r"[^@/\\:]+@[\w-]+(\.[\w-]+)+")
# A host name with a dot and a word after it (www.example.org, menti.com), an optional port and
# path: no scheme, so `javascript:x` or `file:x` never matches (a colon is followed by digits).
_HOST = re.compile(r"[\w-]+(\.[\w-]+)*\.[^\W\d_][\w-]*(:\d{1,5})?([/?#]\S*)?")


def link_target(text: str) -> str | None:
    """Where `text` links to (http, https or mailto), or None if it is not shown as a link."""
    text = text.strip()
    if not text or _NOT_IN_ADDRESS.search(text):
        return None
    if _WEB.fullmatch(text) or _MAILTO.fullmatch(text):
        return text
    if _EMAIL.fullmatch(text):
        return f"mailto:{text}"
    if _HOST.fullmatch(text):
        return f"https://{text}"
    return None
