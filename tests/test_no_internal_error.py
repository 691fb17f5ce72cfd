"""No user input reaches an internal error (exit 70): every action in every call year, through
every command, as a project file and as a workshop file. A combination the call does not offer
is an input error that says what the call offers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.rules.actions import ACTIONS, is_partnership
from generator.rules.ruleset import available_calls, load_rules
from tests.conftest import COURSE, PARTNER, project_yaml, write_tree

COMMANDS = {
    "application": ["-f", "md"],
    "budget": [],
    "check": [],
    "fields": [],
    "slides": ["-f", "pptx"],
    "handout": ["-f", "md"],
}


def workshop_yaml(call: int, actions: list[str]) -> str:
    return yaml.safe_dump(
        {
            "format": 1,
            "language": "nb",
            "title": "Kom i gang",
            "organiser": {"name": "HK-dir"},
            "call": call,
            "actions": actions,
            "agenda": ["title", "actions", "priorities", "steps", "contacts"],
        },
        allow_unicode=True,
    )


def project_files(action: str, call: int) -> dict[str, str]:
    """The minimal project as an `action` project (project.yaml, and the accreditation a KA121-SCH
    request names): valid in a call that offers the action."""
    period = {"start": "2019-09-01", "months": 24}
    plan = project_yaml(
        action="KA120-SCH",
        call=call,
        period=period,
        management=["Rektor leder planen sammen med en koordinator i 20 % stilling."],
        quality_standards=True,
        activities=[{**COURSE, "year": 2020}],
    )
    if action == "KA120-SCH":
        return {"project.yaml": plan}
    if action == "KA121-SCH":
        request = project_yaml(
            action=action,
            call=call,
            accreditation="plan.yaml",
            needs=None,
            goals=None,
            period={"start": "2019-09-01", "months": 15},
        )
        return {"project.yaml": request, "plan.yaml": plan}
    if action == "KA220-SCH":
        partners = [
            {**PARTNER, "id": "lyon"},
            {**PARTNER, "id": "kiel", "name": "Schule Y", "country": "DE", "city": "Kiel",
             "role": "partner"},
        ]  # fmt: skip
        packages = [
            {"id": "wp1", "title": "Prosjektledelse", "management": True, "lead": "applicant",
             "objectives": ["Styre prosjektet."], "activities": ["Møter."],
             "results": ["Rapporter."], "share": 24000},
            {"id": "wp2", "title": "Lesing", "lead": "lyon", "objectives": ["Lese mer."],
             "activities": ["Leseverksted."], "results": ["Metoder."], "share": 96000},
        ]  # fmt: skip
        return {
            "project.yaml": project_yaml(
                action=action,
                call=call,
                partners=partners,
                role="partner",
                period=period,
                cooperation="Skolene deler oppgavene etter arbeidspakkene.",
                work_packages=packages,
                activities=[{**COURSE, "type": "joint-staff-training"}],
                budget={"lump_sum": 120000},
            )
        }
    if not is_partnership(action):
        return {"project.yaml": project_yaml(action=action, call=call)}
    training = {**COURSE, "type": "joint-staff-training", "amount": 30000}
    return {
        "project.yaml": project_yaml(
            action=action,
            call=call,
            partners=[PARTNER],
            role="partner",
            activities=[training],
            budget={"lump_sum": 30000},
        )
    }


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output


def sweep(path: Path, out: Path) -> list[str]:
    bugs = []
    for command, extra in COMMANDS.items():
        args = [command, str(path), *extra]
        if command not in ("budget", "check"):
            args += ["-o", str(out)]
        code, output = run(args)
        if code == 70 or "Traceback" in output:
            bugs.append(f"gen {' '.join(args)} → {code}: {output[-300:]}")
    return bugs


@pytest.mark.parametrize("call", available_calls())
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_in_every_call_through_every_command(
    action: str, call: int, tmp_path: Path
) -> None:
    files = {
        **project_files(action, call),
        "workshop.yaml": workshop_yaml(call, [action]),
    }
    root = write_tree(tmp_path, files)
    bugs = sweep(root / "project.yaml", tmp_path / "out") + sweep(
        root / "workshop.yaml", tmp_path / "out"
    )
    assert not bugs, "\n".join(bugs)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_an_action_builds_every_document_in_a_call_that_offers_it(
    action: str, tmp_path: Path
) -> None:
    """The sweep above also reaches the documents: in its newest call each action builds."""
    call = max(c for c in available_calls() if load_rules(c).offers(action))
    root = write_tree(tmp_path, project_files(action, call))
    for command, extra in COMMANDS.items():
        args = [command, str(root / "project.yaml"), *extra]
        if command not in ("budget", "check"):
            args += ["-o", str(tmp_path / "out")]
        code, output = run(args)
        assert code in (0, 5) if command == "check" else code == 0, (args, output)


@pytest.mark.parametrize(
    ("call", "actions", "wrong", "offered"),
    [
        (2019, ["KA101", "KA229", "KA210-SCH"], [(2, "KA210-SCH")], "KA101 og KA229"),
        (
            2026,
            ["KA101"],
            [(0, "KA101")],
            "KA120-SCH, KA121-SCH, KA122-SCH, KA210-SCH og KA220-SCH",
        ),
    ],
)
def test_a_workshop_action_outside_its_call_is_an_input_error(
    call: int, actions: list[str], wrong: list[tuple[int, str]], offered: str, tmp_path: Path
) -> None:
    path = write_tree(tmp_path, {"w.yaml": workshop_yaml(call, actions)}) / "w.yaml"
    for command in ("slides", "handout"):
        code, output = run([command, str(path), "-o", str(tmp_path / "o")])
        assert code == 1, output
        for i, action in wrong:  # the workshop is nb: so are its problems
            assert (
                f"actions[{i}]: {action} er ikke med i utlysningen for {call}\n"
                f"    tips: utlysningen for {call} omfatter {offered}"
            ) in output
        assert not (tmp_path / "o").exists()


def test_a_workshop_file_given_to_a_project_command_says_what_it_is(tmp_path: Path) -> None:
    path = write_tree(tmp_path, {"w.yaml": workshop_yaml(2019, ["KA101"])}) / "w.yaml"
    for command in ("application", "budget", "fields"):
        code, output = run([command, str(path)])
        assert code == 1
        assert f"{path}:1:1: -: dette er en verkstedfil, ikke en prosjektfil" in output
