"""Golden Markdown of the four seed examples.

The files in tests/golden/ were read and checked by a person against the project files and the
seed. After an intended change, regenerate them with `make golden` and review `git diff` before
committing: the diff is the review of what every applicant's text now says.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.loaded import load_project
from generator.pipeline import build_application
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_application_markdown_matches_golden(path: Path) -> None:
    loaded = load_project(path)
    markdown = build_application(loaded, ["md"])[Path(loaded.id) / "application.md"].decode("utf-8")
    golden = GOLDEN / f"{loaded.id}.md"
    if os.environ.get("GEN_UPDATE_GOLDEN"):
        golden.write_text(markdown, "utf-8")
    assert golden.exists(), f"no golden file for {path.name}: run `make golden` and review it"
    assert markdown == golden.read_text("utf-8")


def test_the_examples_are_the_seed_four_and_five_of_today() -> None:
    assert [p.stem for p in EXAMPLES] == [
        "arctic-ka220",
        "fjellvik-ka122",
        "frosta",
        "hypatia-asen",
        "melhus-ka120",
        "melhus-ka121-2026",
        "melhus",
        "tydal",
        "voss-ka210",
    ]
