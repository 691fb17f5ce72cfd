"""The rule set of a call year (data/rules/<year>.yaml): loading it, and looking values up.

A rule set value is {value, source, confidence}; confidence P (official), S (secondary) or A
(assumed: budgets that use it are estimates). What a project must do under these rules is
checked in generator.rules.call_checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from generator.errors import Issue
from generator.inputs.project import Project
from generator.resources import read_trusted_yaml

PUPIL_ACTIVITIES = ("pupil-group-exchange", "long-term-pupil-mobility")


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
    """The rules and unit costs of one call year."""

    call: int
    data: dict[str, Any]

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
        return [*self.rates, *bands]

    def source(self, key: str) -> str:
        return str(self.data["sources"].get(key, key))

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


def available_calls() -> list[int]:
    """Call years with a rule set, ascending."""
    folder = resources.files("generator").joinpath("data/rules")
    return sorted(
        int(p.name.removesuffix(".yaml")) for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@cache
def load_rules(call: int) -> RuleSet:
    """The rule set of a call year (raises KeyError when there is none)."""
    text = resources.files("generator").joinpath(f"data/rules/{call}.yaml").read_text("utf-8")
    return RuleSet(call, _values(read_trusted_yaml(text)))


def rules_for(project: Project) -> tuple[RuleSet | None, list[Issue]]:
    """The project's rule set, or an issue saying which calls and actions exist."""
    calls = available_calls()
    if project.call not in calls:
        return None, [
            Issue(
                ("call",),
                f"there is no rule set for call {project.call}",
                f"calls with rules: {', '.join(map(str, calls))}; a new year is a new file in "
                "generator/data/rules/",
                code="rule-call",
            )
        ]
    rules = load_rules(project.call)
    if not rules.offers(project.action):
        offering = [str(c) for c in calls if load_rules(c).offers(project.action)]
        return None, [
            Issue(
                ("action",),
                f"{project.action} is not an action of call {project.call}",
                f"{project.action} is in the calls {', '.join(offering) or 'none'}",
                code="rule-action",
            )
        ]
    return rules, []
