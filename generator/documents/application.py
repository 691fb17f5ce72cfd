"""A loaded project → the application text as (escaped) Markdown, in the sections of its action's
form (templates/application/<ACTION>.md.j2) and the project's language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.documents.activities import activity_table
from generator.documents.budget_text import (
    activity_names,
    by_organisation,
    confidence_label,
    line_details,
)
from generator.documents.fields import plan_by_year, summary_sentences, unserved_goals
from generator.documents.language import Formatter
from generator.documents.limits import Limits
from generator.documents.markdown import render
from generator.facts.derive import end_date
from generator.facts.lines import Line
from generator.loaded import Loaded
from generator.rules.actions import ACTIONS

LINE_KEYS = tuple(f.name for f in dataclasses.fields(Line))
# The parts of "impact and follow-up", each under its own heading, in the form's order.
FOLLOW_UP_PARTS = ("learning_outcomes", "dissemination", "follow_up")


def _accreditation(loaded: Loaded) -> dict[str, object] | None:
    """The Erasmus plan a KA121-SCH request stands on: its title, action and period."""
    plan = loaded.accreditation
    if plan is None:
        return None
    return {
        "title": plan.title,
        "action": plan.action,
        "start": plan.period.start,
        "end": end_date(plan.period.start, plan.period.months),
    }


def render_application(
    loaded: Loaded, templates: Path | None = None, limits: Limits | None = None
) -> str:
    """The application text as our (escaped) Markdown source (`limits`: documents.limits)."""
    project, facts = loaded.project, loaded.facts
    fmt = Formatter(project.language)
    spec = ACTIONS[project.action]
    lump_sum = any(line.category == "lump-sum" for line in loaded.budget.lines)
    names = activity_names(project)
    context = {
        "p": project.model_dump(mode="python"),
        "f": dataclasses.asdict(facts),
        "L": fmt.labels,
        "fmt": fmt,
        "family": spec.family,
        "auto_summary": summary_sentences(project, facts, fmt),
        "priorities": [
            loaded.rules.priorities[key][project.language] for key in project.priorities
        ],
        "activity_table": activity_table(project.activities, fmt, project, facts.goal_numbers),
        "plan": [
            (
                year,
                activity_table(
                    acts,
                    fmt,
                    project,
                    facts.goal_numbers,
                    total=fmt.labels["fields"]["total_per_year"],
                    like=project.activities,
                ),
            )
            for year, acts in plan_by_year(project)
        ],
        "follow_up_parts": [part for part in spec.form_order if part in FOLLOW_UP_PARTS],
        "named_members": [m.model_dump() for m in project.consortium or [] if m.name],
        "unserved": unserved_goals(project),
        "wp_leads": {wp.id: project.organisation_name(wp.lead) for wp in project.work_packages},
        "accreditation": _accreditation(loaded),
        "b": {
            **loaded.budget.as_json(),
            "by_organisation": by_organisation(loaded.budget),
            "lump_sum": lump_sum,
            "lump_sum_parts": next(
                (line.unit for line in loaded.budget.lines if line.category == "lump-sum"), ""
            ),
            "lines": [
                {
                    **{key: getattr(line, key) for key in LINE_KEYS},  # asdict() deep-copies: slow
                    "details": line_details(line, project, fmt, names),
                    "confidence_label": confidence_label(line, fmt),
                }
                for line in loaded.budget.lines
            ],
        },
    }
    return render(f"application/{project.action}.md.j2", context, templates, limits)
