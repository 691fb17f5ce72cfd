"""Write N valid synthetic project files of realistic, varied size, and a workshop over some.

    .venv/bin/python bench/corpus.py N DIR      → DIR/projects/p00000.yaml …, DIR/workshops/ws.yaml

Each project starts from one of the examples in projects/ (every action of 2019 and of
2021–27, except a KA121 request, which needs its accreditation's file beside it) and varies,
by a seeded random generator (same N, same files): the title, the number of preparation items,
the length of needs, goals and follow-up texts (1–4× the example's sentences), and each
activity's participants and days within the call's limits.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.inputs.load import load_file  # noqa: E402


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True


def _longer(text: str, rng: random.Random) -> str:
    return " ".join([text] * rng.randint(1, 4))


def project(base: dict, i: int, rng: random.Random) -> dict:
    data = yaml.safe_load(yaml.dump(base, Dumper=_Dumper))  # a deep copy
    data["id"] = f"p{i:05d}"
    data["title"] = f"{data['title']} ({i})"
    for need in data.get("needs", []):
        need["text"] = _longer(need["text"], rng)
    for goal in data.get("goals", []):
        goal["text"] = _longer(goal["text"], rng)
    for activity in data.get("activities", []):
        if isinstance(activity.get("participants"), int) and "year" not in activity:
            activity["participants"] = max(1, activity["participants"] + rng.randint(-2, 3))
        if activity.get("type") in ("job-shadowing", "course") and "days" in activity:
            activity["days"] = rng.randint(3, 10)
    if isinstance(data.get("preparation"), list) and len(data["preparation"]) > 2:
        data["preparation"] = data["preparation"][: rng.randint(2, len(data["preparation"]))]
    if isinstance(data.get("follow_up"), list):
        data["follow_up"] = [
            _longer(x, rng) if isinstance(x, str) else x for x in data["follow_up"]
        ]
    if data.get("budget", {}).get("requested"):
        del data["budget"]["requested"]  # the estimate changes with the participants
    return data


def main() -> None:
    n, folder = int(sys.argv[1]), Path(sys.argv[2])
    rng = random.Random(n)
    files = [load_file(p).data for p in sorted((ROOT / "projects").glob("*.yaml"))]
    bases = [data for data in files if "accreditation" not in data]
    (folder / "projects").mkdir(parents=True, exist_ok=True)
    (folder / "workshops").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        data = project(bases[i % len(bases)], i, rng)
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
        (folder / "projects" / f"p{i:05d}.yaml").write_text(text, "utf-8")
    workshop = load_file(ROOT / "workshops" / "kom-i-gang.yaml").data
    workshop["id"] = "ws"
    workshop["examples"] = [f"../projects/p{i:05d}.yaml" for i in range(min(n, 4))]
    text = yaml.dump(workshop, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    (folder / "workshops" / "ws.yaml").write_text(text, "utf-8")
    print(f"wrote {n} projects and a workshop to {folder}")


if __name__ == "__main__":
    main()
