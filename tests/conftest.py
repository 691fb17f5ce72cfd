"""Shared fixtures: a small valid project, and helpers to write input trees inline."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.inputs.load import load_bytes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "projects").glob("*.yaml"))

# The smallest complete project: every required key once. Tests change one thing at a time.
MINIMAL = """\
format: 1
language: en
action: KA101
call: 2019
title: Lesing i alle fag
applicant:
  name: Eksempel skole
  type: school
  country: NO
  city: Trondheim
period:
  start: 2019-09-01
  months: 12
needs:
  - id: reading
    text: Elevene leser for lite.
goals:
  - id: methods
    text: Lærerne bruker nye lesemetoder.
    needs: [reading]
activities:
  - id: course
    type: course
    destination: {country: DE, city: Berlin}
    participants: 2
    days: 5
    goals: [methods]
selection:
  criteria: [Underviser i norsk.]
  procedure: Rektor velger.
preparation: [Kurs i tysk.]
follow_up: [Deling på personalmøte.]
learning_outcomes:
  - text: Lærerne kan bruke lesestrategier.
    goals: [methods]
dissemination:
  - audience: Kollegaer
    channel: Personalmøte
"""


# The minimal project's one activity: a 5-day course in Berlin for 2 participants.
COURSE = load_bytes(MINIMAL.encode("utf-8"), "minimal.yaml").data["activities"][0]
# A partner school for partnership projects (KA229, KA210-SCH) in tests.
PARTNER = {
    "name": "École X",
    "type": "school",
    "country": "FR",
    "city": "Lyon",
    "role": "coordinator",
}


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text} under root and return root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def beside_projects(tmp_path: Path, workshop_text: str) -> str:
    """A workshop's text for a file written directly in tmp_path: its examples `../projects/x`
    become `projects/x`, copies of the bundled projects there (a workshop's examples must be
    inside its own folder tree)."""
    target = tmp_path / "projects"
    if not target.exists():
        target.mkdir()
        for source in (ROOT / "projects").glob("*.yaml"):
            (target / source.name).write_bytes(source.read_bytes())
    return workshop_text.replace("../projects/", "projects/")


class _NoAliases(yaml.SafeDumper):
    """Writes shared objects out in full: project files may not contain anchors."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def project_yaml(**changes: object) -> str:
    """MINIMAL with top-level keys replaced (None removes a key)."""
    data = load_bytes(MINIMAL.encode("utf-8"), "minimal.yaml").data  # our loader: NO stays "NO"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A valid project file at tmp/projects/minimal.yaml."""
    return write_tree(tmp_path, {"projects/minimal.yaml": MINIMAL}) / "projects" / "minimal.yaml"


@pytest.fixture(autouse=True)
def _no_gen_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """What belongs to no file is said in English unless a test sets GEN_LANGUAGE itself."""
    monkeypatch.delenv("GEN_LANGUAGE", raising=False)
