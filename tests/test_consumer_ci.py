"""The consumer CI workflow (docs/ci/github-actions.yml) and the script its steps call
(scripts/gen_ci.py): the workflow pins this release and calls the script; the script's shard and
merge steps, run here on a copy of projects/ and workshops/, build every input exactly once and
merge valid JUnit; its exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.batch import find_inputs
from tests.conftest import MINIMAL, ROOT

WORKFLOW = ROOT / "docs" / "ci" / "github-actions.yml"
SCRIPT = ROOT / "scripts" / "gen_ci.py"
FAST = ["--", "--application", "md", "--handout", "md", "--slides", "none", "-j", "1", "-q"]


def ci(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a step of the script as the workflow does, with this checkout's gen on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=cwd,
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A consumer repository: projects/ and workshops/ in a Git work tree."""
    (tmp_path / ".git").mkdir()
    for folder in ("projects", "workshops"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def run_shards(repo: Path, n: int) -> list[subprocess.CompletedProcess[str]]:
    """Each shard on its own output folder, as each CI job has its own machine."""
    return [ci(repo, "shard", str(k), str(n), "-o", f"out-{k}", *FAST) for k in range(1, n + 1)]


# --- the workflow -----------------------------------------------------------------------------


def steps(job: dict) -> list[dict]:
    return list(job["steps"])


def test_the_workflow_pins_this_release_and_its_jobs_call_the_script() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert flow["env"]["GEN_VERSION"] == __version__  # a release ships a workflow pinning itself
    assert flow["env"]["GEN_REPOSITORY"] == "https://<your-gen-repository>"
    jobs = flow["jobs"]
    assert set(jobs) == {"check", "build", "merge"}
    runs = {name: [s.get("run", "") for s in steps(job)] for name, job in jobs.items()}
    assert runs["check"][-2:] == [
        "python scripts/gen_ci.py install",
        "python scripts/gen_ci.py check",
    ]
    assert "python scripts/gen_ci.py install" in runs["build"]
    assert (
        "python scripts/gen_ci.py shard ${{ matrix.shard }} ${{ strategy.job-total }}"
        in runs["build"]
    )
    assert "python scripts/gen_ci.py merge gen-ci/shards/*" in runs["merge"]
    # Every step's command is one the script has.
    known = set(re.findall(r'steps\.add_parser\("(\w+)"', SCRIPT.read_text("utf-8")))
    called = {m for r in sum(runs.values(), []) for m in re.findall(r"gen_ci\.py (\w+)", r)}
    assert called == {"install", "check", "shard", "merge"} and called <= known
    assert jobs["build"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]


def test_the_workflow_hands_the_shards_to_the_merge_and_publishes_junit() -> None:
    jobs = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"]
    uses = {
        name: {s.get("uses", "").split("@")[0]: s for s in steps(j)} for name, j in jobs.items()
    }
    upload = uses["build"]["actions/upload-artifact"]["with"]
    assert upload["path"] == "gen-ci/shard-${{ matrix.shard }}"  # where `shard K` stages
    assert uses["build"]["actions/upload-artifact"]["if"] == "always()"  # failures too
    assert uses["build"]["actions/cache"]["with"]["path"] == "output"  # gen's manifest kept
    assert jobs["merge"]["needs"] == "build" and jobs["merge"]["if"] == "always()"
    download = uses["merge"]["actions/download-artifact"]["with"]
    assert download["pattern"] == "gen-shard-*" and download["path"] == "gen-ci/shards"
    assert uses["merge"]["actions/upload-artifact"]["with"]["path"] == "gen-ci/merged"
    junit = uses["merge"]["mikepenz/action-junit-report"]
    assert junit["with"]["report_paths"] == "gen-ci/merged/reports/junit.xml"
    assert jobs["merge"]["permissions"]["checks"] == "write"


def test_the_workflow_names_no_path_outside_the_repository() -> None:
    text = WORKFLOW.read_text("utf-8")
    commands = [s.get("run", "") for j in yaml.safe_load(text)["jobs"].values() for s in j["steps"]]
    assert not [c for c in commands if re.search(r"(^|\s)(/|~|\.\.)", c)]
    assert str(ROOT) not in text and "file://" not in text


def test_the_script_finds_inputs_as_gen_batch_does(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "projects" / "deep" / "er").mkdir(parents=True)
    (repo / "projects" / "deep" / "er" / "x.yml").write_text(MINIMAL, "utf-8")
    (repo / "projects" / "notes.txt").write_text("no", "utf-8")
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gen_ci; print('\\n'.join(gen_ci.find_inputs(gen_ci.inputs())))",
        ],
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(SCRIPT.parent)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    monkeypatch.chdir(repo)
    expected = [p.as_posix() for p in find_inputs([Path("projects"), Path("workshops")])]
    assert found == expected and "projects/deep/er/x.yml" in found


# --- the steps, run locally -------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3])
def test_shards_build_every_input_exactly_once_and_merge_into_one_artifact(
    repo: Path, n: int
) -> None:
    shards = run_shards(repo, n)
    assert [s.returncode for s in shards] == [0] * n, [s.stderr for s in shards]
    inputs = sorted(
        p.relative_to(repo).as_posix()
        for d in ("projects", "workshops")
        for p in (repo / d).glob("*.yaml")
    )
    built: list[str] = []
    for k in range(1, n + 1):
        report = json.loads((repo / f"gen-ci/shard-{k}/reports/batch-{k}.json").read_text())
        built += [r["file"] for r in report["inputs"]]
    assert sorted(built) == inputs  # each input in exactly one shard

    merged = ci(repo, "merge", *(f"gen-ci/shard-{k}" for k in range(1, n + 1)))
    assert merged.returncode == 0, merged.stderr
    out = repo / "gen-ci" / "merged"
    report = json.loads((out / "reports" / "batch.json").read_text())
    assert sorted(r["file"] for r in report["inputs"]) == inputs
    assert report["summary"]["shards"] == n and report["summary"]["problems"] == []
    root = ET.parse(out / "reports" / "junit.xml").getroot()
    assert root.tag == "testsuites" and len(root.findall("testsuite")) == n
    cases = [c.get("name") for c in root.iter("testcase")]
    assert sorted(cases) == inputs and root.get("tests") == str(len(inputs))
    assert root.get("failures") == "0"
    for r in report["inputs"]:  # every document of every input, from whichever shard built it
        assert r["outputs"] and all((out / "documents" / f).is_file() for f in r["outputs"])
    assert (out / "documents" / "melhus" / "application.md").is_file()
    assert (out / "documents" / "kom-i-gang" / "handout.md").is_file()


def test_a_failing_input_fails_its_shard_and_the_merge_with_exit_4(repo: Path) -> None:
    (repo / "projects" / "broken.yaml").write_text(MINIMAL.replace("days: 5", "days: fem"), "utf-8")
    shards = run_shards(repo, 2)
    assert sorted(s.returncode for s in shards) == [0, 4]
    merged = ci(repo, "merge", "gen-ci/shard-1", "gen-ci/shard-2")
    assert merged.returncode == 4 and "failed: projects/broken.yaml" in merged.stderr
    root = ET.parse(repo / "gen-ci/merged/reports/junit.xml").getroot()
    failing = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert failing == ["projects/broken.yaml"] and root.get("failures") == "1"
    assert not (repo / "gen-ci/merged/documents/broken").exists()


def test_the_merge_refuses_shards_that_do_not_add_up(repo: Path) -> None:
    run_shards(repo, 3)
    missing = ci(repo, "merge", "gen-ci/shard-1", "gen-ci/shard-3")
    assert missing.returncode == 1 and "shard 2/3: missing" in missing.stderr
    shutil.copytree(repo / "gen-ci/shard-1", repo / "gen-ci/again")
    twice = ci(repo, "merge", "gen-ci/shard-1", "gen-ci/shard-2", "gen-ci/shard-3", "gen-ci/again")
    assert twice.returncode == 1 and "built by shards [1, 1]" in twice.stderr
    (repo / "projects" / "new.yaml").write_text(MINIMAL.replace("Lesing", "Ny"), "utf-8")
    stale = ci(repo, "merge", "gen-ci/shard-1", "gen-ci/shard-2", "gen-ci/shard-3")
    assert stale.returncode == 1 and "projects/new.yaml: built by no shard" in stale.stderr


def test_the_shard_step_stages_only_its_own_inputs_from_a_reused_output(repo: Path) -> None:
    """The cached output/ may hold documents of inputs another shard builds now."""
    for k in (1, 2):
        assert ci(repo, "shard", str(k), "2", "-o", "output", *FAST).returncode == 0
    merged = ci(repo, "merge", "gen-ci/shard-1", "gen-ci/shard-2")
    assert merged.returncode == 0, merged.stderr


def test_the_version_step_insists_on_the_pinned_release(repo: Path) -> None:
    assert ci(repo, "version", GEN_VERSION=__version__).returncode == 0
    wrong = ci(repo, "version", GEN_VERSION="0.0.1")
    assert wrong.returncode == 1 and f"expected gen 0.0.1, found gen {__version__}" in wrong.stderr
    placeholder = ci(
        repo, "install", GEN_VERSION=__version__, GEN_REPOSITORY="https://<your-gen-repository>"
    )
    assert placeholder.returncode == 1 and "replace <your-gen-repository>" in placeholder.stderr


def test_the_check_step_is_gen_check_strict_on_the_project_folders(repo: Path) -> None:
    clean = repo / "clean"
    clean.mkdir()
    for name in ("fjellvik-ka122.yaml", "voss-ka210.yaml"):
        shutil.copy(repo / "projects" / name, clean / name)
    assert ci(repo, "check", GEN_INPUTS="clean workshops").returncode == 0
    assert ci(repo, "check").returncode == 5  # the seed examples have warnings


def test_the_release_version_has_one_source() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "generator/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{__version__}]" in changelog and "## [Unreleased]" in changelog
