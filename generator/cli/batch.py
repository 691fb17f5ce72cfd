"""gen batch: every document of many files, in parallel and incrementally."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import (
    ALLOW_OPTION,
    QUIET_OPTION,
    RULES_OPTION,
    TEMPLATES_OPTION,
    THEME_OPTION,
    Progress,
    batch_formats,
    output_option,
    shard_callback,
)
from generator.errors import printable
from generator.messages import Msg, default_language


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@output_option("Folder to write <id>/… and the manifest into.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes [default: one per core; never more than the inputs to build, "
    "4 per core, or 64].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    help="Stop an input that takes longer and report it as failed [default: 300].",
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
@THEME_OPTION
@RULES_OPTION
@ALLOW_OPTION
@QUIET_OPTION
def batch(
    paths: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    timeout: float | None,
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
    theme: Path | None,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
    quiet: bool,
) -> None:
    """Write every document of many project and workshop files: in parallel, incrementally.

    PATHS are files or folders (default: projects/ and workshops/). Each project gets its
    application, handout and slides; each workshop its handout and slides. Documents whose
    input, examples, templates, rules, options and gen version are unchanged since the last run
    (OUTPUT/.gen-manifest.json) are skipped. A file that fails is reported and the rest are
    still written; the exit code is then 4, or 70 if gen itself failed on one (a bug: the
    message names a log file with the traceback). An input that takes longer than --timeout is
    stopped and fails. Inputs that would write the same folder, an output folder that another
    gen batch is writing, or a report that cannot be written are refused before anything is
    built (exit 1).

    \b
    Formats (default application md,docx,pdf; handout docx,pdf; slides pptx,pdf) can be set
    per document, here or in a --config file such as:
      application: [md, docx]
      handout: none
      slides: [pptx]
      jobs: 2
      timeout: 600

    \b
    Examples:
      gen batch                                       # projects/ and workshops/ → output/
      gen batch projects/ --slides none -j 4
      gen batch --shard 2/4 --report report.json --junit junit.xml   # one of 4 CI jobs
    """
    from generator.batch import Options, run_batch

    options = Options(
        paths=list(paths),
        out_dir=out_dir,
        formats={
            "application": application_formats,
            "handout": handout_formats,
            "slides": slides_formats,
            "fields": fields_formats,
        },
        jobs=jobs,
        shard=shard,
        force=force,
        templates=templates,
        theme=theme,
        config_file=config_file,
        report_file=report_file,
        junit_file=junit_file,
        rules_dir=rules_dir,
        allow_dirs=allow_dirs,
        timeout=timeout,
    )
    progress = Progress(quiet)
    try:
        summary = run_batch(options, progress)
    finally:
        progress.close()
    # About many files: said in the default language (GEN_LANGUAGE, else English); each input's
    # own messages are in its language.
    lang = default_language()
    for r in summary.results:
        if r.status in ("failed", "error"):
            what = "batch.failed-input" if r.status == "failed" else "batch.error-input"
            click.echo(Msg(what, file=printable(r.file)).say(lang), err=True)
            for message in r.messages:  # made printable where they were made
                click.echo(f"  {message}", err=True)
    for warning in summary.warnings:
        click.echo(f"{Msg('word.warning').say(lang)}: {printable(warning)}", err=True)
    for problem in summary.problems:
        click.echo(f"{Msg('cli.error').say(lang)}: {printable(problem)}", err=True)
    counts = summary.counts
    errors = Msg("batch.summary-errors", n=counts["error"]) if counts["error"] else ""
    line = Msg(
        "batch.summary",
        built=counts["built"],
        unchanged=counts["unchanged"],
        failed=counts["failed"],
        errors=errors,
        n=len(summary.results),
        shard=Msg("batch.summary-shard", shard=f"{shard[0]}/{shard[1]}") if shard else "",
        seconds=summary.seconds,
    )
    click.echo(line.say(lang), err=True)
    if counts["error"]:
        sys.exit(70)  # a bug never hides among the inputs' own failures
    if counts["failed"] or summary.problems:
        sys.exit(4)
