"""The one place that runs the stages in order: load → model → derive → render → convert → write.

Everything before `write_all` is pure or read-only; `build_application` returns the bytes of
every file without touching the output folder, so it is what tests and batch runs call.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import InputError, Problem
from generator.facts.budget import Budget, estimate
from generator.facts.derive import Facts, derive
from generator.inputs.load import Document, load_file
from generator.inputs.project import Project, countries, parse_project
from generator.rules.ruleset import RuleSet, check, rules_for


@dataclass(frozen=True)
class Loaded:
    """A validated project with its rule set, derived facts, budget and findings.

    `rules` and `budget` are None only when loaded with keep_errors=True and the call has no rule
    set (or a hard rule failed before the budget); document builders load strictly.
    """

    source: Path
    doc: Document
    project: Project
    facts: Facts
    rules: RuleSet | None
    budget: Budget | None
    problems: tuple[Problem, ...] = ()  # rule and budget findings: warnings, and errors if kept

    @property
    def id(self) -> str:
        assert self.project.id is not None
        return self.project.id

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "warning")


def load_project(path: Path, *, keep_errors: bool = False, doc: Document | None = None) -> Loaded:
    """Load, validate, check against the call's rules, derive and budget one project file.

    Raises InputError listing every problem (YAML, schema, and with keep_errors=False also the
    call's hard rules); warnings, and with keep_errors=True rule errors, travel with the result.
    """
    doc = doc or load_file(path)
    project = parse_project(doc, default_id=path.stem)
    facts = derive(project)
    rules, issues = rules_for(project)
    if rules is not None:
        issues += check(project, rules, facts.end)
    budget = None
    if rules is not None and not any(i.level == "error" for i in issues):
        budget, budget_issues = estimate(project, rules)
        issues += budget_issues
    problems = sorted(
        {doc.problem(i.path, i.message, i.hint, level=i.level, code=i.code) for i in issues},
        key=lambda p: (p.line, p.col, p.key),
    )
    errors = [p for p in problems if p.level == "error"]
    if errors and not keep_errors:
        raise InputError(errors)
    return Loaded(path, doc, project, facts, rules, budget, tuple(problems))


def render_application(loaded: Loaded, templates: Path | None = None) -> str:
    """The application text as our (escaped) Markdown source."""
    from generator.documents.fields import summary_sentences
    from generator.documents.markdown import Formatter, labels, render

    project = loaded.project
    assert loaded.rules is not None and loaded.budget is not None
    fmt = Formatter(project.language, countries())
    context = {
        "p": project.model_dump(mode="python"),
        "f": dataclasses.asdict(loaded.facts),
        "L": labels(project.language),
        "fmt": fmt,
        "auto_summary": summary_sentences(project, loaded.facts, fmt),
        "priorities": [
            loaded.rules.priorities[key][project.language] for key in project.priorities
        ],
        "b": {
            **loaded.budget.as_json(),
            "lines": [dataclasses.asdict(line) for line in loaded.budget.lines],
        },
    }
    return render(f"application/{project.action}.md.j2", context, templates)


def build_application(
    loaded: Loaded, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """Render and convert the application; return {path relative to the output folder: bytes}."""
    from generator.documents.markdown import labels
    from generator.output.convert import DocumentInfo, build_date, convert, markdown_to_ast

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
) -> tuple[list[Path], tuple[Problem, ...]]:
    """`gen application`: build every format, then write them all atomically (unless dry_run).

    Returns the paths (to be) written and the project's warnings.
    """
    from generator.output.write import check_targets, write_all

    loaded = load_project(path)
    files = build_application(loaded, formats, templates)
    if dry_run:
        check_targets(out_dir, list(files))
        return [out_dir / rel for rel in files], loaded.warnings
    return write_all(out_dir, files), loaded.warnings


def write_fields(path: Path, out_dir: Path) -> tuple[list[Path], list[str]]:
    """`gen fields`: one plain-text file per form field and an index; returns (paths, over-limit labels)."""
    from generator.documents.fields import form_fields, index_text
    from generator.documents.markdown import Formatter
    from generator.output.write import write_all

    loaded = load_project(path)
    assert loaded.rules is not None
    fields = form_fields(loaded.project, loaded.facts, loaded.rules, countries())
    folder = Path(loaded.id) / "fields"
    files = {
        folder / f"{i:02d}-{f.id}.txt": f.text.encode("utf-8") for i, f in enumerate(fields, 1)
    }
    files[folder / "index.txt"] = index_text(
        fields, Formatter(loaded.project.language, countries())
    ).encode("utf-8")
    return write_all(out_dir, files), [f.label for f in fields if f.over]


# --- slides and handouts ---------------------------------------------------------------------

SLIDE_FORMATS = ("pptx", "pdf")


def load_input(path: Path) -> Any:
    """A workshop file (LoadedWorkshop) or a project file (Loaded), told apart by their keys."""
    from generator.inputs.load import is_workshop
    from generator.inputs.workshop import load_workshop

    doc = load_file(path)
    if is_workshop(set(doc.data)):
        return load_workshop(path, doc)
    return load_project(path, doc=doc)


def _slide_template(templates: Path | None) -> tuple[bytes, str]:
    from generator.resources import template_dir

    for folder in (templates, template_dir()):
        if folder is not None and (folder / "slides.pptx").is_file():
            return (folder / "slides.pptx").read_bytes(), str(folder / "slides.pptx")
    raise RuntimeError("the built-in slide template is missing; reinstall the package")


def build_slides(item: Any, formats: list[str], templates: Path | None = None) -> dict[Path, bytes]:
    """The deck of a workshop or a project, as {<id>/slides.<fmt>: bytes}."""
    from generator.documents.markdown import labels
    from generator.documents.slides.layout import place_deck
    from generator.documents.slides.pdf import write_pdf
    from generator.documents.slides.pptx import write_pptx
    from generator.documents.slides.project_deck import project_deck
    from generator.documents.slides.workshop_deck import workshop_deck
    from generator.output.convert import DocumentInfo, build_date

    if isinstance(item, Loaded):
        p = item.project
        slides = project_deck(item)
        language, title, author = p.language, p.title, p.applicant.name
    else:
        ws = item.workshop
        slides = workshop_deck(item)
        language, title, author = ws.language, ws.title, ws.organiser.name
    placed = place_deck(slides, f"{title} · {author}", labels(language)["deck"]["continued"])
    info = DocumentInfo(
        title=title, author=author, language=language, subject="", date=build_date()
    )
    out: dict[Path, bytes] = {}
    if "pptx" in formats:
        template, where = _slide_template(templates)
        out[Path(item.id) / "slides.pptx"] = write_pptx(
            placed, template, title, author, language, info.date, where
        )
    if "pdf" in formats:
        from generator.resources import template_dir

        source = (template_dir() / "slides" / "deck.typ").read_bytes()
        out[Path(item.id) / "slides.pdf"] = write_pdf(placed, source, info, str(item.source))
    return out


def build_handout(
    item: Any, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """The handout of a workshop or a project, as {<id>/handout.<fmt>: bytes}."""
    from generator.documents.handout import project_markdown, workshop_markdown
    from generator.documents.markdown import labels
    from generator.output.convert import DocumentInfo, build_date, convert, markdown_to_ast

    if isinstance(item, Loaded):
        p = item.project
        markdown = project_markdown(item, templates)
        language, title, author = p.language, p.title, p.applicant.name
        kind = labels(language)["handout"]["project"]
    else:
        ws = item.workshop
        markdown = workshop_markdown(item, templates)
        language, title, author = ws.language, ws.title, ws.organiser.name
        kind = labels(language)["handout"]["workshop"]
    what = str(item.source)
    info = DocumentInfo(
        title=title, author=author, language=language, subject=kind, date=build_date()
    )
    documents = convert(markdown_to_ast(markdown, what), formats, info, what)
    return {Path(item.id) / f"handout.{fmt}": documents[fmt] for fmt in formats}


def write_documents(
    build: Any, path: Path, out_dir: Path, formats: list[str], templates: Path | None, dry_run: bool
) -> tuple[list[Path], tuple[Problem, ...]]:
    """`gen slides` / `gen handout`: load, build every format, write them all atomically."""
    from generator.output.write import check_targets, write_all

    item = load_input(path)
    files = build(item, formats, templates)
    if dry_run:
        check_targets(out_dir, list(files))
        return [out_dir / rel for rel in files], item.warnings
    return write_all(out_dir, files), item.warnings
