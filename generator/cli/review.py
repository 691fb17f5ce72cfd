"""The commands that review a project: gen budget (the grant estimate) and gen check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import (
    ALLOW_OPTION,
    FILE_ARGUMENT,
    QUIET_OPTION,
    RULES_OPTION,
    format_option,
    warn,
)


@click.command()
@FILE_ARGUMENT
@format_option("text: a table; json: the contract other tools read.")
@RULES_OPTION
@ALLOW_OPTION
def budget(file: Path, fmt: str, rules_dir: Path | None, allow_dirs: tuple[Path, ...]) -> None:
    """Estimate the grant of a project FILE from its call's unit costs.

    One line per cost item: travel by distance band (the straight-line distance from the
    applicant's town), individual support per day, organisational support, course fees,
    project management, lump sums. Lines using assumed unit costs make the total an estimate.
    Exits 1 when the estimate is over the action's cap.

    \b
    Examples:
      gen budget projects/hypatia-asen.yaml
      gen budget projects/melhus.yaml --format json | jq .total
    """
    import json

    from generator.documents.budget_text import budget_text
    from generator.errors import InputError
    from generator.pipeline import budget as estimate

    loaded, findings = estimate(file, rules_dir, allow_dirs)
    warn(p for p in findings if p.level != "error")
    if fmt == "json":
        click.echo(json.dumps(loaded.budget.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(budget_text(loaded.budget, loaded.project))
    errors = [p for p in findings if p.level == "error"]
    if errors:
        raise InputError(errors)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@format_option("text: findings per file with a summary; json: a list of findings.")
@click.option("--strict", is_flag=True, help="Fail (exit 5) on warnings too, not only on errors.")
@RULES_OPTION
@ALLOW_OPTION
@QUIET_OPTION
def check(
    paths: tuple[Path, ...],
    fmt: str,
    strict: bool,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Review project files before submitting them, as the award criteria weigh them.

    PATHS are project files or folders: in a folder every *.yaml/*.yml file is found, as gen
    batch finds them, and workshop files are left out (gen batch builds those).

    Finds broken links between needs, goals, activities and learning outcomes; thin selection,
    preparation and follow-up routines; outcomes that do not say what participants will be able
    to do; dissemination without use; partners without a description; leftovers (TODO, lorem
    ipsum); form fields over their character limits; the call's rules and the budget cap.
    Exits 5 when an error is found (or a warning, with --strict), else 0; with -q nothing is
    printed unless it fails.

    \b
    Examples:
      gen check projects/melhus.yaml
      gen check projects/ --strict -q                 # a CI gate: silent when all is well
      gen check projects/*.yaml --strict --format json
    """
    import json

    from generator.cli.check_report import findings_json, report_text
    from generator.messages import Msg, common_language
    from generator.pipeline import review_files

    files, workshops = project_files(paths)
    # A folder named on the command line is named explicitly: its files may refer to each other.
    allowed = (*allow_dirs, *(p for p in paths if p.is_dir()))
    reviews = review_files(files, rules_dir, allowed)
    failing = ("error", "warning") if strict else ("error",)
    failed = any(f.level in failing for r in reviews for f in r.findings)
    if quiet and not failed:
        return
    click.echo(
        json.dumps(findings_json(reviews), ensure_ascii=False, indent=2)
        if fmt == "json"
        else report_text(reviews)
    )
    if workshops:
        lang = common_language(r.language for r in reviews)
        click.echo(Msg("report.workshops-left-out", n=len(workshops)).say(lang), err=True)
    if failed:
        sys.exit(5)


def project_files(paths: tuple[Path, ...]) -> tuple[list[Path], list[Path]]:
    """The files to review: each file given, and the project files in each folder given (found
    as gen batch finds its inputs); and the workshop files found in the folders, left out."""
    import re

    from generator.batch import find_inputs
    from generator.errors import UsageError
    from generator.inputs.load import is_workshop
    from generator.messages import Msg, default_language

    files: list[Path] = []
    workshops: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for found in find_inputs([path]):
            try:  # the start tells; an oversized or unreadable file fails in the review
                with found.open("rb") as file:
                    text = file.read(1 << 20).decode("utf-8", errors="replace")
            except OSError:
                text = ""
            keys = set(re.findall(r"^([a-z_]+):", text, re.M))  # top-level keys, as gen batch
            (workshops if is_workshop(keys) else files).append(found)
    if not files:
        where = ", ".join(str(p) for p in paths)
        raise UsageError(Msg("report.no-files", where=where).say(default_language()))
    return list(dict.fromkeys(files)), workshops
