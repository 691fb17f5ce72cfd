"""The `gen` command line: thin commands over `generator.pipeline`, and one place for exit codes.

Heavy libraries (pydantic, jinja2, pandoc, typst) are imported inside the commands, so
`gen --help` starts fast. The commands are grouped by what they do: documents, review, batch,
files.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from typing import Any

import click

from generator import __version__
from generator.cli import batch, documents, edit, files, review


class _ErrorMappingGroup(click.Group):
    """Maps the tool's errors to exit codes and one-line messages (security.md: exit codes)."""

    def invoke(self, ctx: click.Context) -> Any:
        from generator.errors import GenError, InputError, printable
        from generator.messages import Msg, common_language

        try:
            return super().invoke(ctx)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            files = ", ".join(sorted({printable(p.file) for p in exc.problems}))
            lang = common_language(p.language for p in exc.problems)
            key = "cli.problems" if ctx.invoked_subcommand == "budget" else "cli.problems-unwritten"
            what = printable(exc.summary) or Msg(key, n=len(exc.problems), files=files).say(lang)
            if any(p.key != "-" and not p.code for p in exc.problems):  # a key the format defines
                what += "\n  " + Msg("cli.see-format").say(lang)
            _fail(what, exc.exit_code, lang)
        except GenError as exc:  # said in its language (default: GEN_LANGUAGE, else English)
            lang = exc.language
            _fail(Msg("cli.unwritten", what=printable(exc)).say(lang), exc.exit_code, lang)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: short message, traceback to a log file
            # Never raises: without a writable temp folder the message says so, no traceback.
            try:
                from generator.output.workers import bug_report, describe

                message = bug_report(*describe(exc))
            except Exception:
                message = f"internal error ({type(exc).__name__}). This is a bug in gen"
            _fail(message, 70)


def _fail(message: str, code: int, language: str = "en") -> None:
    """The message (its parts from exceptions already made printable), then exit."""
    from generator.messages import Msg

    with contextlib.suppress(OSError, ValueError):  # no standard error: the exit code says it
        click.echo(f"{Msg('cli.error').say(language)}: {message}", err=True)
    sys.exit(code)


@click.group(
    cls=_ErrorMappingGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "-V", "--version", message="gen %(version)s")
def cli() -> None:
    """Turn an Erasmus+ school project file into the documents to get it funded.

    \b
    Examples:
      gen new KA122-SCH -o projects/vaar-skole.yaml   # a commented project file to fill in
      gen application projects/melhus.yaml            # output/melhus/application.{md,docx,pdf}
      gen application projects/tydal.yaml -f docx,odt -o ~/Documents
      gen budget projects/hypatia-asen.yaml           # the grant estimate, line by line
      gen check projects/*.yaml                       # review before submitting (exit 5 on errors)
      gen fields projects/melhus.yaml                 # one paste-ready text file per form field
      gen slides workshops/kom-i-gang.yaml            # the workshop deck: slides.{pptx,pdf}
      gen handout projects/melhus.yaml                # a participant handout: handout.{docx,pdf}
      gen batch --report report.json                  # everything, in parallel, incrementally
      gen schema project > project.schema.json        # for editor autocompletion
      gen edit projects/melhus.yaml                   # fill in the project in your browser

    Exit codes: 0 ok, 1 invalid input (nothing written), 2 usage, 3 conversion failed,
    4 gen batch: some inputs failed (the others were written), 5 gen check found problems, 70 bug.
    """


for command in (
    documents.application,
    review.budget,
    review.check,
    documents.fields,
    documents.slides,
    documents.handout,
    batch.batch,
    files.new,
    files.schema,
    edit.edit,
):
    cli.add_command(command)


def main() -> None:
    """Entry point of the `gen` command. Output that the terminal's encoding cannot show (a
    cp1252 console, LANG=C, a file name that is not UTF-8) is written as escapes, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors="backslashreplace")
    try:
        cli(prog_name="gen")
    finally:
        # On its way out Python runs the cycle collector over every object still alive: after
        # one document (pydantic, Jinja, typing) that took about 40 ms of a 320 ms run, all to
        # free memory the process is about to give back anyway. Frozen objects are left out of
        # that pass; atexit handlers, buffered output and temporary folders are handled as before.
        gc.freeze()
