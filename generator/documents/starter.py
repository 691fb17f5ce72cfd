"""`gen new`: a commented project skeleton for an action, in the order of the action's web form.

Every key is present: text as a "[sett inn …]" placeholder (which `gen check` reports as a
leftover until it is written), numbers, codes and dates as examples that are valid under the
call's rules, so the skeleton builds at once and shows the shape of the application. Comments are
in the chosen language. User text never comes here; the skeleton is our own text, and each value
is written with yaml's quoting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from generator.documents.language import Formatter
from generator.rules.actions import ACTIONS
from generator.rules.ruleset import RuleSet

# The activity each family's skeleton plans: a staff mobility, or a joint staff training.
_ACTIVITY = {
    "mobility": "job-shadowing",
    "accreditation": "job-shadowing",
    "partnership": "joint-staff-training",
}


def _q(value: Any) -> str:
    """A YAML scalar: yaml's own quoting (a placeholder "[…]" must be quoted to stay text)."""
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
    return text.removesuffix("\n...\n").strip()


class _Writer:
    def __init__(self, fmt: Formatter):
        self.lines: list[str] = []
        self.words = fmt.labels["new"]
        self.put = self.words["placeholders"]

    def comment(self, text: str, indent: str = "") -> None:
        self.lines.append(f"{indent}# {text}")

    def key(self, indent: str, key: str, value: Any = None, note: str = "") -> None:
        shown = "" if value is None else " " + _q(value)
        self.lines.append(f"{indent}{key}:{shown}" + (f"  # {note}" if note else ""))

    def text(self, indent: str, key: str, placeholder: str) -> None:
        self.key(indent, key, self.put[placeholder])


def _start(rules: RuleSet, action: str) -> dt.date:
    """A first day in the autumn after the call's deadline (the usual start of school projects)."""
    return dt.date(rules.call, 9, 1)


@dataclass(frozen=True)
class Accreditation:
    """The KA120-SCH file a KA121-SCH request refers to: its path from the request, its goals."""

    path: str
    goals: tuple[str, ...]


def skeleton(
    action: str,
    rules: RuleSet,
    language: str,
    ident: str = "my-project",
    accreditation: Accreditation | None = None,
) -> str:
    """The commented skeleton of a project of `action` under `rules`, in `language`; `ident`
    names its output folder; a KA121-SCH request names its `accreditation`."""
    fmt = Formatter(language)
    w = _Writer(fmt)
    words, act, spec = w.words, rules.action(action), ACTIONS[action]
    w.comment(
        words["header"].format(
            action_name=fmt.labels["actions"][action], action=action, call=rules.call
        )
    )
    if action in rules.deadline:
        due = dt.datetime.fromisoformat(rules.deadline[action].value)
        w.comment(words["deadline"].format(deadline=fmt.date(due.date()), time=f"{due:%H.%M}"))
    w.comment(words["fill_in"])
    w.comment(words["format_doc"])
    w.key("", "format", 1)
    w.key("", "id", ident, words["id"])
    w.key("", "language", language)
    w.key("", "action", action)
    w.key("", "call", rules.call, words["call"])
    start = _start(rules, action)
    low, high = act["project_months"].value
    months = 12 if low <= 12 <= high else 36 if low <= 36 <= high else low
    w.key("", "period")
    w.key("  ", "start", start.isoformat(), words["start"])
    w.key("  ", "months", months, words["months"].format(low=low, high=high))
    w.key(
        "",
        "priorities",
        [next(iter(rules.priorities))],
        words["priorities"].format(
            priorities=", ".join(f"{k} ({v[language]})" for k, v in rules.priorities.items())
        ),
    )
    month = start.month - 1 + months // 2
    when = f"{start.year + month // 12}-{month % 12 + 1:02d}"
    goal = accreditation.goals[0] if accreditation and accreditation.goals else "goal-1"
    written: set[str] = set()
    blocks: dict[str, Callable[[], None]] = {
        "title": lambda: w.text("", "title", "title"),
        "acronym": lambda: w.text("", "acronym", "acronym"),
        "organisation": lambda: _applicant(
            w, "accredited_excluded" in act, "established_years_min" in act
        ),
        "partners": lambda: _partners(
            w,
            act["countries_min"].value if "countries_min" in act else 2,
            "established_years_min" in act,
        ),
        "consortium": lambda: _consortium(w, written),
        "needs": lambda: _list(w, "needs", [("id", "need-1"), ("text", w.put["need"])]),
        "goals": lambda: _goals(w, accreditation),
        "activities": lambda: _activity(w, rules, action, when, goal),
        "plan_activities": lambda: _activity(w, rules, action, str(start.year + 1), goal),
        "management": lambda: _management(w),
        "topics": lambda: _items(w, "topics", "topic", words["topics"]),
        "cooperation": lambda: w.text("", "cooperation", "cooperation"),
        "work_packages": lambda: _work_packages(w, act),
        "budget": lambda: _budget(w, act, written),
        "participants": lambda: _selection(w),
        "preparation": lambda: _items(w, "preparation", "preparation"),
        "learning_outcomes": lambda: _list(
            w, "learning_outcomes", [("text", w.put["outcome"]), ("goals", [goal])]
        ),
        "dissemination": lambda: _list(
            w, "dissemination", [("audience", w.put["audience"]), ("channel", w.put["channel"])]
        ),
        "follow_up": lambda: _items(w, "follow_up", "follow_up"),
        "summary": lambda: w.text("", "summary", "summary"),
    }
    for field in spec.form_order:
        blocks[field]()
    if act["consortium"].value:
        _consortium(w, written)
    _budget(w, act, written)
    if spec.newcomers:
        w.key("", "first_application", True, words["first_application"])
    return "\n".join(w.lines) + "\n"


def _applicant(w: _Writer, asks_accreditation: bool, asks_established: bool) -> None:
    words = w.words
    w.key("", "applicant")
    w.text("  ", "name", "applicant")
    w.key("  ", "type", "school", words["type"])
    w.key("  ", "country", "NO", words["country"])
    w.text("  ", "city", "city")
    w.lines.append(f"  # oid: E12345678  # {words['oid']}")
    if asks_accreditation:
        w.key("  ", "accredited", False, words["accredited"])
    w.lines.append(f"  # staff: 40  # {words['staff']}")
    w.lines.append("  # pupils: 400")
    if asks_established:
        w.lines.append(f"  # established: 2010  # {words['established']}")
    w.text("  ", "description", "description")


def _partners(w: _Writer, countries: int, asks_established: bool) -> None:
    """The applicant's role and partners from `countries` − 1 other countries."""
    w.key("", "role", "coordinator", w.words["role"])
    w.key("", "partners")
    for i, country in enumerate(("DE", "FR", "ES")[: max(1, countries - 1)], 1):
        w.lines.append(f"  - id: partner-{i}")
        w.text("    ", "name", "partner")
        w.key("    ", "type", "school", "school | kindergarten | other")
        w.key("    ", "country", country, w.words["country"])
        w.text("    ", "city", "destination")
        w.key("    ", "role", "partner")
        if asks_established:
            w.lines.append(f"    # established: 2010  # {w.words['established']}")
        w.text("    ", "description", "partner_description")


def _list(w: _Writer, key: str, pairs: list[tuple[str, Any]]) -> None:
    w.key("", key)
    for i, (name, value) in enumerate(pairs):
        w.lines.append(f"  {'- ' if i == 0 else '  '}{name}: {_q(value)}")


def _items(w: _Writer, key: str, placeholder: str, note: str = "") -> None:
    w.key("", key, None, note)
    w.lines.append(f"  - {_q(w.put[placeholder])}")


def _consortium(w: _Writer, written: set[str]) -> None:
    if "consortium" in written:
        return
    written.add("consortium")
    w.key("", "consortium", None, w.words["consortium"])
    w.lines.append(f"  - name: {_q(w.put['member'])}")
    w.lines.append("    type: school")


def _budget(w: _Writer, act: dict[str, Any], written: set[str]) -> None:
    if "budget" in written or "lump_sums" not in act:
        return
    written.add("budget")
    sums = act["lump_sums"].value
    w.key("", "budget")
    w.key("  ", "lump_sum", sums[0], w.words["lump_sum"].format(sums=", ".join(map(str, sums))))


def _management(w: _Writer) -> None:
    _items(w, "management", "management", w.words["management"])
    w.key("", "quality_standards", True, w.words["quality_standards"])


def _work_packages(w: _Writer, act: dict[str, Any]) -> None:
    total = act["lump_sums"].value[0]
    w.key("", "work_packages", None, w.words["work_packages"])
    for i, (lead, share) in enumerate(
        (("applicant", total // 5), ("partner-1", total - total // 5))
    ):
        w.lines.append(f"  - id: wp{i + 1}")
        w.text("    ", "title", "wp_management" if i == 0 else "wp_title")
        if i == 0:
            w.key("    ", "management", True)
        w.key("    ", "lead", lead, w.words["lead"])
        for key, placeholder in (
            ("objectives", "wp_objective"),
            ("activities", "wp_activity"),
            ("results", "wp_result"),
        ):
            w.key("    ", key)
            w.lines.append(f"      - {_q(w.put[placeholder])}")
        w.key("    ", "share", share, w.words["share"])


def _goals(w: _Writer, accreditation: Accreditation | None) -> None:
    if accreditation is not None:  # a request: the objectives are the accreditation's
        w.key("", "accreditation", accreditation.path, w.words["accreditation"])
        return
    _list(
        w,
        "goals",
        [
            ("id", "goal-1"),
            ("text", w.put["goal"]),
            ("needs", ["need-1"]),
            ("measure", w.put["measure"]),
        ],
    )


def _selection(w: _Writer) -> None:
    w.key("", "selection")
    w.key("  ", "criteria")
    w.lines.append(f"    - {_q(w.put['criterion'])}")
    w.text("  ", "procedure", "procedure")


def _activity(w: _Writer, rules: RuleSet, action: str, when: str, goal: str) -> None:
    """One activity: planned for a month (`when`: YYYY-MM), or for a plan year (YYYY)."""
    words, act = w.words, rules.action(action)
    kind = _ACTIVITY[ACTIONS[action].family]
    if kind not in act["activity_types"].value:
        kind = act["activity_types"].value[0]
    low, high = act["activity_days"].value.get(kind, (5, 5))
    days = min(max(5, low), high)
    types = ", ".join(t for t in act["activity_types"].value)
    w.key("", "activities")
    w.lines.append("  - id: activity-1")
    w.key("    ", "type", kind, words["activity_type"].format(action=action, types=types))
    w.text("    ", "title", "activity")
    w.text("    ", "host", "host")
    w.key("    ", "destination", None, words["destination"])
    w.key("      ", "country", "DE")
    w.text("      ", "city", "destination")
    w.key("    ", "participants", 2, words["participants"])
    w.key("    ", "accompanying", 0, words["accompanying"])
    w.key("    ", "days", days, words["days"])
    if len(when) == 4:
        w.key("    ", "year", int(when), words["year"])
    else:
        w.key("    ", "when", when, words["when"])
    w.key("    ", "goals", [goal])
    if "lump_sums" in act and "work_packages" not in act:  # KA210-SCH shares it by activity
        w.key("    ", "amount", act["lump_sums"].value[0], words["amount"])
