"""gen edit: the project file in a browser form, with the documents beside it."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.files import LANGUAGE_OPTION, _ActionType
from generator.cli.options import ALLOW_OPTION, RULES_OPTION


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="The port on 127.0.0.1 to serve at (0: a free one).",
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser; only print the address.")
@click.option(
    "--new",
    "action",
    type=_ActionType(),
    metavar="ACTION",
    help="Start FILE (which must not exist) from the gen new skeleton of ACTION.",
)
@LANGUAGE_OPTION
@click.option(
    "--accreditation",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --new KA121-SCH: the accreditation's project file (KA120-SCH) it refers to.",
)
@RULES_OPTION
@ALLOW_OPTION
def edit(
    file: Path,
    port: int,
    no_browser: bool,
    action: str | None,
    language: str,
    accreditation: Path | None,
    rules_dir: Path | None,
    allow_dirs: tuple[Path, ...],
) -> None:
    """Edit a project FILE in your browser, with the application beside the form.

    A local server (127.0.0.1 only, guarded by a token made for this start) shows the form in
    the five steps of an application, the application as it will read, the budget, the review
    of gen check and the paste-ready fields, all updating as you type. Every change is saved
    to FILE at once (comments and the order of keys kept); a change made to FILE in another
    editor is picked up. The first line printed is the address to open. Stop with Ctrl+C.

    \b
    Examples:
      gen edit projects/melhus.yaml
      gen edit --new KA122-SCH projects/vaar-skole.yaml
      gen edit --new KA121-SCH projects/2027.yaml --accreditation projects/akkreditering.yaml
      gen edit projects/melhus.yaml --port 8400 --no-browser
    """
    from generator.edit.server import serve
    from generator.errors import InputError, OutputError
    from generator.inputs.load import is_workshop, load_file
    from generator.messages import Msg

    if action is not None:
        if file.exists() or file.is_symlink():
            raise OutputError(Msg("edit.exists", file=str(file)), language)
        from generator.pipeline import new_project

        new_project(action, language, file, None, rules_dir, accreditation=accreditation)
    if file.is_symlink():
        said = Msg("edit.link", file=str(file), target=str(file.resolve()))
        raise OutputError(said, _language_of(file))
    if not file.is_file():
        raise OutputError(Msg("edit.missing", file=str(file)))
    try:
        doc = load_file(file)
    except InputError:
        doc = None  # the editor shows what is wrong with it
    if doc is not None and is_workshop(set(doc.data)):
        raise OutputError(Msg("edit.workshop", file=str(file)), doc.language)
    serve(file, port, not no_browser, rules_dir, allow_dirs, _language_of(file))


def _language_of(file: Path) -> str:
    """The language a file's `language:` line names (what gen edit says about it is in it)."""
    from generator.messages import language_in

    try:
        return language_in(file.read_text("utf-8", errors="replace")[: 1 << 16])
    except OSError:
        from generator.messages import default_language

        return default_language()
