"""Which of N shards (`gen batch --shard K/N`) builds each input: balanced by expected cost, and
stable when inputs come and go.

Every shard sees all inputs and computes the same assignment, so the N jobs together build each
input exactly once. The scheme is rendezvous hashing with bounded loads: each input ranks the
shards by a hash of (shard, path) and takes the first whose load stays within `SLACK` over the
mean; the inputs are placed most expensive first (ties by the hash of their path). The trade-off:

- a pure hash of the path (what gen did before 1.0.0) never moves an input when another is added,
  but balances only the number of inputs, and that only on average (4 shards of the bundled 11
  inputs got 4/2/2/3; a workshop's document costs more than a project's);
- sorting by cost and dealing to the least loaded shard balances best, but one new input
  reshuffles much of what comes after it (of 200 over 4 shards: 67 moved on average), and each
  moved input is rebuilt outside its shard's cache;
- bounded loads sit between: the largest shard, the one a CI run waits for, stays within
  `SLACK` (5 %) of the mean cost once there are a few inputs per shard (the smallest may fall
  short by what the others took up to their bound), and adding or removing an input moves only a
  few others (of 200: 0–3 with 4 shards, up to 10 with 8); only those lose their cached documents.
  A larger SLACK moves fewer and balances less. Costs count whole KiB, so most edits change
  no cost and move nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

SLACK = 0.05  # a shard may take this much over the mean cost before inputs go elsewhere


def expected_cost(size: int, examples: int, outputs: int) -> int:
    """An input's expected build time, in units of about an eighth of one small document file:
    for each file it writes, a fixed part, one more per KiB of input text, and two per example
    project a workshop shows (each is loaded, costed and described). Measured on the bundled
    inputs: a workshop's handout or deck takes about 1.7 times a project's."""
    return max(1, outputs * (8 + round(size / 1024) + 2 * examples))


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def assign_shards(costs: Mapping[Path, int], n: int) -> dict[Path, int]:
    """The shard (1..n) of each input, given its expected cost; the same for any order of
    `costs`."""
    if n < 1:
        raise ValueError(f"need at least one shard, got {n}")
    total = sum(costs.values())
    capacity = (1 + SLACK) * total / n
    load = [0] * (n + 1)  # load[k] of shard k; load[0] unused
    shards: dict[Path, int] = {}
    for path in sorted(costs, key=lambda p: (-costs[p], _hash(p.as_posix()), p.as_posix())):
        name = path.as_posix()
        ranked = sorted(range(1, n + 1), key=lambda k: (_hash(f"{k}\0{name}"), k), reverse=True)
        fits = [k for k in ranked if load[k] + costs[path] <= capacity]
        shard = fits[0] if fits else min(ranked, key=lambda k: load[k])
        load[shard] += costs[path]
        shards[path] = shard
    return shards
