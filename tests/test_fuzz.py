"""Fuzzing: no input, however odd, reaches an internal error.

Three sources of input, each run through the commands a user runs on a project file:
random bytes; the bundled examples' YAML text mutated line by line (lines dropped, doubled,
indented, hostile scalars put in); and the examples' data with hostile values at random key
paths (deeper: the model, the rules, the budget and the documents see values near valid ones).

Every run must end in exit 0, 1 or 5 (success, invalid input, `gen check` findings), print no
traceback and no "internal error", and write nothing outside its output folder.

`make test` tries 15 inputs per source and command (about half a minute); `make fuzz` keeps drawing
for GEN_FUZZ_SECONDS in all (default an hour, shared by the sources and commands) and stops at
the first failure, which Hypothesis then
shrinks and prints.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from generator.inputs.load import load_bytes
from tests.conftest import EXAMPLES, _NoAliases

FUZZ_SECONDS = float(os.environ.get("GEN_FUZZ_SECONDS", "0"))  # 0: the quick run of make test
EXAMPLES_PER_RUN = 15 if not FUZZ_SECONDS else 200  # per source and command
PER_RUN_SECONDS = 120  # a hang is a failure too

# Values that have broken parsers and renderers elsewhere: sizes, signs, special floats, dates
# at their edges, YAML's implicit types, markup of every output format, control characters.
HOSTILE_TEXT = [
    "",
    " ",
    "~",
    "null",
    "NO",
    "yes",
    "0x10",
    "1e309",
    "-.inf",
    ".nan",
    "0000-01",
    "9999-12-31",
    "2026-02-30",
    "{{ 7*7 }}",
    "{% for x in range(10**9) %}",
    "![x](/etc/passwd)",
    '#read("/etc/passwd")',
    "]]>",
    "<w:p/>",
    "$x$",
    "\\",
    "\u2028\u2029\u0085",
    "\u202e\u2066",
    "\x1b[31m",
    "a\nfile.yaml:1:1: forged",
    "con",
    "../../etc/passwd",
    "/dev/zero",
    "x" * 5000,
    "😀" * 50,
    "ﬁ",
    "\u0301",
]
PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"))
TEXT = (
    st.sampled_from(HOSTILE_TEXT)
    | st.text(PRINTABLE, min_size=1, max_size=80)
    | st.text(max_size=9)
).filter(str.strip)
SCALARS = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=80),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
ACCREDITATION = next(path for path in EXAMPLES if path.name == "melhus-ka120.yaml")
TEXTS = {path.name: path.read_text("utf-8") for path in EXAMPLES}
DATA = {name: load_bytes(text.encode("utf-8"), name).data for name, text in TEXTS.items()}
# The commands of a project file, with the fewest formats that reach their code: md renders the
# templates without converting; pptx builds the deck without Typst.
COMMANDS = [
    ["check"],
    ["budget", "--format", "json"],
    ["application", "-f", "md"],
    ["fields"],
    ["handout", "-f", "md"],
    ["slides", "-f", "pptx"],
]


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"a gen run took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _listing(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


def _run(folder: Path, raw: bytes, command: list[str]) -> None:
    """Run `gen COMMAND input.yaml` in a fresh folder; assert the exit code, the output and
    that nothing was written outside out/."""
    folder.mkdir()
    source = folder / "input.yaml"
    source.write_bytes(raw)
    # A KA121-SCH request names its accreditation's file, beside it.
    (folder / ACCREDITATION.name).write_bytes(ACCREDITATION.read_bytes())
    before = _listing(folder.parent)
    args = [command[0], str(source), *command[1:]]
    if command[0] not in ("check", "budget"):
        args += ["-o", str(folder / "out")]
    with _deadline(PER_RUN_SECONDS):
        result = CliRunner().invoke(cli, args, catch_exceptions=True)
    shown = f"gen {' '.join(args)}\n{result.output}\n{result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert result.exit_code in (0, 1, 5), shown
    assert "Traceback" not in shown and "internal error" not in shown, shown
    new = {p for p in _listing(folder.parent) - before if p.parts[:2] != (folder.name, "out")}
    assert new == set(), f"written outside the output folder: {sorted(new)}\n{shown}"


def _dump(data: Any) -> bytes:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False).encode()


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in a YAML tree, the root's children first."""
    found: list[tuple[Any, ...]] = []
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in items:
        found.append((*prefix, key))
        found += _paths(value, (*prefix, key))
    return found


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    copy = list(node)
    copy[head] = _replace(copy[head], rest, value)
    return copy


@st.composite
def mutated_data(draw: st.DrawFn) -> bytes:
    """An example's data with a few changes at random key paths: mostly a text replaced by a
    hostile text (so the input stays valid and its text reaches every document), else any value
    anywhere, or a key dropped."""
    data = DATA[draw(st.sampled_from(sorted(DATA)))]
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        texts = [p for p in paths if isinstance(_at(data, p), str) and _free(p)]
        op = draw(st.sampled_from(["text"] * 6 + ["value"] * 3 + ["drop"]))
        if op == "text" and texts:
            data = _replace(data, draw(st.sampled_from(texts)), draw(TEXT))
        elif op == "drop" and isinstance((path := draw(st.sampled_from(paths)))[-1], str):
            parent = _at(data, path[:-1])
            data = _replace(data, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
        else:
            data = _replace(data, draw(st.sampled_from(paths)), draw(VALUES))
    return _dump(data)


# Keys whose value is free text (and lists of free texts): any non-blank text is valid there.
FREE = {"title", "text", "description", "name", "procedure", "measure", "summary", "focus",
        "audience", "channel", "host", "cooperation", "prompt", "criteria", "preparation",
        "follow_up", "topics", "objectives", "results", "questions", "management"}  # fmt: skip


def _free(path: tuple[Any, ...]) -> bool:
    keys = [k for k in path if isinstance(k, str)]
    return bool(keys) and keys[-1] in FREE


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


@st.composite
def mutated_text(draw: st.DrawFn) -> bytes:
    """An example's YAML text with lines dropped, doubled, re-indented or given a hostile
    value, and the odd byte."""
    lines = TEXTS[draw(st.sampled_from(sorted(TEXTS)))].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "double", "indent", "value", "byte"]))
        if op == "drop":
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 6)) + lines[i]
        elif op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(HOSTILE_TEXT) | st.text(max_size=30))}"
        elif op == "byte":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.characters(codec="utf-8")) + lines[i][at:]
    return "\n".join(lines).encode("utf-8")


SOURCES = {
    "random-bytes": st.binary(max_size=3000),
    "mutated-text": mutated_text(),
    "mutated-data": mutated_data(),
}


def _fuzz(source: str, command: list[str], tmp: Path) -> None:
    counter = iter(range(10**9))

    @settings(
        max_examples=EXAMPLES_PER_RUN,
        deadline=None,
        database=settings.default.database if FUZZ_SECONDS else None,
        suppress_health_check=list(HealthCheck),
        derandomize=not FUZZ_SECONDS,  # make test: the same inputs every run
    )
    @given(raw=SOURCES[source])
    def attempt(raw: bytes) -> None:
        _run(tmp / f"run-{next(counter)}", raw, command)

    stop = time.monotonic() + FUZZ_SECONDS / (len(SOURCES) * len(COMMANDS))  # a share each
    attempt()
    while time.monotonic() < stop:  # make fuzz: fresh random inputs until the time is up
        attempt()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_no_input_reaches_an_internal_error(
    source: str, command: list[str], tmp_path: Path
) -> None:
    _fuzz(source, command, tmp_path)
