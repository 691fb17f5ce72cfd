"""The call's hard rules (errors) and advice (warnings) for one project, as Issues.

`check` returns Issues at key paths; the loader places each at its line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from generator.errors import Issue
from generator.inputs.project import Project
from generator.rules.actions import of_family
from generator.rules.activity_checks import activity_issues
from generator.rules.plan_checks import plan_issues
from generator.rules.ruleset import RuleSet

SCHOOL_TYPES = ("school", "kindergarten")


def check(project: Project, rules: RuleSet, end: dt.date) -> list[Issue]:
    """Every rule of the call that the project breaks (errors) or should reconsider (warnings)."""
    act = rules.action(project.action)
    issues: list[Issue] = []
    issues += _period(project, act)
    issues += _organisations(project, rules)
    issues += activity_issues(project, act, end)
    issues += plan_issues(project, act)
    issues += _unknown_rates(project, rules)
    for i, key in enumerate(project.priorities):
        if key not in rules.priorities:
            issues.append(
                Issue(
                    ("priorities", i),
                    f"'{key}' is not a priority of call {rules.call}"
                    + (f" — did you mean '{close[0]}'?" if (close := _close(key, rules)) else ""),
                    "priorities of this call: "
                    + ", ".join(
                        f"{k} ({names[project.language]})" for k, names in rules.priorities.items()
                    ),
                    code="rule-priority",
                )
            )
    if (
        project.applicant.pic
        and "pic_replaced_by_oid" in rules.data
        and rules.data["pic_replaced_by_oid"].value
    ):
        issues.append(
            Issue(
                ("applicant", "pic"),
                f"from call {rules.call} the organisation ID (OID) replaces the PIC",
                "add 'oid: E…' (8 digits after the E) and remove 'pic'",
                "warning",
                code="rule-oid",
            )
        )
    if "participants_max" in act:
        limit = act["participants_max"].value
        left_out = act["not_counted"].value if "not_counted" in act else []
        total = sum(a.participants for a in project.activities if a.type not in left_out)
        if total > limit:
            also = "".join(f", {t}" for t in left_out)
            issues.append(
                Issue(
                    ("activities",),
                    f"{total} participants; {project.action} allows at most {limit}"
                    f" (accompanying persons{also} not counted)",
                    "plan fewer participants, or apply twice",
                    code="rule-participants",
                )
            )
    if (
        project.applicant.accredited
        and "accredited_excluded" in act
        and act["accredited_excluded"].value
    ):
        issues.append(
            Issue(
                ("applicant", "accredited"),
                f"{project.action} is not open to organisations with an Erasmus accreditation",
                "an accredited organisation applies for its mobilities with KA121-SCH",
                code="rule-accredited",
            )
        )
    if "goals" in act:
        low, high = act["goals"].value
        if not low <= len(project.goals) <= high:
            issues.append(
                Issue(
                    ("goals",),
                    f"{len(project.goals)} goals; {project.action} takes {low} to {high}",
                    "merge or drop goals",
                    code="rule-goals-count",
                )
            )
    return issues


def _period(project: Project, act: dict[str, Any]) -> list[Issue]:
    months = project.period.months
    allowed = act["project_months"].value
    long_term = any(a.type == "long-term-pupil-mobility" for a in project.activities)
    if "project_months_choices" in act:  # a length from a list, not a range
        choices = [str(n) for n in act["project_months_choices"].value]
        if str(months) in choices:
            return []
        return [
            Issue(
                ("period", "months"),
                f"a {project.action} project runs {' or '.join(choices)} months, not {months}",
                f"write {' or '.join(choices)}",
                code="rule-project-length",
            )
        ]
    if not allowed[0] <= months <= allowed[1]:
        extra = act.get("long_term_project_months")
        if extra and months == extra.value and long_term:
            return []
        also = f", or {extra.value} with long-term pupil mobility" if extra else ""
        return [
            Issue(
                ("period", "months"),
                f"a {project.action} project runs {allowed[0]}–{allowed[1]} months{also}; "
                f"not {months}",
                f"choose a length from {allowed[0]} to {allowed[1]} months",
                code="rule-project-length",
            )
        ]
    return []


def _organisations(project: Project, rules: RuleSet) -> list[Issue]:
    act = rules.action(project.action)
    issues = []
    if project.consortium is not None and not act["consortium"].value:
        with_one = [a for a in rules.offered_actions() if rules.action(a)["consortium"].value]
        issues.append(
            Issue(
                ("consortium",),
                f"{project.action} has no consortium"
                + (
                    f"; only {', '.join(with_one)} {'does' if len(with_one) == 1 else 'do'}"
                    if with_one
                    else ""
                ),
                "remove 'consortium'" + (f", or apply for {with_one[0]}" if with_one else ""),
                code="rule-consortium",
            )
        )
    if not act["partners"].value:
        for key in ("partners", "role"):
            if getattr(project, key) is not None:
                issues.append(
                    Issue(
                        (key,),
                        f"'{key}' belongs to partnerships ({', '.join(of_family('partnership'))}), "
                        f"not {project.action}",
                        f"remove '{key}'",
                        code="rule-partnership-keys",
                    )
                )
        return issues
    partners = project.partners or []
    if project.role is None:
        issues.append(
            Issue(
                ("role",),
                f"a {project.action} applicant is coordinator or partner: 'role' is missing",
                "add 'role: coordinator' or 'role: partner'",
                code="rule-role",
            )
        )
    organisations = 1 + len(partners)
    countries = {project.applicant.country, *(p.country for p in partners)}
    if "schools" in act:
        low, high = act["schools"].value
        if not low <= organisations <= high:
            issues.append(
                Issue(
                    ("partners",),
                    f"{organisations} school{'s' if organisations != 1 else ''} in all; "
                    f"{project.action} takes {low} to {high}",
                    f"list {low - 1} to {high - 1} partner schools",
                    code="rule-schools",
                )
            )
        for i, partner in enumerate(partners):
            if partner.type not in SCHOOL_TYPES:
                issues.append(
                    Issue(
                        ("partners", i, "type"),
                        f"{project.action} partners are schools, not '{partner.type}'",
                        f"only schools and kindergartens take part in {project.action}",
                        code="rule-partner-type",
                    )
                )
    if "organisations_min" in act and organisations < act["organisations_min"].value:
        issues.append(
            Issue(
                ("partners",),
                f"{organisations} organisation(s); {project.action} needs at least "
                f"{act['organisations_min'].value}",
                "add a partner from another country",
                code="rule-organisations",
            )
        )
    if len(countries) < act["countries_min"].value:
        issues.append(
            Issue(
                ("partners",),
                f"all organisations are in {', '.join(sorted(countries))}; {project.action} "
                f"needs at least {act['countries_min'].value} countries",
                "add a partner from another country",
                code="rule-countries",
            )
        )
    coordinators = [i for i, p in enumerate(partners) if p.role == "coordinator"] + (
        [-1] if project.role == "coordinator" else []
    )
    if len(coordinators) != 1:
        issues.append(
            Issue(
                ("partners",),
                f"{len(coordinators)} coordinators; a partnership has exactly one",
                "give 'role: coordinator' to one organisation (the applicant or a partner)",
                code="rule-coordinator",
            )
        )
    return issues


SHARES = ("long_stay_factor", "exceptional_costs_share")  # fractions of 1
WHOLE = ("course_fee_max_days",)  # whole numbers


def _close(key: str, rules: RuleSet) -> list[str]:
    return difflib.get_close_matches(key, list(rules.priorities), n=1, cutoff=0.6)


def _unknown_rates(project: Project, rules: RuleSet) -> list[Issue]:
    if project.budget is None:
        return []
    known = rules.rate_keys()
    issues = []
    for key, value in project.budget.rates.items():
        if rules.accepts_rate(key):
            if key in SHARES and value > 1:
                issues.append(
                    Issue(
                        ("budget", "rates", key),
                        f"'{key}' is a share of 1 (0.7 is 70 %), not {value:g}",
                        "write a number from 0 to 1",
                        code="rule-rate-value",
                    )
                )
            elif key in WHOLE and not float(value).is_integer():
                issues.append(
                    Issue(
                        ("budget", "rates", key),
                        f"'{key}' is a number of days, not {value:g}",
                        "write a whole number",
                        code="rule-rate-value",
                    )
                )
            continue
        country = key.rpartition(".")[2]
        group = rules.country_group(country) if key.startswith("individual_support.") else None
        if group is not None:
            issues.append(
                Issue(
                    ("budget", "rates", key),
                    f"{country} is in country group {group} of call {rules.call}: its daily rate "
                    f"is '{key.rpartition('.')[0]}.group{group}'",
                    f"write '{key.rpartition('.')[0]}.group{group}' (it applies to every country "
                    "of the group)",
                    code="rule-rate-key",
                )
            )
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        issues.append(
            Issue(
                ("budget", "rates", key),
                f"'{key}' is not a rate of call {rules.call}"
                + (f" — did you mean '{close[0]}'?" if close else ""),
                "rates of this call: " + ", ".join(known),
                code="rule-rate-key",
            )
        )
    return issues
