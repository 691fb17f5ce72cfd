"""gen batch: every document of many files, in parallel and incrementally."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.options import (
    QUIET_OPTION,
    RULES_OPTION,
    TEMPLATES_OPTION,
    Progress,
    batch_formats,
    output_option,
    shard_callback,
)


@click.command()
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
@RULES_OPTION
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
    rules_dir: Path | None,
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
        rules_dir,
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
