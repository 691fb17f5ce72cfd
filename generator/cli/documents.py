"""The commands that write documents: gen application, slides, handout and fields."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import (
    ALLOW_OPTION,
    FILE_ARGUMENT,
    RULES_OPTION,
    document_options,
    output_option,
    written,
)


def write_document(
    document: str,
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
    dry_run: bool,
    quiet: bool,
    theme: Path | None = None,
) -> None:
    from generator.pipeline import write_document as run

    paths, warnings, language = run(
        document, file, out_dir, formats, templates, dry_run, rules_dir, allow_dirs, theme
    )
    written(paths, warnings, dry_run, quiet, language)


@click.command()
@document_options("application", "Folder to write <id>/ into.")
def application(
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    theme: Path | None,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
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
    write_document(
        "application",
        file,
        formats,
        out_dir,
        templates,
        rules_dir,
        allow_dirs,
        dry_run,
        quiet,
        theme,
    )


@click.command()
@document_options("slides", "Folder to write <id>/slides.<format> into.")
def slides(
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    theme: Path | None,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
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
    write_document(
        "slides", file, formats, out_dir, templates, rules_dir, allow_dirs, dry_run, quiet, theme
    )


@click.command()
@document_options("handout", "Folder to write <id>/handout.<format> into.")
def handout(
    file: Path,
    formats: list[str],
    out_dir: Path,
    templates: Path | None,
    theme: Path | None,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
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
    write_document(
        "handout", file, formats, out_dir, templates, rules_dir, allow_dirs, dry_run, quiet, theme
    )


@click.command()
@FILE_ARGUMENT
@output_option("Folder to write <id>/fields/ into.")
@RULES_OPTION
@ALLOW_OPTION
def fields(file: Path, out_dir: Path, rules_dir: Path | None, allow_dirs: tuple[Path, ...]) -> None:
    """Write each web-form field of a project FILE as a plain-text file to paste, in form order.

    OUTPUT/<id>/fields/NN-<field>.txt holds exactly what to paste (no Markdown); index.txt lists
    each field's characters and limit and flags those over it.

    \b
    Example:
      gen fields projects/melhus.yaml && cat output/melhus/fields/index.txt
    """
    from generator.messages import Msg
    from generator.pipeline import write_fields

    paths, over, warnings, language = write_fields(file, out_dir, rules_dir, allow_dirs)
    written(paths, warnings, False, False, language)
    warning = Msg("word.warning").say(language)
    for label in over:
        click.echo(f"{warning}: {Msg('cli.field-over', label=label).say(language)}", err=True)
