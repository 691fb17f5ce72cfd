"""The one place that runs the stages in order: load → model → derive → render → convert → write.

Everything before `write_all` is pure or read-only; `build_application` returns the bytes of
every file without touching the output folder, so it is what tests and batch runs call.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from generator.derive import Facts, derive
from generator.load import load_file
from generator.model import Project, countries, parse_project


@dataclass(frozen=True)
class Loaded:
    """A validated project with its derived facts."""

    source: Path
    project: Project
    facts: Facts

    @property
    def id(self) -> str:
        assert self.project.id is not None
        return self.project.id


def load_project(path: Path) -> Loaded:
    """Load, validate and derive one project file (raises InputError listing every problem)."""
    doc = load_file(path)
    project = parse_project(doc, default_id=path.stem)
    return Loaded(path, project, derive(project))


def render_application(loaded: Loaded, templates: Path | None = None) -> str:
    """The application text as our (escaped) Markdown source."""
    from generator.render import Formatter, labels, render

    project = loaded.project
    context = {
        "p": project.model_dump(mode="python"),
        "f": dataclasses.asdict(loaded.facts),
        "L": labels(project.language),
        "fmt": Formatter(project.language, countries()),
    }
    return render(f"application/{project.action}.md.j2", context, templates)


def build_application(
    loaded: Loaded, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """Render and convert the application; return {path relative to the output folder: bytes}."""
    from generator.convert import DocumentInfo, build_date, convert, markdown_to_ast
    from generator.render import labels

    project = loaded.project
    what = str(loaded.source)
    ast = markdown_to_ast(render_application(loaded, templates), what)
    info = DocumentInfo(
        title=project.title,
        author=project.applicant.name,
        language=project.language,
        subject=f"Erasmus+ {project.action} · {labels(project.language)['document']['application']}",
        date=build_date(),
    )
    documents = convert(ast, formats, info, what)
    return {Path(loaded.id) / f"application.{fmt}": documents[fmt] for fmt in formats}


def application(
    path: Path,
    out_dir: Path,
    formats: list[str],
    templates: Path | None = None,
    dry_run: bool = False,
) -> list[Path]:
    """`gen application`: build every format, then write them all atomically (unless dry_run)."""
    from generator.write import check_targets, write_all

    files = build_application(load_project(path), formats, templates)
    if dry_run:
        check_targets(out_dir, list(files))
        return [out_dir / rel for rel in files]
    return write_all(out_dir, files)
