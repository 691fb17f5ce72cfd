"""The stages in order, per document: load → (model, rules, derive) → render → convert → write.

`DOCUMENTS` is the one table of document kinds: the formats each allows, its defaults, whether a
workshop file has it, and its builder. The CLI, `gen batch` and the tests all go through it. A
builder returns the bytes of every file without touching the output folder; `write` is the only
stage that does, atomically (and not at all on a dry run).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from generator.errors import InputError, Problem
from generator.output.formats import PANDOC_FORMATS

# The loaders and the documents are imported where they are used, so that reading this table
# (gen --help builds its options from it) stays cheap.
if TYPE_CHECKING:
    from generator.checks import Review
    from generator.documents.starter import Accreditation
    from generator.loaded import Loaded, LoadedWorkshop
    from generator.rules.ruleset import RuleLibrary

Item: TypeAlias = "Loaded | LoadedWorkshop"
Builder = Callable[[Item, list[str], "Path | None"], dict[Path, bytes]]


def _project_only(item: Item, document: str) -> Loaded:
    from generator.loaded import Loaded

    if not isinstance(item, Loaded):
        raise InputError(
            item.doc.problem(
                (),
                f"this is a workshop file: it has no {document}",
                "a workshop gives slides and a handout: gen slides FILE, gen handout FILE",
            )
        )
    return item


def build_application(
    item: Item, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """The application text of a project, as {<id>/application.<fmt>: bytes}."""
    from generator.documents.application import render_application
    from generator.documents.language import labels
    from generator.output.convert import DocumentInfo, build_date, convert, markdown_to_ast

    loaded = _project_only(item, "application")
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


def _slide_template(templates: Path | None) -> tuple[bytes, str]:
    from generator.errors import GenError
    from generator.output.safe_zip import read_user_file
    from generator.resources import template_dir

    if templates is not None and os.path.lexists(templates / "slides.pptx"):
        # The user's template must really be in the folder: not a link leading out of it.
        real = os.path.realpath(templates / "slides.pptx")
        if not Path(real).is_relative_to(os.path.realpath(templates)):
            raise InputError(
                Problem(
                    str(templates / "slides.pptx"),
                    1,
                    1,
                    "-",
                    f"template error: it links outside {templates}",
                    "copy the template into the folder instead of linking to it",
                )
            )
        return read_user_file(templates / "slides.pptx"), str(templates / "slides.pptx")
    if (template_dir() / "slides.pptx").is_file():
        return read_user_file(template_dir() / "slides.pptx"), str(template_dir() / "slides.pptx")
    raise GenError("the built-in slide template is missing; reinstall the package")


def _described(item: Item) -> tuple[str, str, str]:
    """Language, title and author of a project or a workshop."""
    from generator.loaded import Loaded

    if isinstance(item, Loaded):
        p = item.project
        return p.language, p.title, p.applicant.name
    ws = item.workshop
    return ws.language, ws.title, ws.organiser.name


def build_slides(
    item: Item, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """The deck of a workshop or a project, as {<id>/slides.<fmt>: bytes}."""
    from generator.documents.language import labels
    from generator.documents.slides.layout import place_deck
    from generator.documents.slides.pdf import write_pdf
    from generator.documents.slides.pptx import write_pptx
    from generator.documents.slides.project_deck import project_deck
    from generator.documents.slides.workshop_deck import workshop_deck
    from generator.loaded import Loaded
    from generator.output.convert import DocumentInfo, build_date
    from generator.resources import template_dir

    slides = project_deck(item) if isinstance(item, Loaded) else workshop_deck(item)
    language, title, author = _described(item)
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
        source = (template_dir() / "slides" / "deck.typ").read_bytes()
        out[Path(item.id) / "slides.pdf"] = write_pdf(placed, source, info, str(item.source))
    return out


def build_handout(
    item: Item, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """The handout of a workshop or a project, as {<id>/handout.<fmt>: bytes}."""
    from generator.documents.handout import project_markdown, workshop_markdown
    from generator.documents.language import labels
    from generator.loaded import Loaded
    from generator.output.convert import DocumentInfo, build_date, convert, markdown_to_ast

    if isinstance(item, Loaded):
        markdown, kind = project_markdown(item, templates), "project"
    else:
        markdown, kind = workshop_markdown(item, templates), "workshop"
    language, title, author = _described(item)
    what = str(item.source)
    info = DocumentInfo(
        title=title,
        author=author,
        language=language,
        subject=labels(language)["handout"][kind],
        date=build_date(),
    )
    documents = convert(markdown_to_ast(markdown, what), formats, info, what)
    return {Path(item.id) / f"handout.{fmt}": documents[fmt] for fmt in formats}


@dataclass(frozen=True)
class FieldFiles:
    """The paste-ready form fields of a project as files, and the labels of those over the limit."""

    files: dict[Path, bytes]
    over: list[str]


def field_files(loaded: Loaded) -> FieldFiles:
    """<id>/fields/NN-<field>.txt for each web-form field in form order, and an index.txt."""
    from generator.documents.fields import form_fields, index_text
    from generator.documents.language import Formatter

    fields = form_fields(loaded.project, loaded.facts, loaded.rules, loaded.budget)
    folder = Path(loaded.id) / "fields"
    files = {
        folder / f"{i:02d}-{f.id}.txt": f.text.encode("utf-8") for i, f in enumerate(fields, 1)
    }
    files[folder / "index.txt"] = index_text(fields, Formatter(loaded.project.language)).encode(
        "utf-8"
    )
    return FieldFiles(files, [f.label for f in fields if f.over])


def build_fields(
    item: Item, formats: list[str], templates: Path | None = None
) -> dict[Path, bytes]:
    """The web form's fields as plain text files (formats: txt; templates are not used)."""
    return field_files(_project_only(item, "form fields")).files


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: the formats it allows, its defaults, who has it, and its builder."""

    name: str
    formats: tuple[str, ...]
    defaults: tuple[str, ...]  # of its own command (gen <name>)
    batch_defaults: tuple[str, ...]  # of gen batch (none: built only when asked for)
    workshops: bool  # a workshop file has this document too (every project file has it)
    build: Builder


DOCUMENTS: dict[str, DocumentKind] = {
    kind.name: kind
    for kind in (
        DocumentKind(
            "application",
            PANDOC_FORMATS,
            ("md", "docx", "pdf"),
            ("md", "docx", "pdf"),
            False,
            build_application,
        ),
        DocumentKind(
            "handout", PANDOC_FORMATS, ("docx", "pdf"), ("docx", "pdf"), True, build_handout
        ),
        DocumentKind(
            "slides", ("pptx", "pdf"), ("pptx", "pdf"), ("pptx", "pdf"), True, build_slides
        ),
        DocumentKind("fields", ("txt",), ("txt",), (), False, build_fields),
    )
}


def write(out_dir: Path, files: dict[Path, bytes], dry_run: bool = False) -> list[Path]:
    """Write every file atomically, all or nothing; on a dry run, only check where they would go."""
    from generator.output.write import check_targets, write_all

    if dry_run:
        check_targets(out_dir, list(files))
        return [out_dir / rel for rel in files]
    return write_all(out_dir, files)


def write_document(
    document: str,
    path: Path,
    out_dir: Path,
    formats: list[str],
    templates: Path | None = None,
    dry_run: bool = False,
    rules_dir: Path | None = None,
    allowed: tuple[Path, ...] = (),
) -> tuple[list[Path], tuple[Problem, ...]]:
    """`gen application|handout|slides`: load, build every format, write them all atomically.

    Returns the paths (to be) written and the input's warnings.
    """
    from generator.loaded import load_input, load_project
    from generator.rules.ruleset import RuleLibrary

    kind = DOCUMENTS[document]
    library = RuleLibrary(rules_dir)
    item = (
        load_input(path, library, allowed)
        if kind.workshops
        else load_project(path, rules=library, allowed=allowed)
    )
    files = kind.build(item, formats, templates)
    return write(out_dir, files, dry_run), item.warnings


def write_fields(
    path: Path, out_dir: Path, rules_dir: Path | None = None, allowed: tuple[Path, ...] = ()
) -> tuple[list[Path], list[str], tuple[Problem, ...]]:
    """`gen fields`: one plain-text file per form field and an index; returns the paths, the
    labels of fields over their limit, and the project's warnings."""
    from generator.loaded import load_project
    from generator.rules.ruleset import RuleLibrary

    loaded = load_project(path, rules=RuleLibrary(rules_dir), allowed=allowed)
    fields = field_files(loaded)
    return write(out_dir, fields.files), fields.over, loaded.warnings


def budget(
    path: Path, rules_dir: Path | None = None, allowed: tuple[Path, ...] = ()
) -> tuple[Loaded, tuple[Problem, ...]]:
    """`gen budget`: the loaded project and its findings, a budget over the cap as an error."""
    from generator.facts.budget import over_cap_as_errors
    from generator.loaded import load_project
    from generator.rules.ruleset import RuleLibrary

    loaded = load_project(path, rules=RuleLibrary(rules_dir), allowed=allowed)
    return loaded, over_cap_as_errors(loaded.warnings)


def review_files(
    paths: list[Path], rules_dir: Path | None = None, allowed: tuple[Path, ...] = ()
) -> list[Review]:
    """`gen check`: the review of each file; a file that cannot be read is reviewed as its problems."""
    from generator.checks import failed_review, review
    from generator.documents.fields import form_fields
    from generator.loaded import load_draft
    from generator.rules.ruleset import RuleLibrary

    reviews = []
    for path in paths:
        try:
            draft = load_draft(path, rules=RuleLibrary(rules_dir), allowed=allowed)
        except InputError as exc:
            reviews.append(failed_review(str(path), exc.problems))
            continue
        fields = (
            form_fields(draft.project, draft.facts, draft.rules, draft.budget)
            if draft.rules is not None
            else []
        )
        reviews.append(review(draft, fields))
    return reviews


def new_project(
    action: str,
    language: str,
    target: Path | None,
    call: int | None = None,
    rules_dir: Path | None = None,
    force: bool = False,
    accreditation: Path | None = None,
) -> tuple[str, Path | None, list[str]]:
    """`gen new`: the skeleton of an `action` project for `call` (default: the newest call that
    offers it), written atomically to `target` (None: only returned, for standard output); and
    warnings (rules assumed from another call)."""
    from generator.documents.starter import skeleton
    from generator.errors import OutputError, UsageError
    from generator.inputs.ids import is_valid_id
    from generator.rules.ruleset import RuleLibrary

    library = RuleLibrary(rules_dir)
    offering = [c for c in library.calls() if library.load(c).offers(action)]
    if call is None:
        if not offering:
            raise UsageError(f"no rule set offers {action}")
        call = offering[-1]
    rules, issues = library.for_call(call)
    if rules is None or not rules.offers(action):
        raise UsageError(
            f"{action} is not an action of call {call}; it is in the calls "
            + (", ".join(map(str, offering)) or "none")
        )
    plan = None
    if rules.action(action).get("accreditation_required"):
        plan = _plan_of(action, accreditation, target, library)
    stem = target.stem.lower() if target is not None else ""
    text = skeleton(action, rules, language, stem if is_valid_id(stem) else "my-project", plan)
    notes = [f"warning: {i.message}" for i in issues]
    if target is None:
        return text, None, notes
    if str(target) in ("", ".") or target.is_dir():
        raise OutputError(
            f"'{target}' is a folder; -o names the file to write, e.g. -o projects/min.yaml"
        )
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OutputError(
            f"{target} is not a regular file; gen new writes only to a new or regular file"
        )
    if target.exists() and not force:
        raise OutputError(f"{target} exists; choose another name with -o, or --force to replace it")
    write(target.parent, {Path(target.name): text.encode("utf-8")})
    return text, target, notes


def file_schema(kind: str) -> dict[str, Any]:
    """`gen schema`: the JSON Schema of a project or workshop file; a project's `priorities` lists
    each call's priority keys with their Norwegian (bokmål) names."""
    from generator.inputs.project import project_schema
    from generator.inputs.workshop import workshop_schema
    from generator.rules.ruleset import RuleLibrary

    if kind != "project":
        return workshop_schema()
    schema = project_schema()
    library = RuleLibrary()
    years: dict[str, list[int]] = {}
    for call in library.calls():
        names = library.load(call).priorities
        listed = ", ".join(f"{key} ({name['nb']})" for key, name in names.items())
        years.setdefault(listed, []).append(call)
    calls = "; ".join(
        f"call {'–'.join(map(str, sorted({min(y), max(y)})))}: {listed}"
        for listed, y in sorted(years.items(), key=lambda item: -max(item[1]))
    )
    field = schema["properties"]["priorities"]
    field["description"] = f"{field['description']} {calls}."
    return schema


def _plan_of(
    action: str, accreditation: Path | None, target: Path | None, library: RuleLibrary
) -> Accreditation:
    """The accreditation a new KA121-SCH request refers to: its path from the request's folder
    and its goal ids (the file must be a valid KA120-SCH project)."""
    import os

    from generator.documents.starter import Accreditation
    from generator.errors import UsageError
    from generator.loaded import load_draft

    if accreditation is None:
        raise UsageError(
            f"{action} takes its objectives from an accreditation: give its file with "
            "--accreditation FILE (gen new KA120-SCH writes one)"
        )
    plan = load_draft(accreditation, rules=library)
    if plan.project.action != "KA120-SCH":
        raise UsageError(f"{accreditation} is a {plan.project.action} project, not KA120-SCH")
    folder = target.parent if target is not None else Path(".")
    path = Path(os.path.relpath(accreditation.resolve(), folder.resolve())).as_posix()
    return Accreditation(path, tuple(g.id for g in plan.project.goals))
