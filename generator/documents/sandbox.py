"""The Jinja sandbox with limits: what a template (a user's, from `--templates DIR`) may cost.

Jinja's sandbox keeps a template away from Python's internals, not from exhausting the
machine. `LimitedEnvironment` measures what a template makes (documents.limits): `range()`,
the operators `+ * ** %` and `~`, the string methods and filters that pad, repeat, replace or
join, the printing of collections, and the nesting of macros, blocks and templates. `run`
renders in a thread and counts the output; at the deadline, or when the process has grown by
the memory limit, it raises an exception inside that thread, which stops even a tight loop
(`{% for a in x %}{% for b in x %}…`). Python calls in C that could run long are the ones the
size checks bound in advance.
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable
from string import Formatter
from typing import Any

from jinja2 import Environment, Template, pass_eval_context
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.filters import make_attrgetter, sync_do_join, sync_do_sum
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
)
from jinja2.utils import generate_lorem_ipsum
from markupsafe import Markup

from generator.documents import limits as L
from generator.documents.limits import Limits, TemplateLimit


class _CodeGenerator(CodeGenerator):
    """Compiles `a ~ b` to a measured join (Jinja compiles it to a join that no hook sees)."""

    @optimizeconst
    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.concat_checked({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _SpecCheck(Formatter):
    def format_field(self, value: Any, format_spec: str) -> Any:
        L.check_format_spec(value, format_spec, "str.format")
        return L.sized(super().format_field(value, format_spec), "str.format")


class _LimitedFormatter(_SpecCheck, SandboxedFormatter):
    pass


class _LimitedEscapeFormatter(_SpecCheck, SandboxedEscapeFormatter):
    pass


_TEXT_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "translate"}


def _checked_method(owner: Any, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    what = f"{type(owner).__name__}.{name}()"

    def checked(*args: Any, **kwargs: Any) -> Any:
        if name == "join" and args:
            args = (list(args[0]), *args[1:])
            L.check_join(owner, args[0], what)
        else:
            L.check_method(owner, name, args, kwargs)
        return L.sized(method(*args, **kwargs), what)

    return checked


def _checked_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter: its value checked as printable (unless it only passes items on), its
    padding or repeat checked in advance, and its result measured."""
    check = L.PRE_CHECKS.get(name)
    signature = inspect.signature(function)
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    prints = name not in L.PASS_THROUGH

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if prints and len(args) > skip:
            L.printable(args[skip], f"|{name}")
        if check is not None:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            check(bound.arguments)
        return L.sized(function(*args, **kwargs), f"|{name}")

    return checked


@pass_eval_context
def _join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    if attribute is not None:
        value = map(make_attrgetter(eval_ctx.environment, attribute), value)
    items = []
    for item in value:  # counted while it is read: a generator may make big items
        items.append(item)
        L.check_items(len(items), "|join")
    L.check_join(d, items, "|join")
    return str(sync_do_join(eval_ctx, items, d))


@pass_eval_context
def _sum(
    eval_ctx: EvalContext, iterable: Iterable[Any], attribute: Any = None, start: Any = 0
) -> Any:
    items = list(iterable)  # adding lists or strings repeats them: their sizes add up first
    L.check_items(len(items) + L.length(start) + sum(L.length(x) for x in items), "|sum")
    return L.sized(sync_do_sum(eval_ctx.environment, items, attribute, start), "|sum")


def _range(*args: int) -> range:
    try:
        numbers = range(*args)
        count = len(numbers)
    except OverflowError:
        count = sys.maxsize
    if count > L.current().range:
        raise L.over("range()", count, L.current().range, "items")
    return numbers


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    if n > 100 or max > 1000:
        raise TemplateLimit("lipsum(): at most 100 paragraphs of at most 1000 words")
    return str(generate_lorem_ipsum(n, html, min, max))


def template_depth() -> int:
    """How many macros, blocks and templates run inside each other on this thread now."""
    depth, frame, cap = 0, sys._getframe(1), L.current().depth + 1
    while frame is not None and depth <= cap:
        if "__jinja_template__" in frame.f_globals:
            depth += 1
        frame = frame.f_back  # type: ignore[assignment]
    return depth


def _check_depth() -> None:
    if getattr(L.state, "limits", None) is not None and template_depth() >= L.current().depth:
        raise TemplateLimit(
            f"macros, blocks and templates nest more than {L.current().depth} deep "
            "(one that calls, includes or extends itself?)"
        )


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment that measures what templates make (see the module doc)."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset({"+", "*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _checked_filter(name, f) for name, f in self.filters.items()}
        self.filters.update(join=_join, sum=_sum)
        self.globals.update(range=_range, lipsum=_lipsum)

    def concat_checked(self, join: Callable[[Any], str], items: tuple[Any, ...]) -> str:
        """`a ~ b`: measured before and after joining."""
        for item in items:
            L.printable(item, "the operator ~")
        L.check_text(sum(len(x) for x in items if isinstance(x, str)), "the operator ~")
        return str(L.sized(join(items), "the operator ~"))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        L.check_binop(operator, left, right)
        return L.sized(self.binop_table[operator](left, right), f"the operator {operator}")

    def wrap_str_format(self, value: Any) -> Callable[..., Any] | None:
        """Called for every attribute a template reads: the methods that can make big strings
        come back wrapped in their checks."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)):
            return None
        owner, name = getattr(value, "__self__", None), value.__name__
        if isinstance(owner, str) and name in ("format", "format_map"):
            return self._format(owner, name)
        if isinstance(owner, (str, bytes, bytearray)) and name in _TEXT_METHODS:
            return _checked_method(owner, name, value)
        if isinstance(owner, int) and name == "to_bytes":
            return _checked_method(owner, name, value)
        return None

    def _format(self, owner: str, name: str) -> Callable[..., str]:
        formatter: SandboxedFormatter = (
            _LimitedEscapeFormatter(self, escape=owner.escape)
            if isinstance(owner, Markup)
            else _LimitedFormatter(self)
        )

        def format(*args: Any, **kwargs: Any) -> str:  # noqa: A001
            if name == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return str(L.sized(type(owner)(formatter.vformat(owner, args, kwargs)), "str.format"))

        return format

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        if isinstance(__obj, (Macro, BlockReference, LoopContext)):
            _check_depth()
        what = getattr(__obj, "name", None) or getattr(__obj, "__name__", "a function")
        return L.sized(super().call(__context, __obj, *args, **kwargs), f"{what}()")

    def get_template(self, *args: Any, **kwargs: Any) -> Template:
        _check_depth()  # an include, import or extends (a call from a template) goes one deeper
        return super().get_template(*args, **kwargs)

    def select_template(self, *args: Any, **kwargs: Any) -> Template:
        _check_depth()
        return super().select_template(*args, **kwargs)


def run(env: Environment, name: str, context: dict[str, Any], within: Limits) -> str:
    """Render template `name` in a thread under `within`; raises what the render raised
    (Timeout or OutOfMemory from outside it, TemplateLimit from a check)."""
    box: dict[str, Any] = {}
    lock = threading.Lock()

    def work() -> None:
        try:
            L.state.limits = within
            try:
                box["text"] = _generate(env, name, context, within)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller with its traceback
                box["error"] = exc
            with lock:
                box["done"] = True
        except L.Interrupt as exc:  # arrived between the two: the render did not finish in time
            box.setdefault("error", exc)

    thread = threading.Thread(target=work, name="gen-render", daemon=True)
    start, deadline = _memory(), time.monotonic() + within.seconds
    thread.start()
    thread.join(min(0.05, within.seconds))
    while thread.is_alive():
        grown = _memory() - start if start else 0
        stop: type[L.Interrupt] | None = L.Timeout if time.monotonic() > deadline else None
        stop = L.OutOfMemory if grown > within.memory else stop
        if stop is not None:
            with lock:
                if not box.get("done"):
                    _interrupt(thread, stop)
            thread.join(0.5)  # a C call in progress ends first (the size checks keep it short)
        else:
            thread.join(0.05)
    if "error" in box or "text" not in box:
        raise box.get("error") or L.Timeout()
    return str(box["text"])


def _generate(env: Environment, name: str, context: dict[str, Any], within: Limits) -> str:
    template = env.get_template(name)
    parts, size = [], 0
    for part in template.root_render_func(template.new_context(context)):
        size += len(part)
        if size > within.output:
            error = L.over("the document", size, within.output, "characters")
            error.template_file = template.filename
            raise error
        parts.append(part)
    return "".join(parts)


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _memory() -> int:
    """The process's resident memory in bytes (0 where /proc is not there: no memory limit)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _interrupt(thread: threading.Thread, exc: type[L.Interrupt]) -> None:
    import ctypes

    if thread.ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread.ident), ctypes.py_object(exc)
        )
