"""load → model → rules → derive → budget, assembled: what every document and the review start from.

`load_project` gives a `Loaded` project: valid, inside its call's rules, with its facts and its
budget, or an InputError listing every problem. `load_draft` gives a `Draft`: a project that
parses, with whatever of the rules and the budget could be applied and every finding kept (what
`gen check` reviews). `load_workshop` loads a workshop file with its rule set and its example
projects; `load_input` tells the two kinds of file apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import GenError, InputError, Problem
from generator.facts.budget import Budget, estimate
from generator.facts.derive import Facts, derive
from generator.inputs.load import Document, is_workshop, load_file, referenced_file
from generator.inputs.project import Project, parse_project
from generator.inputs.theme import ResolvedTheme, resolve
from generator.inputs.workshop import Workshop, parse_workshop
from generator.messages import Listing, said
from generator.rules.actions import form_parts
from generator.rules.call_checks import check
from generator.rules.ruleset import RuleLibrary, RuleSet, rules_for


def _warnings(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    return tuple(p for p in problems if p.level == "warning")  # advice (info) is for gen check


@dataclass(frozen=True)
class Draft:
    """A project that parses, with its facts, and its rule set and budget where they could be had:
    `rules` is None when the call or action has no rule set, `budget` when a hard rule failed.
    `problems` holds every rule and budget finding, errors included."""

    source: Path
    doc: Document
    project: Project
    facts: Facts
    rules: RuleSet | None
    budget: Budget | None
    problems: tuple[Problem, ...]
    accreditation: Project | None = None  # a KA121-SCH request's KA120-SCH plan
    theme: ResolvedTheme | None = None  # the file's own theme, its logo read

    @property
    def id(self) -> str:
        return self.project.id or self.source.stem

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return _warnings(self.problems)


@dataclass(frozen=True)
class Loaded:
    """A valid project inside its call's rules, with its facts, rule set and budget; `problems`
    are warnings only (advice that never blocks a document)."""

    source: Path
    doc: Document
    project: Project
    facts: Facts
    rules: RuleSet
    budget: Budget
    problems: tuple[Problem, ...] = ()
    accreditation: Project | None = None  # a KA121-SCH request's KA120-SCH plan
    theme: ResolvedTheme | None = None  # the file's own theme, its logo read

    @property
    def id(self) -> str:
        return self.project.id or self.source.stem

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return _warnings(self.problems)


@dataclass(frozen=True)
class LoadedWorkshop:
    """A valid workshop with its call's rule set and its loaded example projects."""

    source: Path
    doc: Document
    workshop: Workshop
    rules: RuleSet
    examples: tuple[Loaded, ...]  # in the file's order
    problems: tuple[Problem, ...] = ()  # the workshop file's own warnings
    theme: ResolvedTheme | None = None  # the file's own theme, its logo read

    @property
    def id(self) -> str:
        return self.workshop.id or self.source.stem

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The workshop file's warnings, then its examples'."""
        return self.problems + tuple(w for e in self.examples for w in e.warnings)


def _not_a_workshop(doc: Document) -> None:
    if is_workshop(set(doc.data)):
        raise InputError(doc.problem((), *said("file.workshop-not-project")))


def _accreditation(
    path: Path, doc: Document, rules: RuleLibrary | None, follow: bool, allowed: Sequence[Path]
) -> Draft | None:
    """A KA121-SCH request's accreditation (the KA120-SCH file it names), loaded; None for any
    other file. Its problems are reported in its own file; naming no KA120-SCH file is an error
    at `accreditation`."""
    name = doc.data.get("accreditation")
    if doc.data.get("action") != "KA121-SCH" or not isinstance(name, str):
        return None
    target, refused = referenced_file(path, name, allowed)
    if refused is not None:
        raise InputError(doc.problem(("accreditation",), *refused))
    if not follow:
        raise InputError(doc.problem(("accreditation",), *said("file.accreditation-of-plan")))
    if not target.is_file():
        raise InputError(
            doc.problem(("accreditation",), *said("file.accreditation-missing", path=str(target)))
        )
    accreditation = load_draft(target, rules=rules, follow=False, allowed=allowed)
    if accreditation.errors:  # a request stands on its accreditation: it must hold
        raise InputError(list(accreditation.errors))
    if accreditation.project.action != "KA120-SCH":
        action = accreditation.project.action
        raise InputError(
            doc.problem(
                ("accreditation",),
                *said("file.not-accreditation", path=str(target), action=action),
            )
        )
    return accreditation


def load_draft(
    path: Path,
    doc: Document | None = None,
    rules: RuleLibrary | None = None,
    follow: bool = True,
    allowed: Sequence[Path] = (),
) -> Draft:
    """Load, validate, derive and, where the call allows, check and budget one project file.

    A KA121-SCH request takes the needs and objectives of the accreditation it names
    (`follow=False` when loading that accreditation itself); the file it names must be inside
    the request's folder, its repository or one of the `allowed` folders.
    Raises InputError only for what keeps the file from being read at all (YAML, schema,
    references); the call's rules and the budget become the draft's problems.
    """
    doc = doc or load_file(path)
    _not_a_workshop(doc)
    accreditation = _accreditation(path, doc, rules, follow, allowed)
    known: dict[str, set[str] | None] | None = None
    if accreditation is not None:
        plan = accreditation.project
        known = {"needs": {n.id for n in plan.needs}, "goals": {g.id for g in plan.goals}}
    elif doc.data.get("action") == "KA121-SCH":  # no accreditation named: its goals are unknown
        known = {"goals": None}
    project = parse_project(doc, default_id=path.stem, known=known)
    if accreditation is not None:
        update: dict[str, object] = {"needs": accreditation.project.needs}
        if not project.goals:
            update["goals"] = accreditation.project.goals
        project = project.model_copy(update=update)
    facts = derive(project)
    theme, theme_warnings = resolve(doc, project.theme, path, allowed)
    ruleset, issues = rules_for(project, rules)
    issues += form_parts(project.action, doc.data, project.quality_standards)
    budget = None
    if ruleset is not None:
        issues += check(project, ruleset, facts.end)
        if not any(i.level == "error" for i in issues):
            budget, budget_issues = estimate(project, ruleset)
            issues += budget_issues
    located = {doc.locate(i) for i in issues} | set(theme_warnings)
    problems = sorted(located, key=lambda p: (p.line, p.col, p.key))
    accredited = accreditation.project if accreditation is not None else None
    return Draft(path, doc, project, facts, ruleset, budget, tuple(problems), accredited, theme)


def load_project(
    path: Path,
    doc: Document | None = None,
    rules: RuleLibrary | None = None,
    allowed: Sequence[Path] = (),
) -> Loaded:
    """Load a project for its documents: every problem (YAML, schema, the call's hard rules, the
    budget) is raised at once as an InputError; warnings travel with the result."""
    draft = load_draft(path, doc, rules, allowed=allowed)
    if draft.errors:
        raise InputError(list(draft.errors))
    if draft.rules is None or draft.budget is None:  # no error, so rules_for found a rule set
        raise GenError(f"{path}: loaded without a rule set or a budget and without an error")
    return Loaded(
        path,
        draft.doc,
        draft.project,
        draft.facts,
        draft.rules,
        draft.budget,
        draft.warnings,
        draft.accreditation,
        draft.theme,
    )


def load_workshop(
    path: Path,
    doc: Document | None = None,
    rules: RuleLibrary | None = None,
    allowed: Sequence[Path] = (),
) -> LoadedWorkshop:
    """Load and validate a workshop file, its call's rule set and every example project.

    An action the call does not offer is reported at its place in `actions`; an example's own
    problems at their place in the example file; an example of an action the workshop does not
    present at examples[i].
    """
    doc = doc or load_file(path)
    workshop = parse_workshop(doc, default_id=path.stem)
    theme, theme_warnings = resolve(doc, workshop.theme, path, allowed)
    library = rules or RuleLibrary()
    ruleset, issues = library.for_call(workshop.call)
    located = [doc.locate(i) for i in issues]
    if ruleset is None:
        raise InputError(located)
    offered = Listing.of(ruleset.offered_actions())
    problems = [
        doc.problem(
            ("actions", i),
            *said("file.action-not-offered", action=action, call=workshop.call, offered=offered),
        )
        for i, action in enumerate(workshop.actions)
        if not ruleset.offers(action)
    ]
    examples = []
    for i, name in enumerate(workshop.examples):
        shown, refused = referenced_file(path, name, allowed)
        if refused is not None:
            problems.append(doc.problem(("examples", i), *refused))
            continue
        if not shown.is_file():
            problems.append(
                doc.problem(("examples", i), *said("file.example-missing", path=str(shown)))
            )
            continue
        try:
            loaded = load_project(shown, rules=library, allowed=allowed)
        except InputError as exc:
            problems += exc.problems
            continue
        if loaded.project.action not in workshop.actions:
            problems.append(
                doc.problem(
                    ("examples", i),
                    *said(
                        "file.example-action",
                        path=str(shown),
                        action=loaded.project.action,
                        presented=Listing.of(workshop.actions),
                    ),
                )
            )
        examples.append(loaded)
    if problems:
        raise InputError(problems)
    warnings = tuple(located) + tuple(theme_warnings)
    return LoadedWorkshop(path, doc, workshop, ruleset, tuple(examples), warnings, theme)


def load_input(
    path: Path, rules: RuleLibrary | None = None, allowed: Sequence[Path] = ()
) -> Loaded | LoadedWorkshop:
    """A workshop file (LoadedWorkshop) or a project file (Loaded), told apart by their keys;
    the file is read once."""
    doc = load_file(path)
    if is_workshop(set(doc.data)):
        return load_workshop(path, doc, rules, allowed)
    return load_project(path, doc, rules, allowed)
