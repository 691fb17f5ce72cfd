"""Work grows linearly with the input: a project with 4× the activities, goals, needs,
outcomes, partners and budget lines takes about 4× as long in each stage of `gen budget`,
`gen check`, `gen fields`, `gen application` and `gen handout` (well under the 16× of a
quadratic path), measured as a ratio of medians, never in absolute seconds.

`big_project` builds the inputs; at 10 000 activities (about what the 1 MiB input cap allows)
they are the figures of docs/security.md.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.checks import review
from generator.documents.application import render_application
from generator.documents.budget_text import budget_text
from generator.documents.fields import form_fields
from generator.documents.handout import project_markdown
from generator.inputs.load import MAX_BYTES, load_file
from generator.loaded import Loaded, load_draft, load_project
from generator.pipeline import field_files

PLACES = [("DE", "Bonn"), ("FI", "Oulu"), ("FR", "Lyon"), ("IT", "Roma"), ("ES", "Vigo")]


def _activity(i: int, goals: int, extra: str = "") -> str:
    country, city = PLACES[i % len(PLACES)]
    return (
        f"- {{id: a{i},type: course,destination: {{country: {country},city: {city}}},"
        f"participants: 1,days: 5,goals: [g{i % goals}]{extra}}}"
    )


def big_project(shape: str, n: int, folder: Path, k: int | None = None) -> Path:
    """A valid project of `shape` with n activities, k (n/4) needs, goals and outcomes, k/2
    named consortium members and dissemination lines, in flow style to fit the input cap:
    "mobility" (KA101, 2019), "request" (a KA121-SCH request with its KA120-SCH accreditation,
    every activity with inclusion support), "partnership" (KA220-SCH with n/4 partners)."""
    folder.mkdir(parents=True, exist_ok=True)
    k = max(1, n // 4 if k is None else k)
    needs = [f"- {{id: n{i}, text: Behov {i}}}" for i in range(k)]
    goals = [f"- {{id: g{i}, text: Mål {i}, needs: [n{i}]}}" for i in range(k)]
    outcomes = [f"- {{text: Deltakerne kan {i}, goals: [g{i}]}}" for i in range(k)]
    spread = [f"- {{audience: A{i}, channel: C{i}}}" for i in range(max(1, k // 2))]
    routines = [
        "selection: {criteria: [K1, K2], procedure: Rektor velger etter kriteriene.}",
        "preparation: [P1, P2]",
        "follow_up: [F1, F2]",
    ]
    head = ["format: 1", "language: nb", "title: Stor test"]
    if shape == "mobility":
        members = [f"- {{name: Skole {i}, type: school}}" for i in range(max(1, k // 2))]
        lines = [
            *head,
            "action: KA101",
            "call: 2019",
            "applicant: {name: Eksempel, type: school-owner, country: NO, city: Trondheim}",
            "consortium:",
            *members,
            "period: {start: 2019-09-01, months: 24}",
            "needs:",
            *needs,
            "goals:",
            *goals,
            "activities:",
            *(_activity(i, k) for i in range(n)),
            *routines,
            "learning_outcomes:",
            *outcomes,
            "dissemination:",
            *spread,
        ]
    elif shape == "request":
        plan = [
            *head,
            "action: KA120-SCH",
            "call: 2025",
            "applicant: {name: Eksempel, type: school-owner, country: NO, city: Trondheim, "
            "staff: 100000, pupils: 1000000}",
            "period: {start: 2026-02-01, months: 48}",
            "quality_standards: true",
            "management: [Rektor leder planen sammen med en koordinator.]",
            "needs:",
            *needs,
            "goals:",
            *goals,
            "activities:",
            *(
                f"- {{id: p{i}, type: course, participants: 1, days: 5, year: 2026, goals: [g{i}]}}"
                for i in range(k)
            ),
        ]
        (folder / "plan.yaml").write_text("\n".join(plan) + "\n", "utf-8")
        lines = [
            *head,
            "action: KA121-SCH",
            "call: 2026",
            "accreditation: plan.yaml",
            "applicant: {name: Eksempel, type: school-owner, country: NO, city: Trondheim}",
            "period: {start: 2026-06-01, months: 15}",
            "activities:",
            *(_activity(i, k, ",fewer_opportunities: 1") for i in range(n)),
            *routines,
            "dissemination:",
            *spread,
        ]
    else:
        partners = [
            f"- {{id: s{i}, name: Skole {i}, type: school, country: {PLACES[i % 5][0]}, "
            f"city: {PLACES[i % 5][1]}, established: 1990}}"
            for i in range(k)
        ]
        packages = [
            f"- {{id: wp{i + 1}, title: W{i}, lead: s{i}, share: 25000, objectives: [O], "
            f"activities: [A], results: [R]{', management: true' if i == 0 else ''}}}"
            for i in range(10)
        ]
        lines = [
            *head,
            "action: KA220-SCH",
            "call: 2026",
            "role: coordinator",
            "topics: [T]",
            "cooperation: Vi samarbeider.",
            "applicant: {name: Eksempel, type: school, country: NO, city: Tromsø, established: 1980}",
            "budget: {lump_sum: 250000}",
            "partners:",
            *partners,
            "period: {start: 2026-09-01, months: 24}",
            "needs:",
            *needs,
            "goals:",
            *goals,
            "work_packages:",
            *packages,
            "activities:",
            *(_activity(i, k, f",work_package: wp{i % 10 + 1}") for i in range(n)),
            *routines,
            "learning_outcomes:",
            *outcomes,
            "dissemination:",
            *spread,
        ]
    path = folder / f"{shape}.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def stages(path: Path) -> dict[str, Callable[[], Any]]:
    """Each command's work after the YAML is parsed (PyYAML's own pass is linear, and the same
    for every command)."""
    doc = load_file(path)
    loaded: Loaded = load_project(path, doc)

    def check() -> Any:
        draft = load_draft(path, doc)
        assert draft.rules is not None
        return review(draft, form_fields(draft.project, draft.facts, draft.rules, draft.budget))

    return {
        "load": lambda: load_project(path, doc),
        "budget": lambda: budget_text(loaded.budget, loaded.project),
        "check": check,
        "fields": lambda: field_files(loaded),
        "application": lambda: render_application(loaded),
        "handout": lambda: project_markdown(loaded),
    }


def medians(path: Path, runs: int = 3) -> dict[str, float]:
    """Median seconds of each stage, timed with the garbage collector paused: a collection's
    pause depends on the whole heap, not on the input, and on a stage of a few milliseconds
    one pause would read as quadratic growth."""
    times: dict[str, list[float]] = {}
    steps = stages(path)
    for _ in range(runs):
        for name, stage in steps.items():
            gc.collect()
            gc.disable()
            try:
                started = time.perf_counter()
                stage()
                times.setdefault(name, []).append(time.perf_counter() - started)
            finally:
                gc.enable()
    return {name: statistics.median(ts) for name, ts in times.items()}


@pytest.mark.parametrize("shape", ["mobility", "request", "partnership"])
def test_each_stage_grows_linearly_with_the_project(shape: str, tmp_path: Path) -> None:
    n = 400
    small = medians(big_project(shape, n, tmp_path / "small"))
    large = medians(big_project(shape, 4 * n, tmp_path / "large"))
    ratios = {name: large[name] / max(small[name], 1e-4) for name in small}
    assert all(r < 8 for r in ratios.values()), {k: round(v, 1) for k, v in ratios.items()}


def test_the_largest_projects_fit_under_the_input_cap(tmp_path: Path) -> None:
    """The 10 000-activity input of the figures in docs/security.md (and the largest request
    with inclusion support on every activity) are under MAX_BYTES."""
    for shape, n, k in (("mobility", 10_000, 100), ("request", 8_000, 2_000)):
        path = big_project(shape, n, tmp_path / shape, k)
        assert path.stat().st_size <= MAX_BYTES, (shape, path.stat().st_size)
