"""Jinja templates → Markdown source for pandoc, with user text carried as data.

Every `{{ … }}` output goes through `finalize`, which escapes every ASCII punctuation character
(pandoc Markdown reads any backslash-escaped punctuation literally) and folds line breaks: an
autoescape for Markdown. Filters that build Markdown structure on purpose (`paragraphs`, `item`)
return `Md`, which `finalize` leaves alone. So a template cannot forget to escape, and `{{ 7*7 }}`,
`![x](/etc/passwd)`, `#read("x")`, `---` or `<script>` in a project file print as written.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.documents.language import numbered
from generator.errors import InputError
from generator.resources import template_dir

if TYPE_CHECKING:
    from generator.documents.limits import Limits

_PUNCT = re.compile("([" + re.escape(string.punctuation) + "])")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n[ \t\n\f\v]*")
# Only ASCII white space is folded: a no-break space or any other character a user typed stays.
_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


class Md(str):
    """Markdown that a filter built on purpose; `finalize` does not escape it again."""


def escape_inline(text: Any) -> Md:
    """Escape text for one line of Markdown (heading, table cell): whitespace runs become a space."""
    return Md(_PUNCT.sub(r"\\\1", _ASCII_SPACE.sub(" ", str(text)).strip(" ")))


def prose(text: Any) -> list[str]:
    """Plain text as its paragraphs: a blank line starts a new paragraph, and a single line break
    inside one (a YAML `|` block wrapped in an editor) is a space, like any run of ASCII white
    space. Every other character stays as written."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    folded = (_ASCII_SPACE.sub(" ", p).strip(" ") for p in _BLANK_LINE.split(text))
    return [p for p in folded if p]


def paragraphs(text: Any, indent: str = "") -> Md:
    """Escape plain text as Markdown paragraphs (`prose`: a blank line separates them, a single
    line break is a space). `indent` continues a list item."""
    return Md(("\n\n" + indent).join(escape_inline(p) for p in prose(text)))


def item(text: Any) -> Md:
    """Escape plain text as the body of a `- ` list item (continuation lines indented)."""
    return paragraphs(text, indent="  ")


def heading(level: int) -> Md:
    """The Markdown mark of a heading level: 2 → "##" (for sections whose depth varies by form)."""
    return Md("#" * int(level))


def finalize(value: Any) -> Any:
    """Escape whatever a template prints unless a filter marked it as Markdown already (a
    collection only if its text is within the limits: documents.limits.printable)."""
    if isinstance(value, Md):
        return value
    if not isinstance(value, str):
        from generator.documents.limits import printable  # jinja2 loads only when rendering

        printable(value, "{{ … }}")
    return escape_inline("" if value is None else value)


def _formatting_filters() -> dict[str, Any]:
    """Filters that format by the document's language (the `fmt` Formatter in the context)."""
    from jinja2 import pass_context

    def make(method: str) -> Any:
        return pass_context(lambda ctx, value, *args: getattr(ctx["fmt"], method)(value, *args))

    return {
        name: make(name)
        for name in (
            "date",
            "month",
            "number",
            "money",
            "country",
            "countries",
            "place",
            "listing",
            "plural",
            "counts",
        )
    }


@cache
def environment(user_dir: Path | None = None) -> Any:
    """A sandboxed Jinja environment with limits (documents.sandbox): the user's template folder
    first (confined to it), then the built-ins, which are also reachable as `builtin/<name>` so a
    user template can extend one."""
    from jinja2 import ChoiceLoader, PrefixLoader, StrictUndefined

    from generator.documents.compiled import BuiltinLoader
    from generator.documents.sandbox import LimitedEnvironment
    from generator.documents.templates import ConfinedLoader

    builtin = BuiltinLoader(str(template_dir()), followlinks=False)
    loaders: list[Any] = [ConfinedLoader(user_dir)] if user_dir else []
    loaders += [PrefixLoader({"builtin": builtin}), builtin]
    env = LimitedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        paragraphs=paragraphs,
        item=item,
        inline=escape_inline,
        heading=heading,
        numbered=numbered,
        **_formatting_filters(),
    )
    return env


def load_builtin_templates() -> None:
    """Load every built-in template into the rendering environment now (a `gen batch` does this
    before its workers fork, so that they share them)."""
    from generator.documents.compiled import builtin_names

    env = environment()
    for name in builtin_names():
        env.get_template(name)


def render(
    template_name: str,
    context: dict[str, Any],
    user_dir: Path | None = None,
    limits: Limits | None = None,
) -> str:
    """Render one template to Markdown within `limits` (sandbox.LIMITS by default); a template
    error or a limit exceeded becomes an InputError naming the template file and line."""
    from generator.documents.limits import LIMITS
    from generator.documents.sandbox import run
    from generator.documents.templates import template_problem

    try:
        return run(environment(user_dir), template_name, context, limits or LIMITS)
    except BaseException as exc:  # noqa: BLE001 - a bug in our code is raised again below
        problem = template_problem(exc, template_name, limits or LIMITS)
        if problem is None:
            raise
        raise InputError(problem) from None
