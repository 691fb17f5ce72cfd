"""The web form's fields of a project, in form order, as the plain text to paste into them.

Each field's text is the user's own text (verbatim: no Markdown, nothing escaped) arranged with
the labels and numbering of the project's language. As in the documents, a blank line starts a
new paragraph and a single line break inside one (a wrapped YAML `|` block) becomes a space, so a
paragraph pastes as one. A goal or a need another field refers to is named by its own words
(`short_form`), not by a number that means nothing once pasted. Character limits come from the call's rule
set (`form_field_limits`); the counting is the form's: every character, spaces and line breaks
included, a line break counting one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.documents.activities import name_text, place_text, where, where_text
from generator.documents.language import Formatter, labels
from generator.documents.markdown import prose
from generator.errors import KeyPath
from generator.facts.budget import Budget
from generator.facts.derive import Facts
from generator.inputs.parts import Activity
from generator.inputs.project import Project
from generator.rules.actions import ACTIONS
from generator.rules.plan_checks import activity_year
from generator.rules.ruleset import RuleSet


@dataclass(frozen=True)
class Field:
    """One form field: what to paste, where it comes from, and its limit."""

    id: str
    label: str
    text: str
    path: KeyPath  # the project key the text comes from (the first, where several)
    limit: int
    limit_confidence: str  # P, S or A (assumed: the limit itself is not confirmed)

    @property
    def length(self) -> int:
        """Characters as the web form counts them (NFC, spaces and line breaks included)."""
        return len(unicodedata.normalize("NFC", self.text))

    @property
    def over(self) -> bool:
        return self.length > self.limit


def summary_sentences(project: Project, facts: Facts, fmt: Formatter) -> list[str]:
    """The facts-only summary used when the project file has no `summary`: who applies for what
    and when, the organisations, the activities abroad (and apart from them those at home or
    online), and how many goals."""
    text = fmt.labels["summary"]
    family = ACTIONS[project.action].family
    applies = {"accreditation": "applies_accreditation"}.get(family, "applies")
    if "accreditation" in ACTIONS[project.action].requires:
        applies = "applies_request"
    sentences = [
        text[applies].format(
            applicant=project.applicant.name,
            action=project.action,
            start=fmt.date(project.period.start),
            end=fmt.date(facts.end),
            months=fmt.plural(project.period.months, "months"),
        )
    ]
    if project.consortium:
        sentences.append(text["consortium"].format(members=fmt.counts(list(facts.members_by_type))))
    if project.partners:
        sentences.append(
            text["partnership"].format(
                organisations=fmt.plural(facts.organisations, "organisations"),
                countries=fmt.countries(list(facts.organisation_countries)),
                applicant=project.applicant.name,
                role=fmt.labels["roles"][project.role or "partner"],
            )
        )
    sentences += activity_sentences(project, facts, fmt)
    goals = "goals_plan" if family == "accreditation" else "goals"
    sentences.append(text[goals].format(goals=fmt.plural(len(project.goals), "goals")))
    return sentences


def activity_sentences(project: Project, facts: Facts, fmt: Formatter) -> list[str]:
    """ "21 deltakere skal delta i 2 aktiviteter i Finland og på Island." and, apart, those who
    take part at home or online; an Erasmus plan whose places are not chosen says neither."""
    text = fmt.labels["summary"]
    abroad = [a for a in project.activities if a.destination is not None]
    home = [a for a in project.activities if where(a) in ("incoming", "local", "virtual")]
    out = []
    if abroad:
        out.append(
            text["activities"].format(
                participants=fmt.plural(sum(a.participants for a in abroad), "participants"),
                activities=fmt.plural(len(abroad), "activities"),
                where=fmt.in_countries(list(facts.destination_countries)),
            )
        )
    if home and (abroad or len(home) == len(project.activities)):
        online = {where(a) == "virtual" for a in home}
        kind = "both" if len(online) == 2 else ("virtual" if True in online else "local")
        out.append(
            text["home_also" if abroad else "home"].format(
                participants=fmt.plural(sum(a.participants for a in home), "participants"),
                activities=fmt.plural(len(home), "activities"),
                where=text["where_home"][kind],
            )
        )
    return out


def unserved_goals(project: Project) -> list[str]:
    """A request's goals (its accreditation's) that no activity of this round serves."""
    if "accreditation" not in ACTIONS[project.action].requires:
        return []
    served = {g for a in project.activities for g in a.goals}
    return [g.id for g in project.goals if g.id not in served]


def plain(text: str | None) -> str:
    """A user's text as the form takes it: its paragraphs (`markdown.prose`) apart by a blank line."""
    return "\n\n".join(prose(text or ""))


SHORT = 140  # a goal or a need named in another field: its first sentence up to this long
CUT = 110  # a longer one is cut after a comma or a word before this many characters
# The end of a sentence: not "9. trinn" (an ordinal), and followed by a new sentence or nothing.
_SENTENCE_END = re.compile(r"(?<![0-9])[.!?]+(?=\s+[^\s a-zæøå]|\s*$)")


def short_form(text: str) -> str:
    """A goal or a need named in another field by its own words: its first sentence (without the
    full stop), or, if that is longer than SHORT, its beginning up to a comma or a word, with "…"."""
    first = (prose(text) or [""])[0]
    end = _SENTENCE_END.search(first)
    sentence = first[: end.start()] if end else first
    if len(sentence) <= SHORT:
        return sentence
    comma = sentence.rfind(", ", 60, CUT)
    cut = comma if comma > 0 else sentence.rfind(" ", 0, CUT)
    return sentence[: cut if cut > 0 else CUT].rstrip(",;: ") + "…"


def _named(ids: list[str], short: dict[str, str]) -> str:
    """Goals or needs by their short forms: "Faglærerne bruker …; Skolen har …" (an id that is
    not there stays an id: a draft under review may name one)."""
    return "; ".join(short.get(i, i) for i in ids)


def _closed(text: str) -> str:
    """`text` as the end of a sentence: a full stop unless it ends in one or in "…"."""
    return text if text.endswith((".", "…", "!", "?")) else f"{text}."


def _lines(items: list[str], bullet: str = "- ") -> str:
    return "\n".join(f"{bullet}{plain(item)}" for item in items)


def _numbered(items: list[str]) -> str:
    return "\n\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


class _Builder:
    def __init__(self, project: Project, facts: Facts, fmt: Formatter, budget: Budget | None):
        self.p, self.f, self.fmt, self.L = project, facts, fmt, fmt.labels
        self.estimate = budget
        # Goals and needs as other fields name them, each shortened once.
        self.goal_texts = {g.id: short_form(g.text) for g in project.goals}
        self.need_texts = {n.id: short_form(n.text) for n in project.needs}

    def title(self) -> tuple[str, KeyPath]:
        return plain(self.p.title), ("title",)

    def acronym(self) -> tuple[str, KeyPath]:
        return plain(self.p.acronym), ("acronym",)

    def organisation(self) -> tuple[str, KeyPath]:
        return plain(self.p.applicant.description), ("applicant", "description")

    def needs(self) -> tuple[str, KeyPath]:
        return _numbered([plain(n.text) for n in self.p.needs]), ("needs",)

    def goals(self) -> tuple[str, KeyPath]:
        fields, items = self.L["fields"], []
        unserved = unserved_goals(self.p)
        for g in self.p.goals:
            answers = self.fmt.number_form(len(g.needs), fields["answers_needs"])
            text = f"{plain(g.text)}\n({answers}: {_named(g.needs, self.need_texts)})"
            if g.measure:
                text += f"\n{fields['measure']}: {plain(g.measure)}"
            if g.when:
                text += f"\n{fields['when']}: {plain(g.when)}"
            if g.id in unserved:
                text += f"\n{fields['no_activity']}"
            items.append(text)
        goals = _numbered(items)
        if "needs" not in ACTIONS[self.p.action].form_order and self.p.needs:
            # A request has no field of its own for the needs its goals answer: they come first.
            sub = self.L["subsections"]
            needs = _numbered([plain(n.text) for n in self.p.needs])
            goals = f"{sub['needs']}:\n{needs}\n\n{sub['goals']}:\n{goals}"
        return goals, ("goals",)

    def partners(self) -> tuple[str, KeyPath]:
        blocks = [
            f"{plain(o.name)} ({self.fmt.place(o.model_dump())}, {self.L['roles'][o.role]})"
            + (f"\n{plain(o.description)}" if o.description else "")
            for o in self.p.partners or []
        ]
        return "\n\n".join(blocks), ("partners",)

    def participants(self) -> tuple[str, KeyPath]:
        fields, sub = self.L["fields"], self.L["subsections"]
        counts = [
            f"{self.L['activity_types'][t]}: {self.fmt.number(n)}"
            for t, n in self.f.participants_by_type
        ]
        counts += [
            f"{fields['participants_total']}: {self.fmt.number(self.f.participants)}",
            f"{fields['accompanying_total']}: {self.fmt.number(self.f.accompanying)}",
        ]
        if self.f.destination_countries:
            counts.append(
                f"{fields['destinations']}: {self.fmt.countries(list(self.f.destination_countries))}"
            )
        text = "\n".join(counts)
        if self.p.selection is not None:
            text += f"\n\n{sub['criteria']}:\n{_lines(list(self.p.selection.criteria))}"
            text += f"\n\n{sub['procedure']}:\n{plain(self.p.selection.procedure)}"
        return text, ("selection",) if self.p.selection is not None else ("activities",)

    def preparation(self) -> tuple[str, KeyPath]:
        return _lines(list(self.p.preparation)), ("preparation",)

    def activities(self) -> tuple[str, KeyPath]:
        table, items = self.L["table"], []
        for a in self.p.activities:
            place = place_text(a, self.fmt, self.p.applicant)
            if (
                where(a) == "incoming" and a.origin is not None
            ):  # "Melhus, Norge (fra Jyväskylä, …)"
                place = where_text(a, self.fmt, place)
            stated = ", ".join(x for x in (place, self.fmt.month(a.when) if a.when else "") if x)
            counts = [f"{strip_hyphens(table['participants'])}: {a.participants}"]
            if a.accompanying:
                counts.append(f"{strip_hyphens(table['accompanying'])}: {a.accompanying}")
            counts.append(f"{table['days']}: {a.days}")
            serves = self.fmt.number_form(len(a.goals), self.L["fields"]["serves_goals"])
            goals = _closed(f"{serves}: {_named(a.goals, self.goal_texts)}")
            facts = (f"{stated[:1].upper()}{stated[1:]}. " if stated else "") + (
                f"{', '.join(counts)}. {goals}"
            )
            items.append(f"{plain(name_text(a, self.fmt))}\n{facts}")
        return _numbered(items), ("activities",)

    def learning_outcomes(self) -> tuple[str, KeyPath]:
        labels = self.L["fields"]["serves_goals"]
        return _numbered(
            [
                f"{plain(o.text)}\n({labels['one' if len(o.goals) == 1 else 'other']}:"
                f" {_named(o.goals, self.goal_texts)})"
                for o in self.p.learning_outcomes
            ]
        ), ("learning_outcomes",)

    def dissemination(self) -> tuple[str, KeyPath]:
        return _lines(
            [
                f"{d.audience}: {d.channel}" + (f" ({d.when})" if d.when else "")
                for d in self.p.dissemination
            ]
        ), ("dissemination",)

    def follow_up(self) -> tuple[str, KeyPath]:
        return _lines(list(self.p.follow_up)), ("follow_up",)

    def summary(self) -> tuple[str, KeyPath]:
        if self.p.summary:
            return plain(self.p.summary), ("summary",)
        text = " ".join(summary_sentences(self.p, self.f, self.fmt))
        return text + "\n" + _lines([g.text for g in self.p.goals]), ("summary",)

    def consortium(self) -> tuple[str, KeyPath]:
        members = [
            f"{m.name} ({self.L['org_types'][m.type]})"
            if m.name
            else self.fmt.plural(m.count, m.type)
            for m in self.p.consortium or []
        ]
        return _lines(members), ("consortium",)

    def plan_activities(self) -> tuple[str, KeyPath]:
        blocks = []
        for year, acts in plan_by_year(self.p):
            people = sum(a.participants for a in acts)
            lines = [
                f"{plain(name_text(a, self.fmt))} – {self.fmt.plural(a.participants, 'participants')}, "
                f"{self.fmt.plural(a.days, 'days')}"
                for a in acts
            ]
            total = f"{self.L['fields']['total_per_year']}: {self.fmt.number(people)}"
            blocks.append(f"{year}\n{_lines(lines)}\n{total}")
        return "\n\n".join(blocks), ("activities",)

    def management(self) -> tuple[str, KeyPath]:
        return _lines(list(self.p.management)), ("management",)

    def topics(self) -> tuple[str, KeyPath]:
        return _lines(list(self.p.topics)), ("topics",)

    def cooperation(self) -> tuple[str, KeyPath]:
        return plain(self.p.cooperation), ("cooperation",)

    def work_packages(self) -> tuple[str, KeyPath]:
        fields, blocks = self.L["fields"], []
        leads = {p.id: p.name for p in self.p.partners or [] if p.id}
        for wp in self.p.work_packages:
            lead = self.p.applicant.name if wp.lead == "applicant" else leads.get(wp.lead, wp.lead)
            blocks.append(
                f"{wp.id.upper()} {plain(wp.title)}\n{fields['lead']}: {plain(lead)}\n"
                f"{fields['share']}: {self.fmt.money(wp.share)}\n"
                f"{fields['wp_objectives']}:\n{_lines(list(wp.objectives))}\n"
                f"{fields['wp_activities']}:\n{_lines(list(wp.activities))}\n"
                f"{fields['wp_results']}:\n{_lines(list(wp.results))}"
            )
        return "\n\n".join(blocks), ("work_packages",)

    def budget(self) -> tuple[str, KeyPath]:
        if self.estimate is None:
            return "", ("budget",)
        totals: dict[str, float] = {}
        for line in self.estimate.lines:
            name = line.label if line.category == "lump-sum" and line.label else None
            key = name or self.L["budget"]["categories"][line.category]
            totals[key] = totals.get(key, 0) + line.amount
        words = self.L["budget"]
        rows = [f"{key}: {self.fmt.money(amount)}" for key, amount in totals.items()]
        rows.append(f"{words['total']}: {self.fmt.money(self.estimate.total)}")
        if self.estimate.requested is not None:  # what the application asks for, as in its text
            rows.append(f"{words['requested']}: {self.fmt.money(self.estimate.requested)}")
        return "\n".join(rows), ("budget",)


def plan_by_year(project: Project) -> list[tuple[int, list[Activity]]]:
    """An Erasmus plan's activities by year, in year order (activities without a year left out)."""
    years: dict[int, list[Activity]] = {}
    for a in project.activities:
        year = activity_year(a)
        if year is not None:
            years.setdefault(year, []).append(a)
    return sorted(years.items())


def strip_hyphens(label: str) -> str:
    """A label without the soft hyphens that help table headers wrap."""
    return label.replace("\u00ad", "")


def form_fields(
    project: Project, facts: Facts, rules: RuleSet, budget: Budget | None = None
) -> list[Field]:
    """The fields of the project's web form, in form order (empty optional fields left out)."""
    fmt = Formatter(project.language)
    builder = _Builder(project, facts, fmt, budget)
    limits = rules.data["form_field_limits"]
    out = []
    for field_id in ACTIONS[project.action].form_order:
        build: Callable[[], tuple[str, KeyPath]] = getattr(builder, field_id)
        text, path = build()
        optional = ("acronym", "partners", "topics", "cooperation", "consortium", "budget")
        if field_id in optional and not text:
            continue
        limit = int(limits.value.get(field_id, limits.value["default"]))
        out.append(
            Field(
                field_id,
                labels(project.language)["form_fields"][field_id],
                text,
                path,
                limit,
                limits.confidence,
            )
        )
    return out


def index_text(fields: list[Field], fmt: Formatter) -> str:
    """The index of `gen fields`: each field's file, characters and limit, over-limit flagged."""
    words: dict[str, Any] = fmt.labels["fields_index"]
    rows = [
        (
            f"{i:02d}-{f.id}.txt",
            f.label,
            fmt.number(f.length),
            fmt.number(f.limit) + (" (A)" if f.limit_confidence == "A" else ""),
            words["over"] if f.over else "",
        )
        for i, f in enumerate(fields, 1)
    ]
    head = (words["file"], words["field"], words["characters"], words["limit"], "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [head, *rows]
    ]
    return "\n".join([*lines, "", words["note"]]) + "\n"
