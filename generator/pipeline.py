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
    from generator.inputs.theme import ResolvedTheme
    from generator.loaded import Loaded, LoadedWorkshop
    from generator.output.convert import Look
    from generator.rules.ruleset import RuleLibrary

Item: TypeAlias = "Loaded | LoadedWorkshop"
# A builder takes the item, its formats, a user's template folder and the shared theme (the
# --theme file's, under which the item's own theme goes).
Builder = Callable[[Item, list[str], "Path | None", "ResolvedTheme | None"], dict[Path, bytes]]


def _project_only(item: Item, document: str) -> Loaded:
    from generator.loaded import Loaded
    from generator.messages import said

    if not isinstance(item, Loaded):
        raise InputError(item.doc.problem((), *said("file.workshop-has-no", document=document)))
    return item


def build_application(
    item: Item,
    formats: list[str],
    templates: Path | None = None,
    theme: ResolvedTheme | None = None,
) -> dict[Path, bytes]:
    """The application text of a project, as {<id>/application.<fmt>: bytes}."""
    loaded = _project_only(item, "application")
    return _in_look(
        loaded, templates, theme, lambda look: _application(loaded, formats, templates, look)
    )


def _in_look(
    item: Item,
    templates: Path | None,
    theme: ResolvedTheme | None,
    make: Callable[[Look | None], dict[Path, bytes]],
) -> dict[Path, bytes]:
    """`make` a text document in its look (the built-in, the --theme file's and the item's own
    theme, a user's reference.docx and document.typ), with a user's labels merged in."""
    from generator.documents.language import user_labels
    from generator.documents.theming import document_look, theme_of

    with user_labels(templates):
        return make(document_look(theme_of(item.theme, theme), templates))


def _application(
    loaded: Loaded, formats: list[str], templates: Path | None, look: Look | None
) -> dict[Path, bytes]:
    from generator.documents.application import render_application
    from generator.documents.language import labels
    from generator.output.convert import DocumentInfo, build_date, convert, markdown_to_ast

    project = loaded.project
    what = str(loaded.source)
    ast = markdown_to_ast(render_application(loaded, templates), what, builtin=templates is None)
    info = DocumentInfo(
        title=project.title,
        author=project.applicant.name,
        language=project.language,
        subject=f"Erasmus+ {project.action} · {labels(project.language)['document']['application']}",
        description=labels(project.language)["document"]["generated_note"],
        date=build_date(),
    )
    documents = convert(ast, formats, info, what, look)
    return {Path(loaded.id) / f"application.{fmt}": documents[fmt] for fmt in formats}


def _described(item: Item) -> tuple[str, str, str]:
    """Language, title and author of a project or a workshop."""
    from generator.loaded import Loaded

    if isinstance(item, Loaded):
        p = item.project
        return p.language, p.title, p.applicant.name
    ws = item.workshop
    return ws.language, ws.title, ws.organiser.name


def build_slides(
    item: Item,
    formats: list[str],
    templates: Path | None = None,
    theme: ResolvedTheme | None = None,
) -> dict[Path, bytes]:
    """The deck of a workshop or a project, as {<id>/slides.<fmt>: bytes}."""
    from generator.documents.slides.build import build_deck

    language, title, author = _described(item)
    return build_deck(item, formats, (language, title, author), templates, theme)


def build_handout(
    item: Item,
    formats: list[str],
    templates: Path | None = None,
    theme: ResolvedTheme | None = None,
) -> dict[Path, bytes]:
    """The handout of a workshop or a project, as {<id>/handout.<fmt>: bytes}."""
    return _in_look(item, templates, theme, lambda look: _handout(item, formats, templates, look))


def _handout(
    item: Item, formats: list[str], templates: Path | None, look: Look | None
) -> dict[Path, bytes]:
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
    ast = markdown_to_ast(markdown, what, builtin=templates is None)
    documents = convert(ast, formats, info, what, look)
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
    item: Item,
    formats: list[str],
    templates: Path | None = None,
    theme: ResolvedTheme | None = None,
) -> dict[Path, bytes]:
    """The web form's fields as plain text files (formats: txt; templates are not used)."""
    return field_files(_project_only(item, "fields")).files


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


def share_before_fork(documents: set[str], templates: Path | None) -> None:
    """`gen batch`, before its workers fork: documents.preload.share_before_fork."""
    from generator.documents.preload import share_before_fork as share

    share(documents, templates)


def build_documents(
    item: Item | None,
    documents: dict[str, list[str]],
    templates: Path | None = None,
    theme: Path | None = None,
    allowed: tuple[Path, ...] = (),
) -> tuple[dict[str, dict[Path, bytes]], list[Problem]]:
    """Each of `documents` (kind → formats) of `item`, with a user's templates and a shared
    theme file (`theme`, checked first: an InputError if it cannot be used); and the warnings
    of building them (the theme file's, the template folder's, characters without a font)."""
    from generator.documents.theming import build_notes
    from generator.inputs.theme import load_theme_file

    shared, notes = load_theme_file(theme, allowed) if theme else (None, [])
    built = (
        {
            doc: DOCUMENTS[doc].build(item, fmts, templates, shared)
            for doc, fmts in documents.items()
        }
        if item
        else {}
    )
    for doc, fmts in documents.items():
        notes += build_notes(item, doc, fmts, templates, shared)
    return built, list({str(n): n for n in notes}.values())


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
    theme: Path | None = None,
) -> tuple[list[Path], tuple[Problem, ...], str]:
    """`gen application|handout|slides`: load, build every format, write them all atomically.
    `theme` is a shared theme file (--theme), under the file's own theme.

    Returns the paths (to be) written, the warnings (the input's, the theme file's, about the
    template folder, and about characters the PDF has no font for) and the file's language.
    """
    from generator.loaded import load_input, load_project
    from generator.rules.ruleset import RuleLibrary

    kind = DOCUMENTS[document]
    library = RuleLibrary(rules_dir)
    build_documents(None, {}, None, theme, allowed)  # a theme file that cannot be used: no load
    item = (
        load_input(path, library, allowed)
        if kind.workshops
        else load_project(path, rules=library, allowed=allowed)
    )
    built, notes = build_documents(item, {document: formats}, templates, theme, allowed)
    return write(out_dir, built[document], dry_run), (*item.warnings, *notes), item.doc.language


def write_fields(
    path: Path, out_dir: Path, rules_dir: Path | None = None, allowed: tuple[Path, ...] = ()
) -> tuple[list[Path], list[str], tuple[Problem, ...], str]:
    """`gen fields`: one plain-text file per form field and an index; returns the paths, the
    labels of fields over their limit, the project's warnings and its language."""
    from generator.loaded import load_project
    from generator.rules.ruleset import RuleLibrary

    loaded = load_project(path, rules=RuleLibrary(rules_dir), allowed=allowed)
    fields = field_files(loaded)
    return write(out_dir, fields.files), fields.over, loaded.warnings, loaded.doc.language


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
    from generator.messages import Listing, Msg
    from generator.rules.ruleset import RuleLibrary

    library = RuleLibrary(rules_dir)
    offering = [c for c in library.calls() if library.load(c).offers(action)]
    if call is None:
        if not offering:
            raise UsageError(Msg("new.no-rule-set", action=action), language)
        call = offering[-1]
    rules, issues = library.for_call(call)
    if rules is None or not rules.offers(action):
        calls = Listing.of(map(str, offering)) if offering else Msg("word.none")
        raise UsageError(Msg("new.not-in-call", action=action, call=call, calls=calls), language)
    plan = None
    if rules.action(action).get("accreditation_required"):
        plan = _plan_of(action, accreditation, target, library, language)
    stem = target.stem.lower() if target is not None else ""
    text = skeleton(action, rules, language, stem if is_valid_id(stem) else "my-project", plan)
    warning = Msg("word.warning").say(language)
    notes = [f"{warning}: {i.message.say(language)}" for i in issues]
    if target is None:
        return text, None, notes
    if str(target) in ("", ".") or target.is_dir():
        example = "projects/min.yaml"
        raise OutputError(Msg("new.folder", target=str(target), example=example), language)
    if target.is_symlink() or (target.exists() and not target.is_file()):
        raise OutputError(Msg("new.not-regular", target=str(target)), language)
    if target.exists() and not force:
        raise OutputError(Msg("new.exists", target=str(target)), language)
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
    action: str,
    accreditation: Path | None,
    target: Path | None,
    library: RuleLibrary,
    language: str,
) -> Accreditation:
    """The accreditation a new KA121-SCH request refers to: its path from the request's folder
    and its goal ids (the file must be a valid KA120-SCH project). Errors in `language`."""

    from generator.documents.starter import Accreditation
    from generator.errors import UsageError
    from generator.loaded import load_draft
    from generator.messages import Msg

    if accreditation is None:
        raise UsageError(Msg("new.needs-accreditation", action=action), language)
    plan = load_draft(accreditation, rules=library)
    if plan.project.action != "KA120-SCH":
        found = Msg("new.not-accreditation", path=str(accreditation), action=plan.project.action)
        raise UsageError(found, language)
    folder = target.parent if target is not None else Path(".")
    path = Path(os.path.relpath(accreditation.resolve(), folder.resolve())).as_posix()
    return Accreditation(path, tuple(g.id for g in plan.project.goals))
