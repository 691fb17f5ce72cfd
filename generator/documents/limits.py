"""What one render of a template may cost, and the checks that keep it there (documents.sandbox
applies them). A check runs before the thing is made where it can be sized in advance (a
repeat, a padding width, a join, the text of a nested list), and every result is measured after.
Going over a limit raises `TemplateLimit`, a template error that names the limit.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace


@dataclass(frozen=True)
class Limits:
    """What one render may use. The built-in templates stay far below each (tests)."""

    seconds: float = 20.0  # wall-clock time of one render
    memory: int = 1 << 30  # bytes the process may grow by while it renders
    output: int = 20_000_000  # characters of Markdown in all
    text: int = 4_000_000  # characters of one string an operator, a method or a filter makes
    items: int = 1_000_000  # items of one list, tuple or dict made the same way
    range: int = 100_000  # items of one range()
    depth: int = 100  # macros, blocks and templates (include, import, extends) inside each other
    int_bits: int = 10_000  # size of an integer (about 3 000 digits)

    def summary(self) -> str:
        return (
            f"a render may take {self.seconds:g} s and {self.memory >> 20:,} MiB, write "
            f"{self.output:,} characters and nest {self.depth} deep; one value may hold "
            f"{self.text:,} characters or {self.items:,} items, range() {self.range:,}"
        )


LIMITS = Limits()
state = threading.local()  # .limits: those of the render running in this thread


def current() -> Limits:
    return getattr(state, "limits", LIMITS)


class TemplateLimit(SecurityError):
    """A template went over one of the Limits."""

    template_file: str | None = None  # where no template line is to blame (the whole output)


class Interrupt(BaseException):
    """Raised inside a render's thread from outside it (a BaseException: nothing catches it)."""

    message = ""


class Timeout(Interrupt):
    message = "took longer than the time limit"


class OutOfMemory(Interrupt):
    message = "used more memory than the limit"


def over(what: str, amount: int, limit: int, unit: str) -> TemplateLimit:
    return TemplateLimit(f"{what} would make {amount:,} {unit}: over the limit of {limit:,} {unit}")


def check_text(size: int, what: str) -> None:
    if size > current().text:
        raise over(what, size, current().text, "characters")


def check_items(count: int, what: str) -> None:
    if count > current().items:
        raise over(what, count, current().items, "items")


def sized(value: Any, what: str) -> Any:
    """`value` if it is within the limits (strings, collections, integers), else TemplateLimit."""
    if isinstance(value, (str, bytes, bytearray)):
        check_text(len(value), what)
    elif isinstance(value, (list, tuple, dict, set, frozenset)):
        check_items(len(value), what)
    elif isinstance(value, int) and value.bit_length() > current().int_bits:
        raise over(what, value.bit_length(), current().int_bits, "bits")
    return value


def number(value: Any, what: str) -> None:
    """A width, count or length given to a method or filter: at most the text limit."""
    if isinstance(value, int) and value > current().text:
        raise over(what, value, current().text, "characters")


def length(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, bytearray, list, tuple)) else 0


_SCALAR = (int, float, bool, type(None))


def printable(value: Any, what: str) -> None:
    """Before `str(value)`: a list holding the same big list a million times is small to make
    and huge to print, so the text of a collection is estimated first (walking it, stopping
    at the limit)."""
    if isinstance(value, (str, bytes, bytearray, *_SCALAR)):
        return
    cap, size, todo = current().text, 0, [value]
    while todo:
        item = todo.pop()
        if isinstance(item, (str, bytes, bytearray)):
            size += len(item) + 2
        elif isinstance(item, dict):
            size += 2 + 2 * len(item)
            todo += item.keys()
            todo += item.values()
        elif isinstance(item, (list, tuple, set, frozenset)):
            size += 2 + 2 * len(item)
            todo += item
        elif isinstance(item, Namespace):
            todo.append(item._Namespace__attrs)
        else:
            size += 24
        if size > cap:
            raise over(f"{what}: the text of a {type(value).__name__}", size, cap, "characters")


# -- operators, format strings and string methods ------------------------------------------

_TEXT = (str, bytes, bytearray)
_SEQUENCES = (*_TEXT, list, tuple)


def check_binop(operator: str, left: Any, right: Any) -> None:
    what = f"the operator {operator}"
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, _SEQUENCES) and isinstance(n, int):
                size = len(seq) * max(0, n)
                (check_text if isinstance(seq, _TEXT) else check_items)(size, what)
        if ints and left.bit_length() + right.bit_length() > current().int_bits:
            raise over(what, left.bit_length() + right.bit_length(), current().int_bits, "bits")
    elif operator == "+" and isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        (check_text if isinstance(left, _TEXT) else check_items)(len(left) + len(right), what)
    elif operator == "**" and ints and right > 0 and abs(left) > 1:
        bits = right * left.bit_length() if right < 1 << 40 else 1 << 40
        if bits > current().int_bits:
            raise over(what, bits, current().int_bits, "bits")
    elif operator == "%" and isinstance(left, _TEXT):
        check_percent(left, right, what)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _digits(text: str) -> int:
    return int(text) if len(text) < 12 else 1 << 40


def check_percent(fmt: str | bytes | bytearray, args: Any, what: str) -> None:
    """`'%*s' % (10**9, '')`, `'%.999999999f' % x`: a width or precision over the text limit;
    and the text of what is formatted."""
    text = fmt if isinstance(fmt, str) else bytes(fmt).decode("latin-1")
    star = False
    for match in _PERCENT.finditer(text):
        for found in match.groups():
            star = star or found == "*"
            if found and found != "*":
                number(_digits(found), what)
    values = args if isinstance(args, tuple) else (args,)
    for value in values:
        if star:
            number(value, what)
        printable(value, what)


def check_format_spec(value: Any, spec: str, what: str) -> None:
    """`'{:>999999999}'.format('')`: a number in a format spec over the text limit."""
    for found in re.findall(r"\d+", spec):
        number(_digits(found), what)
    printable(value, what)


def check_join(separator: Any, items: list[Any], what: str) -> None:
    """The length of `separator.join(items)`, counted item by item (stopping over the limit)."""
    check_items(len(items), what)
    total = len(str(separator)) * max(0, len(items) - 1)
    for item in items:
        printable(item, what)
        total += len(item) if isinstance(item, _TEXT) else len(str(item))
        check_text(total, what)


def check_method(owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The string methods that pad, repeat or replace (and int.to_bytes), sized in advance."""
    what = f"{type(owner).__name__}.{name}()"
    if name in ("center", "ljust", "rjust", "zfill"):
        number(args[0] if args else kwargs.get("width", 0), what)
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        tabs = owner.count("\t" if isinstance(owner, str) else b"\t")
        check_text(len(owner) + tabs * max(0, size if isinstance(size, int) else 0), what)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        found = owner.count(old) if length(old) else len(owner) + 1
        found = min(found, count) if isinstance(count, int) and count >= 0 else found
        check_text(len(owner) + found * max(0, length(new) - length(old)), what)
    elif name == "translate" and args:
        table = args[0]
        values = table.values() if isinstance(table, dict) else ()
        longest = max((length(v) for v in values), default=1)
        check_text(len(owner) * max(1, longest), what)
    elif name == "to_bytes":
        number(args[0] if args else kwargs.get("length", 1), what)


# -- filters -------------------------------------------------------------------------------

# Filters that neither print their value nor pad or repeat it; every other filter's value is
# checked as `printable` first (`|string`, `|tojson`, `|pprint`, `|upper` … print it).
PASS_THROUGH = frozenset(
    {
        *("abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float"),
        *("groupby", "int", "items", "last", "length", "list", "map", "max", "min"),
        *("reject", "rejectattr", "reverse", "round", "select", "selectattr", "slice", "sort"),
        *("sum", "unique"),
    }
)


def _pre_center(a: dict[str, Any]) -> None:
    number(a["width"], "|center")


def _pre_indent(a: dict[str, Any]) -> None:
    width, text = a["width"], str(a["s"])
    each = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    check_text(len(text) + (text.count("\n") + 1) * max(0, each), "|indent")


def _pre_wordwrap(a: dict[str, Any]) -> None:
    wrap, text = a["wrapstring"] or "\n", str(a["s"])
    if len(wrap) > 1:
        check_text(len(text) + (len(text) + 1) * len(wrap), "|wordwrap")


def _pre_format(a: dict[str, Any]) -> None:
    check_percent(str(a["value"]), a["args"] or a["kwargs"], "|format")


def _pre_replace(a: dict[str, Any]) -> None:
    check_method(str(a["s"]), "replace", (str(a["old"]), str(a["new"]), a["count"] or -1), {})


def _pre_batch(a: dict[str, Any]) -> None:
    check_items(a["linecount"] if isinstance(a["linecount"], int) else 0, "|batch")


def _pre_slice(a: dict[str, Any]) -> None:
    check_items(a["slices"] if isinstance(a["slices"], int) else 0, "|slice")


def _pre_tojson(a: dict[str, Any]) -> None:
    indent = a["indent"]
    if length(indent) > 64 or (isinstance(indent, int) and indent > 64):
        raise TemplateLimit("|tojson: an indent over 64 is over the limit")


PRE_CHECKS = {
    "center": _pre_center,
    "indent": _pre_indent,
    "wordwrap": _pre_wordwrap,
    "format": _pre_format,
    "replace": _pre_replace,
    "batch": _pre_batch,
    "slice": _pre_slice,
    "tojson": _pre_tojson,
}
