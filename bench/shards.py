"""Shard sizes of `gen batch --shard K/N`, before 1.0.0 (a hash of each path) and now (bounded
loads by expected cost), on projects/ + workshops/ and on the synthetic 200 inputs of
tests/test_shards.py; and how many inputs move when one is added.

    .venv/bin/python bench/shards.py
"""

from __future__ import annotations

import hashlib
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import generator.batch as batch  # noqa: E402
from generator.pipeline import DOCUMENTS  # noqa: E402
from generator.shards import assign_shards, expected_cost  # noqa: E402
from tests.test_shards import synthetic  # noqa: E402


def by_path(costs: dict[Path, int], n: int) -> dict[Path, int]:
    """The assignment before 1.0.0."""
    return {
        p: int.from_bytes(hashlib.sha256(p.as_posix().encode()).digest()[:8], "big") % n + 1
        for p in costs
    }


def bundled_costs() -> dict[Path, int]:
    """The costs gen batch gives projects/ and workshops/ with the default formats."""
    seen: dict[Path, int] = {}

    def spy(costs: dict[Path, int], n: int) -> dict[Path, int]:
        seen.update(costs)
        return assign_shards(costs, n)

    formats = {name: list(kind.batch_defaults) for name, kind in DOCUMENTS.items()}
    inputs = batch.find_inputs([Path("projects"), Path("workshops")])
    batch.assign_shards = spy  # type: ignore[assignment]
    batch.plan(inputs, formats, ROOT / "output", batch.UserFiles(), (1, 1), False)
    return seen


def show(name: str, costs: dict[Path, int], n: int) -> None:
    for label, shards in (("before", by_path(costs, n)), ("after", assign_shards(costs, n))):
        count = [sum(s == k for s in shards.values()) for k in range(1, n + 1)]
        cost = [sum(c for p, c in costs.items() if shards[p] == k) for k in range(1, n + 1)]
        mean = sum(cost) / n
        print(
            f"{name:<20} N={n} {label:<6} inputs {'/'.join(map(str, count)):<24}"
            f" largest/mean cost {max(cost) / mean:.2f}  smallest/mean {min(cost) / mean:.2f}"
        )


def moves(costs: dict[Path, int], n: int) -> str:
    before, rng, moved = assign_shards(costs, n), random.Random(n), []
    for i in range(20):
        added = {
            **costs,
            Path(f"projects/new-{i}.yaml"): expected_cost(rng.randint(2000, 9000), 0, 7),
        }
        after = assign_shards(added, n)
        moved.append(sum(before[p] != after[p] for p in costs))
    return f"adding one input moves {statistics.mean(moved):.1f} others on average, {max(moved)} at most"


if __name__ == "__main__":
    import os

    os.chdir(ROOT)
    bundled = bundled_costs()
    for n in (2, 3, 4):
        show("projects+workshops", bundled, n)
    for n in (4, 8):
        show("synthetic 200", synthetic(), n)
        print(f"{'':20} N={n} {moves(synthetic(), n)}")
