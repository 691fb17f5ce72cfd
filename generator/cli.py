"""The `gen` command line: thin commands over `generator.pipeline`, and one place for exit codes.

Heavy libraries (pydantic, jinja2, pandoc, typst) are imported inside the commands, so
`gen --help` starts fast.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.cli_options import (
    FILE_ARGUMENT,
    QUIET_OPTION,
    TEMPLATES_OPTION,
    Progress,
    batch_formats,
    document_options,
    format_option,
    output_option,
    shard_callback,
)
from generator.errors import Problem


class _ErrorMappingGroup(click.Group):
    """Maps the tool's errors to exit codes and one-line messages (security.md: exit codes)."""

    def invoke(self, ctx: click.Context) -> Any:
        from generator.errors import GenError, InputError

        try:
            return super().invoke(ctx)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            files = sorted({p.file for p in exc.problems})
            count = len(exc.problems)
            what = exc.summary or (
                f"{count} problem{'s' if count != 1 else ''} in {', '.join(files)}"
                + ("" if ctx.invoked_subcommand == "budget" else "; nothing was written")
            )
            _fail(what, exc.exit_code)
        except GenError as exc:
            _fail(f"{exc}; nothing was written", exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: short message, traceback to a log file
            with tempfile.NamedTemporaryFile(
                "w", prefix="gen-error-", suffix=".log", delete=False
            ) as log:
                traceback.print_exc(file=log)
            _fail(
                f"internal error ({type(exc).__name__}: {exc}). This is a bug in gen; "
                f"the traceback is in {log.name}",
                70,
            )


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _write_document(
    document: str,
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    dry_run: bool,
    quiet: bool,
) -> None:
    from generator.pipeline import write_document

    written, warnings = write_document(document, file, out_dir, formats, templates, dry_run)
    _written(written, warnings, dry_run, quiet)


def _written(written: list[Path], warnings: Iterable[Problem], dry_run: bool, quiet: bool) -> None:
    _warn(warnings)
    if not quiet:
        for path in written:
            click.echo(f"{'would write' if dry_run else 'wrote'} {path}")


@click.group(
    cls=_ErrorMappingGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", prog_name="gen")
def cli() -> None:
    """Turn an Erasmus+ school project file into the documents to get it funded.

    \b
    Examples:
      gen application projects/melhus.yaml            # output/melhus/application.{md,docx,pdf}
      gen application projects/tydal.yaml -f docx,odt -o ~/Documents
      gen budget projects/hypatia-asen.yaml           # the grant estimate, line by line
      gen check projects/*.yaml                       # review before submitting (exit 5 on errors)
      gen fields projects/melhus.yaml                 # one paste-ready text file per form field
      gen slides workshops/kom-i-gang.yaml            # the workshop deck: slides.{pptx,pdf}
      gen handout projects/melhus.yaml                # a participant handout: handout.{docx,pdf}
      gen batch --report report.json                  # everything, in parallel, incrementally
      gen schema project > project.schema.json        # for editor autocompletion

    Exit codes: 0 ok, 1 invalid input (nothing written), 2 usage, 3 conversion failed,
    4 gen batch: some inputs failed (the others were written), 5 gen check found problems, 70 bug.
    """


@cli.command()
@document_options("application", "Folder to write <id>/ into.")
def application(
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Write the application text of a project FILE in each format.

    The text follows the sections of the action's web form, in the project's language.
    Files go to OUTPUT/<id>/application.<format>; nothing is written if the file is invalid.

    \b
    Example:
      gen application projects/melhus.yaml -f md,docx,pdf,odt,html
    """
    _write_document("application", file, formats, out_dir, templates, dry_run, quiet)


@cli.command()
@FILE_ARGUMENT
@format_option("text: a table; json: the contract other tools read.")
def budget(file: Path, fmt: str) -> None:
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

    loaded, findings = estimate(file)
    _warn(p for p in findings if p.level != "error")
    if fmt == "json":
        click.echo(json.dumps(loaded.budget.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(budget_text(loaded.budget))
    errors = [p for p in findings if p.level == "error"]
    if errors:
        raise InputError(errors)


@cli.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@format_option("text: findings per file with a summary; json: a list of findings.")
@click.option("--strict", is_flag=True, help="Fail (exit 5) on warnings too, not only on errors.")
def check(files: tuple[Path, ...], fmt: str, strict: bool) -> None:
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

    from generator.checks import findings_json, report_text
    from generator.pipeline import review_files

    reviews = review_files(list(files))
    click.echo(
        json.dumps(findings_json(reviews), ensure_ascii=False, indent=2)
        if fmt == "json"
        else report_text(reviews)
    )
    failing = ("error", "warning") if strict else ("error",)
    if any(f.level in failing for r in reviews for f in r.findings):
        sys.exit(5)


@cli.command()
@FILE_ARGUMENT
@output_option("Folder to write <id>/fields/ into.")
def fields(file: Path, out_dir: Path) -> None:
    """Write each web-form field of a project FILE as a plain-text file to paste, in form order.

    OUTPUT/<id>/fields/NN-<field>.txt holds exactly what to paste (no Markdown); index.txt lists
    each field's characters and limit and flags those over it.

    \b
    Example:
      gen fields projects/melhus.yaml && cat output/melhus/fields/index.txt
    """
    from generator.pipeline import write_fields

    written, over = write_fields(file, out_dir)
    for path in written:
        click.echo(f"wrote {path}")
    for label in over:
        click.echo(
            f"warning: the field '{label}' is over its character limit (see index.txt)", err=True
        )


@cli.command()
@document_options("slides", "Folder to write <id>/slides.<format> into.")
def slides(
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Write the slide deck of a workshop FILE or a project FILE (16:9, with speaker notes).

    A workshop file gives the workshop's deck: its agenda, the call's action facts, checklists,
    the example projects, the tasks, the steps and the contacts. A project file gives a short
    deck to present the project: needs, goals, activities, a timeline, participants, budget and
    dissemination. The PPTX uses the layouts of an editable template; the PDF has the same slides.

    \b
    Examples:
      gen slides workshops/kom-i-gang.yaml            # output/kom-i-gang/slides.{pptx,pdf}
      gen slides projects/melhus.yaml -f pptx
    """
    _write_document("slides", file, formats, out_dir, templates, dry_run, quiet)


@cli.command()
@document_options("handout", "Folder to write <id>/handout.<format> into.")
def handout(
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    dry_run: bool,
    quiet: bool,
) -> None:
    """Write the A4 handout of a workshop FILE or a project FILE.

    For a workshop: the actions side by side, the checklists, the examples in brief, the tasks
    as worksheets with room to write, the steps and the contacts. For a project: what it is and
    why, who can take part and how they are selected, the preparation, and what is expected
    during and after the trip.

    \b
    Examples:
      gen handout workshops/kom-i-gang.yaml           # output/kom-i-gang/handout.{docx,pdf}
      gen handout projects/melhus.yaml -f docx,pdf,md
    """
    _write_document("handout", file, formats, out_dir, templates, dry_run, quiet)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@output_option("Folder to write <id>/… and the manifest into.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Worker processes [default: one per core]."
)
@click.option(
    "--shard",
    callback=shard_callback,
    metavar="K/N",
    help="Build only the K-th of N stable shares of the inputs.",
)
@click.option(
    "--force", is_flag=True, help="Rebuild everything, even documents that are up to date."
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a JSON report to this file.",
)
@click.option(
    "--junit",
    "junit_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write JUnit XML to this file.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A YAML file with formats per document and jobs.",
)
@batch_formats("application")
@batch_formats("handout")
@batch_formats("slides")
@batch_formats("fields")
@TEMPLATES_OPTION
@QUIET_OPTION
def batch(
    paths: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    shard: tuple[int, int] | None,
    force: bool,
    report_file: Path | None,
    junit_file: Path | None,
    config_file: Path | None,
    application_formats: list[str] | None,
    handout_formats: list[str] | None,
    slides_formats: list[str] | None,
    fields_formats: list[str] | None,
    templates: Path | None,
    quiet: bool,
) -> None:
    """Write every document of many project and workshop files: in parallel, incrementally.

    PATHS are files or folders (default: projects/ and workshops/). Each project gets its
    application, handout and slides; each workshop its handout and slides. Documents whose
    input, examples, templates, rules, options and gen version are unchanged since the last run
    (OUTPUT/.gen-manifest.json) are skipped. A file that fails is reported and the rest are
    still written; the exit code is then 4. Inputs that would write the same folder are refused
    before anything is built (exit 1).

    \b
    Formats (default application md,docx,pdf; handout docx,pdf; slides pptx,pdf) can be set
    per document, here or in a --config file such as:
      application: [md, docx]
      handout: none
      slides: [pptx]
      jobs: 2

    \b
    Examples:
      gen batch                                       # projects/ and workshops/ → output/
      gen batch projects/ --slides none -j 4
      gen batch --shard 2/4 --report report.json --junit junit.xml   # one of 4 CI jobs
    """
    from generator.batch import Options, run_batch

    options = Options(
        list(paths),
        out_dir,
        {
            "application": application_formats,
            "handout": handout_formats,
            "slides": slides_formats,
            "fields": fields_formats,
        },
        jobs,
        shard,
        force,
        templates,
        config_file,
        report_file,
        junit_file,
    )
    progress = Progress(quiet)
    summary = run_batch(options, progress)
    progress.close()
    for r in summary.results:
        if r.status == "failed":
            click.echo(f"failed: {r.file}", err=True)
            for message in r.messages:
                click.echo(f"  {message}", err=True)
    counts = summary.counts
    click.echo(
        f"{counts['built']} built, {counts['unchanged']} unchanged (skipped), {counts['failed']} failed"
        f" of {len(summary.results)} inputs{f' (shard {shard[0]}/{shard[1]})' if shard else ''}"
        f" in {summary.seconds:.1f} s",
        err=True,
    )
    if counts["failed"]:
        sys.exit(4)


def _warn(warnings: Iterable[Problem]) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


@cli.command()
@click.argument("kind", type=click.Choice(["project", "workshop"]))
def schema(kind: str) -> None:
    """Print the JSON Schema of a file KIND, for editor autocompletion and validation.

    \b
    Example (VS Code with the YAML extension, in .vscode/settings.json):
      gen schema project > project.schema.json
      gen schema workshop > workshop.schema.json
      "yaml.schemas": {"./project.schema.json": "projects/*.yaml",
                       "./workshop.schema.json": "workshops/*.yaml"}
    """
    import json

    from generator.inputs.project import project_schema
    from generator.inputs.workshop import workshop_schema

    schema = project_schema() if kind == "project" else workshop_schema()
    click.echo(json.dumps(schema, ensure_ascii=False, indent=2))


def main() -> None:
    """Entry point of the `gen` command."""
    cli(prog_name="gen")
