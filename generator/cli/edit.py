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
@RULES_OPTION
@ALLOW_OPTION
def edit(
    file: Path,
    port: int,
    no_browser: bool,
    action: str | None,
    language: str,
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
      gen edit projects/melhus.yaml --port 8400 --no-browser
    """
    from generator.edit.server import serve
    from generator.errors import InputError, OutputError
    from generator.inputs.load import is_workshop, load_file

    if action is not None:
        if file.exists() or file.is_symlink():
            raise OutputError(
                f"{file} exists; --new starts a new file (leave out --new to edit it)"
            )
        from generator.pipeline import new_project

        new_project(action, language, file, None, rules_dir)
    if file.is_symlink():
        raise OutputError(
            f"{file} is a symbolic link; give the file it points to ({file.resolve()}), so that "
            "gen edit writes where you expect"
        )
    if not file.is_file():
        raise OutputError(f"{file}: no such file (gen edit --new ACTION {file} starts one)")
    try:
        doc = load_file(file)
    except InputError:
        doc = None  # the editor shows what is wrong with it
    if doc is not None and is_workshop(set(doc.data)):
        raise OutputError(f"{file} is a workshop file; gen edit edits project files")
    serve(file, port, not no_browser, rules_dir, allow_dirs)
