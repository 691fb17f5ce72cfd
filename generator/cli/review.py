"""The commands that review a project: gen budget (the grant estimate) and gen check."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import (
    FILE_ARGUMENT,
    RULES_OPTION,
    format_option,
    warn,
)


@click.command()
@FILE_ARGUMENT
@format_option("text: a table; json: the contract other tools read.")
@RULES_OPTION
def budget(file: Path, fmt: str, rules_dir: Path | None) -> None:
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

    loaded, findings = estimate(file, rules_dir)
    warn(p for p in findings if p.level != "error")
    if fmt == "json":
        click.echo(json.dumps(loaded.budget.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(budget_text(loaded.budget, loaded.project))
    errors = [p for p in findings if p.level == "error"]
    if errors:
        raise InputError(errors)


@click.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@format_option("text: findings per file with a summary; json: a list of findings.")
@click.option("--strict", is_flag=True, help="Fail (exit 5) on warnings too, not only on errors.")
@RULES_OPTION
def check(files: tuple[Path, ...], fmt: str, strict: bool, rules_dir: Path | None) -> None:
    """Review project FILES before submitting them, as the award criteria weigh them.

    Finds broken links between needs, goals, activities and learning outcomes; thin selection,
    preparation and follow-up routines; outcomes that do not say what participants will be able
    to do; dissemination without use; partners without a description; leftovers (TODO, lorem
    ipsum); form fields over their character limits; the call's rules and the budget cap.
    Exits 5 when an error is found (or a warning, with --strict), else 0.

    \b
    Examples:
      gen check projects/melhus.yaml
      gen check projects/*.yaml --strict --format json
    """
    import json

    from generator.cli.check_report import findings_json, report_text
    from generator.pipeline import review_files

    reviews = review_files(list(files), rules_dir)
    click.echo(
        json.dumps(findings_json(reviews), ensure_ascii=False, indent=2)
        if fmt == "json"
        else report_text(reviews)
    )
    failing = ("error", "warning") if strict else ("error",)
    if any(f.level in failing for r in reviews for f in r.findings):
        sys.exit(5)
