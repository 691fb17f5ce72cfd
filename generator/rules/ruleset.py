"""The rule set of a call year (data/rules/<year>.yaml): loading it, and looking values up.

A rule set value is {value, source, confidence}; confidence P (official), S (secondary) or A
(assumed: budgets that use it are estimates). What a project must do under these rules is
checked in generator.rules.call_checks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from generator.errors import InputError, Issue
from generator.inputs.project import Project
from generator.messages import Listing, Msg, said
from generator.resources import read_trusted_yaml

PUPIL_ACTIVITIES = (
    "pupil-group-exchange",
    "short-term-pupil-mobility",
    "long-term-pupil-mobility",
)


@dataclass(frozen=True)
class Value:
    """One rule or rate, with where it comes from and how sure it is."""

    value: Any
    source: str
    confidence: str  # P, S, A


def _values(node: Any) -> Any:
    if isinstance(node, dict) and set(node) == {"value", "source", "confidence"}:
        return Value(node["value"], str(node["source"]), str(node["confidence"]))
    if isinstance(node, dict):
        return {key: _values(value) for key, value in node.items()}
    return node


@dataclass(frozen=True)
class RuleSet:
    """The rules and unit costs of one call year.

    `based_on` is set when a call has no rule file of its own and this is another call's rules,
    every value marked A (assumed)."""

    call: int
    data: dict[str, Any]
    based_on: int | None = None

    def offers(self, action: str) -> bool:
        """Whether this call has the action."""
        return action in self.data["actions"]

    def offered_actions(self) -> list[str]:
        """The actions of this call, as the rule file lists them."""
        return list(self.data["actions"])

    def action(self, name: str) -> dict[str, Any]:
        """The rules of an action this call offers (check `offers` first: a KeyError is a bug)."""
        rules: dict[str, Any] = self.data["actions"][name]
        return rules

    def rate(self, key: str) -> Value:
        """A unit cost or rate of this call (KeyError: the rule file lacks it)."""
        return self.rates[key]

    @property
    def rates(self) -> dict[str, Value]:
        """Every unit cost and rate of this call, by key."""
        rates: dict[str, Value] = self.data["rates"]
        return rates

    def rate_keys(self) -> list[str]:
        """Every unit cost a project may override under budget.rates: the rates and the bands."""
        bands = [
            f"{prefix}.{low}-{high}"
            for prefix, name in (("travel", "travel_bands"), ("green_travel", "green_travel_bands"))
            if name in self.data
            for low, high, _ in self.data[name].value
        ]
        # A destination outside the call's country groups gets its daily rates from the project.
        grouped = {c for members in self.data["country_groups"].value.values() for c in members}
        kinds = ("staff", "pupil") if any("pupil" in k for k in self.rates) else ()
        outside = [f"individual_support.{kind}.{{COUNTRY}}" for kind in kinds] if grouped else []
        return [*self.rates, *bands, *outside]

    def accepts_rate(self, key: str) -> bool:
        """Whether budget.rates may set `key`: a rate, a band, or the daily rate of a country
        outside the call's country groups (individual_support.staff.GB)."""
        if key in self.rate_keys():
            return True
        kind, _, country = key.removeprefix("individual_support.").partition(".")
        return (
            key.startswith("individual_support.")
            and kind in ("staff", "pupil")
            and len(country) == 2
            and country.isupper()
            and self.country_group(country) is None
        )

    def source(self, key: str) -> str:
        """The text of a source key, as budget lines cite it."""
        text = str(self.data["sources"].get(key, key))
        if self.based_on is not None:
            return f"{text} (call {self.based_on} rules, used for call {self.call})"
        return text

    @property
    def deadline(self) -> dict[str, Value]:
        """Action → its deadline (ISO date and time, Brussels time), where the rule file has one."""
        return {
            name: rules["deadline"]
            for name, rules in self.data["actions"].items()
            if "deadline" in rules
        }

    def country_group(self, country: str) -> int | None:
        for group, members in self.data["country_groups"].value.items():
            if country in members:
                return int(group)
        return None

    @property
    def priorities(self) -> dict[str, dict[str, str]]:
        """The call's priorities: key → name in each language."""
        names: dict[str, dict[str, str]] = self.data["priorities"].value
        return names

    @property
    def horizontal_priorities(self) -> list[str]:
        """The keys of the programme's horizontal priorities, where the rule file names them
        (empty otherwise)."""
        if "horizontal_priorities" not in self.data:
            return []
        return [str(key) for key in self.data["horizontal_priorities"].value]


def _assumed(node: Any) -> Any:
    """The same values, every one marked A (assumed)."""
    if isinstance(node, Value):
        return replace(node, confidence="A")
    if isinstance(node, dict):
        return {key: _assumed(value) for key, value in node.items()}
    return node


def programme_of(call: int) -> str:
    """The programme period a call year belongs to."""
    return "2014-2020" if call <= 2020 else "2021-2027" if call <= 2027 else "after 2027"


@dataclass(frozen=True)
class RuleLibrary:
    """The rule files a run may use: the built-in ones, and a user's folder of <year>.yaml files
    (--rules DIR) whose files add call years or replace built-in ones."""

    user_dir: Path | None = None

    def _files(self) -> dict[int, Path | None]:
        """Call year → the user's file, or None for a built-in one."""
        files: dict[int, Path | None] = dict.fromkeys(_builtin_calls())
        if self.user_dir is not None:
            for path in sorted(self.user_dir.glob("*.yaml")):
                if path.stem.isdigit():
                    files[int(path.stem)] = path
        return files

    def calls(self) -> list[int]:
        """Call years with a rule set, ascending."""
        return sorted(self._files())

    def load(self, call: int) -> RuleSet:
        """The rule set of a call year that has a file (KeyError otherwise); a user's file is
        validated and raises InputError with every problem at its place."""
        path = self._files()[call]
        return _builtin(call) if path is None else _user(path, call)

    def for_call(self, call: int) -> tuple[RuleSet | None, list[Issue]]:
        """The rule set of a call year; for a year without a file, the nearest call of the same
        programme (or the newest, for a call after it), all values marked A, with a warning."""
        calls = self.calls()
        if call in calls:
            return self.load(call), []
        same = [c for c in calls if programme_of(c) == programme_of(call)]
        newest = max(calls)
        if same:
            based = min(same, key=lambda c: (abs(c - call), -c))
        elif call > newest:
            based = newest
        else:
            return None, [
                Issue(
                    ("call",),
                    *said("rule.call", call=call, calls=", ".join(map(str, calls))),
                    code="rule-call",
                )
            ]
        rules = self.load(based)
        data = _assumed(rules.data)
        for action in data["actions"].values():  # another call's deadlines are not this one's
            action.pop("deadline", None)
        assumed = RuleSet(call, data, based_on=based)
        return assumed, [
            Issue(
                ("call",),
                *said(
                    "rule.call-assumed-later" if call > newest else "rule.call-assumed",
                    call=call,
                    based=based,
                ),
                "warning",
                code="rule-call-assumed",
            )
        ]


def _builtin_calls() -> list[int]:
    folder = resources.files("generator").joinpath("data/rules")
    return [int(p.name.removesuffix(".yaml")) for p in folder.iterdir() if p.name.endswith(".yaml")]


@cache
def _builtin(call: int) -> RuleSet:
    """A built-in rule set, parsed fast (tests check it reads as the validated parse does)."""
    text = resources.files("generator").joinpath(f"data/rules/{call}.yaml").read_text("utf-8")
    return RuleSet(call, _values(read_trusted_yaml(text)))


def _user(path: Path, call: int) -> RuleSet:
    """A user's rule file, loaded like a project file and validated against the rule file model."""
    from generator.inputs.load import load_file
    from generator.inputs.validate import validate
    from generator.rules.schema import RuleFile

    doc = load_file(path)
    model, problems = validate(RuleFile, doc)
    if model is not None and model.call != call:
        problems.append(
            doc.problem(
                ("call",),
                *said("rule.file-call", file=path.name, holds=model.call, call=call),
            )
        )
    if problems or model is None:
        raise InputError(problems)
    return RuleSet(call, _values(model.model_dump(mode="python", exclude_none=True)))


def available_calls() -> list[int]:
    """Call years with a built-in rule set, ascending."""
    return RuleLibrary().calls()


def load_rules(call: int) -> RuleSet:
    """The built-in rule set of a call year (KeyError when there is none)."""
    return RuleLibrary().load(call)


def rules_for(
    project: Project, library: RuleLibrary | None = None
) -> tuple[RuleSet | None, list[Issue]]:
    """The project's rule set (see RuleLibrary.for_call), or an issue saying which calls and
    actions exist."""
    library = library or RuleLibrary()
    rules, issues = library.for_call(project.call)
    if rules is None:
        return None, issues
    if not rules.offers(project.action):
        offering = [str(c) for c in library.calls() if library.load(c).offers(project.action)]
        return None, [
            Issue(
                ("action",),
                *said(
                    "rule.action",
                    action=project.action,
                    call=project.call,
                    calls=Listing.of(offering) if offering else Msg("word.none"),
                ),
                code="rule-action",
            )
        ]
    return rules, issues
