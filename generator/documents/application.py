"""A loaded project → the application text as (escaped) Markdown, in the sections of its action's
form (templates/application/<ACTION>.md.j2) and the project's language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.documents.budget_text import (
    by_organisation,
    confidence_label,
    line_details,
)
from generator.documents.fields import plan_by_year, summary_sentences
from generator.documents.language import Formatter
from generator.documents.markdown import render
from generator.loaded import Loaded


def render_application(loaded: Loaded, templates: Path | None = None) -> str:
    """The application text as our (escaped) Markdown source."""
    project = loaded.project
    fmt = Formatter(project.language)
    context = {
        "p": project.model_dump(mode="python"),
        "f": dataclasses.asdict(loaded.facts),
        "L": fmt.labels,
        "fmt": fmt,
        "auto_summary": summary_sentences(project, loaded.facts, fmt),
        "priorities": [
            loaded.rules.priorities[key][project.language] for key in project.priorities
        ],
        "plan": [
            (year, [a.model_dump(mode="python") for a in acts])
            for year, acts in plan_by_year(project)
        ],
        "wp_leads": {wp.id: project.organisation_name(wp.lead) for wp in project.work_packages},
        "accreditation": loaded.accreditation.title if loaded.accreditation else None,
        "b": {
            **loaded.budget.as_json(),
            "by_organisation": by_organisation(loaded.budget),
            "lines": [
                {
                    **dataclasses.asdict(line),
                    "details": line_details(line, project, fmt),
                    "confidence_label": confidence_label(line, fmt),
                }
                for line in loaded.budget.lines
            ],
        },
    }
    return render(f"application/{project.action}.md.j2", context, templates)
