"""The commands that write files for the user to edit: gen new (a project skeleton) and gen schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from generator.cli.options import (
    RULES_OPTION,
)
from generator.rules.actions import ACTIONS


class _ActionType(click.ParamType):  # type: ignore[type-arg]
    """An action code in any case ("ka122-sch"); "KA122" gets "did you mean KA122-SCH?"."""

    name = "action"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        code = str(value).strip().upper()
        if code in ACTIONS:
            return code
        import difflib

        close = [a for a in ACTIONS if a.startswith(code + "-")] or difflib.get_close_matches(
            code, list(ACTIONS), n=1, cutoff=0.7
        )
        hint = f" — did you mean {close[0]}?" if close else ""
        self.fail(f"'{value}' is not an action{hint} Choose from {', '.join(ACTIONS)}.", param, ctx)


# The language of a new project (gen new, gen edit --new).
LANGUAGE_OPTION = click.option(
    "-l",
    "--language",
    type=click.Choice(["nb", "nn", "en"]),
    default="nb",
    show_default=True,
    help="Language of the comments, the placeholders and the documents of a new project.",
)


@click.command()
@click.argument("action", type=_ActionType(), metavar="ACTION")
@LANGUAGE_OPTION
@click.option(
    "-o",
    "--output",
    "target",
    default="my-project.yaml",
    show_default=True,
    help="The file to write; - prints it instead.",
)
@click.option(
    "--call",
    type=click.IntRange(2014, 2100),
    help="The call year [default: the newest that has ACTION].",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@click.option(
    "--accreditation",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="KA121-SCH: the accreditation's project file (KA120-SCH) the request refers to.",
)
@RULES_OPTION
def new(
    action: str,
    language: str,
    target: str,
    call: int | None,
    force: bool,
    accreditation: Path | None,
    rules_dir: Path | None,
) -> None:
    """Write a commented project skeleton for ACTION, in the order of its web form.

    Every key is there: texts as [sett inn …] placeholders, numbers and codes as valid examples,
    so `gen application` builds it at once and `gen check` lists what is still to write.
    ACTION is one of the actions: KA101, KA229 (2014–2020); KA120-SCH (the accreditation),
    KA121-SCH (its yearly request: give --accreditation), KA122-SCH, KA210-SCH, KA220-SCH
    (2021–2027).

    \b
    Examples:
      gen new KA122-SCH -o vaar-skole.yaml
      gen new KA210-SCH --language nn -o projects/partnarskap.yaml
      gen new KA122-SCH -o - | less
      gen new KA121-SCH --accreditation projects/akkreditering.yaml -o projects/2026.yaml
    """
    from generator.errors import OutputError
    from generator.messages import Msg
    from generator.pipeline import new_project

    if target.endswith(("/", "\\")):
        example = f"{target}min.yaml"
        raise OutputError(Msg("new.folder", target=target, example=example), language)
    text, written, notes = new_project(
        action,
        language,
        None if target == "-" else Path(target),
        call,
        rules_dir,
        force,
        accreditation,
    )
    for note in notes:
        click.echo(note, err=True)
    if written is None:
        click.echo(text, nl=False)
    else:
        click.echo(Msg("cli.wrote", path=str(written)).say(language))


@click.command()
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

    from generator.pipeline import file_schema

    click.echo(json.dumps(file_schema(kind), ensure_ascii=False, indent=2))
