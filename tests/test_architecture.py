"""The package's shape, read from its source: the folder tree is the pipeline, no import cycle,
and no import that runs back up it (imports inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"

# Which parts each part may import (besides itself). A module belongs to the first part whose
# name is a prefix of its dotted name, after "generator.".
ALLOWED: dict[str, set[str]] = {
    "errors": {"messages"},
    "messages": {"resources"},
    "resources": set(),
    "__init__": set(),
    "output": {"errors", "messages", "resources", "__init__"},
    "inputs": {"errors", "messages", "resources"},
    "rules": {"errors", "messages", "resources", "inputs"},
    "facts": {"errors", "messages", "resources", "inputs", "rules"},
    "loaded": {"errors", "messages", "resources", "inputs", "rules", "facts"},
    "checks": {"errors", "messages", "resources", "inputs", "rules", "facts", "loaded"},
    "documents": {
        "errors",
        "messages",
        "resources",
        "inputs",
        "rules",
        "facts",
        "loaded",
        "output",
    },
    "pipeline": {
        "errors",
        "messages",
        "resources",
        "inputs",
        "rules",
        "facts",
        "loaded",
        "checks",
        "documents",
        "output",
    },
    "shards": set(),
    "batch": {
        "errors",
        "messages",
        "resources",
        "inputs",
        "rules",
        "loaded",
        "output",
        "pipeline",
        "shards",
        "__init__",
    },
    "edit": {  # gen edit: the editor over one project file, a front end like cli
        "errors",
        "messages",
        "resources",
        "inputs",
        "rules",
        "facts",
        "loaded",
        "checks",
        "documents",
        "output",
        "pipeline",
    },
    "cli": {
        "errors",
        "messages",
        "__init__",
        "edit",
        "pipeline",
        "batch",
        "checks",
        "documents",
        "inputs",
        "rules",
        "output",
    },
    "__main__": {"cli"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The generator modules a file imports anywhere in it (lazy imports included)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
        elif (
            isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator")
        ):
            for alias in node.names:  # "from generator import batch" imports a module
                sub = f"{node.module}.{alias.name}"
                found.add(
                    sub if (ROOT / (sub.replace(".", "/") + ".py")).is_file() else node.module
                )
    return found


# Our source: not the templates compiled into generator/_compiled (documents/precompile.py).
SOURCE = sorted(p for p in PACKAGE.rglob("*.py") if "_compiled" not in p.relative_to(PACKAGE).parts)
GRAPH = {module_name(p): imports(p) for p in SOURCE}


def part(module: str) -> str:
    rest = module.removeprefix("generator").lstrip(".") or "__init__"
    return rest.split(".")[0]


def test_every_module_belongs_to_a_part() -> None:
    assert {part(m) for m in GRAPH} <= set(ALLOWED), {part(m) for m in GRAPH} - set(ALLOWED)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_import_runs_up_the_pipeline(module: str) -> None:
    allowed = ALLOWED[part(module)] | {part(module)}
    wrong = sorted(m for m in GRAPH[module] if part(m) not in allowed)
    assert not wrong, f"{module} imports {wrong}"


def test_the_import_graph_has_no_cycle() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(GRAPH.get(module, ())):
            if target not in GRAPH:
                continue
            if state.get(target) == 1:
                cycle = stack[stack.index(target) :] + [target]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_the_top_level_reads_as_the_pipeline() -> None:
    """`ls generator/` shows the stages: a folder per stage and a few modules that join them."""
    generated = {"__pycache__", "_compiled"}  # byte code; templates compiled by `make`
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name not in generated}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert folders == {"inputs", "rules", "facts", "documents", "output", "cli", "edit", "data"}
    assert modules == {
        "__init__",
        "__main__",
        "errors",
        "messages",
        "resources",
        "loaded",
        "checks",
        "pipeline",
        "batch",
        "shards",
    }


def test_a_module_has_one_job_so_stays_short() -> None:
    """style.md: split near 500 lines; the goal here is about 400."""
    long = {
        str(p.relative_to(ROOT)): n
        for p in SOURCE
        if (n := len(p.read_text("utf-8").splitlines())) > 450
    }
    assert not long, long
