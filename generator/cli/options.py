"""The options the commands share, each defined once; what every command prints on success;
and gen batch's progress display."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator.errors import Problem, printable
from generator.messages import Msg, default_language
from generator.output.reports import Result
from generator.pipeline import DOCUMENTS

F = TypeVar("F", bound=Callable[..., Any])


FormatsCallback = Callable[[click.Context, click.Parameter, str], list[str]]


def _formats_for(allowed: tuple[str, ...]) -> FormatsCallback:
    """A click callback: a comma-separated list of formats, each one of `allowed`."""

    def check(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
        chosen = [f.strip().lower().lstrip(".") for f in value.split(",") if f.strip()]
        unknown = [f for f in chosen if f not in allowed]
        if unknown or not chosen:
            raise click.BadParameter(
                f"{', '.join(unknown) or 'none given'}; choose from {','.join(allowed)}"
            )
        return list(dict.fromkeys(chosen))

    return check


def formats_option(document: str) -> Callable[[F], F]:
    """-f/--formats: a comma-separated list of the document's formats (DOCUMENTS)."""
    kind = DOCUMENTS[document]
    return click.option(
        "-f",
        "--formats",
        default=",".join(kind.defaults),
        show_default=True,
        callback=_formats_for(kind.formats),
        help=f"Comma-separated formats: {', '.join(kind.formats)}.",
    )


# Options and arguments that several commands share, defined once.
FILE_ARGUMENT = click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))


def output_option(help_text: str) -> Callable[[F], F]:
    """-o/--output: the folder that <id>/… is written into (default output/)."""
    return click.option(
        "-o",
        "--output",
        "out_dir",
        default="output",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help_text,
    )


def format_option(help_text: str) -> Callable[[F], F]:
    """--format text|json for commands that print a report (default text)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


TEMPLATES_OPTION = click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of files that override the built-in templates by the same relative name: "
    "Jinja templates, labels/<language>.yaml, pandoc/document.typ, slides/deck.typ, "
    "reference.docx, slides.pptx.",
)
THEME_OPTION = click.option(
    "--theme",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A theme file (primary, accent, logo, font) for every document; a file's own "
    "'theme:' keys go over it.",
)
RULES_OPTION = click.option(
    "--rules",
    "rules_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of your own rule files (<year>.yaml), checked like the built-in ones; a year "
    "there adds a call or replaces the built-in one.",
)
ALLOW_OPTION = click.option(
    "--allow-dir",
    "allow_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder whose files a workshop's examples or a request's accreditation may name, "
    "besides the file's own folder and its Git repository (repeatable).",
)
DRY_RUN_OPTION = click.option(
    "-n", "--dry-run", is_flag=True, help="Check and convert everything, write nothing."
)
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="Print nothing on success.")


def document_options(document: str, output_help: str) -> Callable[[F], F]:
    """The FILE argument and the options of a command that writes one kind of document."""

    def decorate(command: F) -> F:
        for option in reversed(
            (
                FILE_ARGUMENT,
                formats_option(document),
                output_option(output_help),
                TEMPLATES_OPTION,
                THEME_OPTION,
                RULES_OPTION,
                ALLOW_OPTION,
                DRY_RUN_OPTION,
                QUIET_OPTION,
            )
        ):
            command = option(command)
        return command

    return decorate


def shard_callback(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> tuple[int, int] | None:
    if value is None:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", value.strip())
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)):
        raise click.BadParameter(f"'{value}'; write K/N with 1 <= K <= N, e.g. 2/4")
    return int(match.group(1)), int(match.group(2))


def batch_formats(document: str) -> Callable[[F], F]:
    """--<document> FORMATS|none for gen batch."""
    allowed = DOCUMENTS[document].formats

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
        if value is None:
            return None
        if value.strip().lower() == "none":
            return []
        return _formats_for(allowed)(ctx, param, value)

    return click.option(
        f"--{document}",
        f"{document}_formats",
        metavar="FORMATS",
        callback=check,
        help=f"Formats of the {document} ({','.join(allowed)}), or none.",
    )


class Progress:
    """A progress bar on a terminal; one plain line per input otherwise (CI logs)."""

    def __init__(self, quiet: bool):
        self.total, self.done, self.quiet = 0, 0, quiet
        self.bar: Any = None

    def start(self, total: int) -> None:
        self.total = total
        if sys.stderr.isatty() and not self.quiet:
            self.bar = click.progressbar(
                length=total, label="gen batch", file=sys.stderr, show_pos=True, show_eta=True
            )
            self.bar.__enter__()

    def __call__(self, result: Result) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif not self.quiet:
            width, lang = len(str(self.total)), default_language()
            status = Msg(f"batch.status-{result.status}").say(lang)
            seconds = Msg("batch.seconds", seconds=result.seconds).say(lang)
            click.echo(
                f"[{self.done:>{width}}/{self.total}] {status:<11} {printable(result.file)}"
                f" ({seconds})",
                err=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def warn(warnings: Iterable[Problem]) -> None:
    """Print warnings (and advice) on standard error, each with its place and hint."""
    for warning in warnings:
        click.echo(str(warning), err=True)


def written(
    paths: list[Path], warnings: Iterable[Problem], dry_run: bool, quiet: bool, language: str
) -> None:
    """The warnings, then each file written (or that would be, on a dry run), in `language`."""
    warn(warnings)
    if not quiet:
        for path in paths:
            click.echo(
                Msg("cli.would-write" if dry_run else "cli.wrote", path=str(path)).say(language)
            )
