"""The call's hard rules (errors) and advice (warnings) for one project, as Issues.

`check` returns Issues at key paths; the loader places each at its line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from generator.errors import Issue
from generator.inputs.project import Project
from generator.messages import Listing, Msg, did_you_mean, said
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
            listed = ", ".join(
                f"{k} ({names[project.language]})" for k, names in rules.priorities.items()
            )
            issues.append(
                Issue(
                    ("priorities", i),
                    Msg(
                        "rule.priority.message",
                        key=key,
                        call=rules.call,
                        guess=did_you_mean(_close(key, rules)),
                    ),
                    Msg("rule.priority.hint", priorities=listed),
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
                ("applicant", "pic"), *said("rule.oid", call=rules.call), "warning", code="rule-oid"
            )
        )
    if "participants_max" in act:
        limit = act["participants_max"].value
        left_out = act["not_counted"].value if "not_counted" in act else []
        total = sum(a.participants for a in project.activities if a.type not in left_out)
        if total > limit:
            uncounted = Listing.of([Msg("rule.accompanying-persons"), *left_out])
            issues.append(
                Issue(
                    ("activities",),
                    *said(
                        "rule.participants",
                        total=total,
                        action=project.action,
                        limit=limit,
                        uncounted=uncounted,
                    ),
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
                *said("rule.accredited", action=project.action),
                code="rule-accredited",
            )
        )
    if "goals" in act:
        low, high = act["goals"].value
        if not low <= len(project.goals) <= high:
            issues.append(
                Issue(
                    ("goals",),
                    *said(
                        "rule.goals-count",
                        n=len(project.goals),
                        action=project.action,
                        low=low,
                        high=high,
                    ),
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
        either = Listing.of(choices, "or")
        return [
            Issue(
                ("period", "months"),
                *said("rule.months-choice", action=project.action, choices=either, months=months),
                code="rule-project-length",
            )
        ]
    if not allowed[0] <= months <= allowed[1]:
        extra = act.get("long_term_project_months")
        if extra and months == extra.value and long_term:
            return []
        also = Msg("rule.months-long-term", months=extra.value) if extra else ""
        return [
            Issue(
                ("period", "months"),
                *said(
                    "rule.months",
                    action=project.action,
                    low=allowed[0],
                    high=allowed[1],
                    also=also,
                    months=months,
                ),
                code="rule-project-length",
            )
        ]
    return []


def _organisations(project: Project, rules: RuleSet) -> list[Issue]:
    act = rules.action(project.action)
    issues = []
    if project.consortium is not None and not act["consortium"].value:
        with_one = [a for a in rules.offered_actions() if rules.action(a)["consortium"].value]
        key = "rule.consortium" if with_one else "rule.consortium-none"
        issues.append(
            Issue(
                ("consortium",),
                *said(
                    key,
                    action=project.action,
                    n=len(with_one),
                    with_one=Listing.of(with_one),
                    first=with_one[0] if with_one else "",
                ),
                code="rule-consortium",
            )
        )
    if not act["partners"].value:
        for key in ("partners", "role"):
            if getattr(project, key) is not None:
                partnerships = ", ".join(of_family("partnership"))
                issues.append(
                    Issue(
                        (key,),
                        *said(
                            "rule.partnership-key",
                            key=key,
                            partnerships=partnerships,
                            action=project.action,
                        ),
                        code="rule-partnership-keys",
                    )
                )
        return issues
    partners = project.partners or []
    if project.role is None:
        issues.append(Issue(("role",), *said("rule.role", action=project.action), code="rule-role"))
    organisations = 1 + len(partners)
    countries = {project.applicant.country, *(p.country for p in partners)}
    if "schools" in act:
        low, high = act["schools"].value
        if not low <= organisations <= high:
            issues.append(
                Issue(
                    ("partners",),
                    *said(
                        "rule.schools",
                        n=organisations,
                        action=project.action,
                        low=low,
                        high=high,
                        partners_low=low - 1,
                        partners_high=high - 1,
                    ),
                    code="rule-schools",
                )
            )
        for i, partner in enumerate(partners):
            if partner.type not in SCHOOL_TYPES:
                issues.append(
                    Issue(
                        ("partners", i, "type"),
                        *said("rule.partner-type", action=project.action, type=partner.type),
                        code="rule-partner-type",
                    )
                )
    if "organisations_min" in act and organisations < act["organisations_min"].value:
        issues.append(
            Issue(
                ("partners",),
                *said(
                    "rule.organisations",
                    n=organisations,
                    action=project.action,
                    least=act["organisations_min"].value,
                ),
                code="rule-organisations",
            )
        )
    if len(countries) < act["countries_min"].value:
        issues.append(
            Issue(
                ("partners",),
                *said(
                    "rule.countries",
                    countries=", ".join(sorted(countries)),
                    action=project.action,
                    least=act["countries_min"].value,
                ),
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
                *said("rule.coordinator", n=len(coordinators)),
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
                        *said("rule.rate-share", key=key, value=f"{value:g}"),
                        code="rule-rate-value",
                    )
                )
            elif key in WHOLE and not float(value).is_integer():
                issues.append(
                    Issue(
                        ("budget", "rates", key),
                        *said("rule.rate-days", key=key, value=f"{value:g}"),
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
                    *said(
                        "rule.rate-group",
                        country=country,
                        group=group,
                        call=rules.call,
                        rate=f"{key.rpartition('.')[0]}.group{group}",
                    ),
                    code="rule-rate-key",
                )
            )
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        issues.append(
            Issue(
                ("budget", "rates", key),
                Msg("rule.rate-key.message", key=key, call=rules.call, guess=did_you_mean(close)),
                Msg("rule.rate-key.hint", rates=", ".join(known)),
                code="rule-rate-key",
            )
        )
    return issues
