"""Checks as a registry: every rule is one small function under a stable id.

Validation rules, lint rules, diff checks, pact check's rules, the event checks and ci's
steps each keep a `Registry`, which names the modules that register into it; `load()`
imports them, so a registry is full wherever it is read, and `--list-rules` lists any of
them the same way. Adding a rule is adding one decorated function and one test.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar, cast

from accord.report import Severity

__all__ = ["Registry", "Rule"]

CheckT = TypeVar("CheckT", bound=Callable[..., object])


class Rule(NamedTuple, Generic[CheckT]):
    """A registered check: its id, default severity, one-line rationale, and the function."""

    id: str
    severity: Severity
    rationale: str
    check: CheckT


class Registry(Generic[CheckT]):
    """An ordered set of rules of one kind (validation, lint, diff, ...), and the modules that
    register them (imported by `load()`)."""

    def __init__(self, kind: str, modules: Sequence[str] = ()) -> None:
        self.kind = kind
        self.modules = tuple(modules)
        self._rules: dict[str, Rule[CheckT]] = {}
        self._loaded = not self.modules

    def load(self) -> Registry[CheckT]:
        """This registry with every rule of its modules registered (importing them once)."""
        if not self._loaded:
            for module in self.modules:
                importlib.import_module(module)
            self._loaded = True
        return self

    def rule(self, rule_id: str, severity: Severity, rationale: str) -> Callable[[CheckT], CheckT]:
        """Decorator: register `check` under `rule_id`."""

        def register(check: CheckT) -> CheckT:
            if rule_id in self._rules:
                raise ValueError(f"{self.kind} rule {rule_id!r} is registered twice")
            self._rules[rule_id] = Rule(rule_id, severity, rationale, check)
            return check

        return register

    def declare(self, rule_id: str, severity: Severity, rationale: str) -> None:
        """A rule whose findings are made where a run sees them, with no check of its own
        (a message that never came, a subscriber no publisher feeds): listed like any other."""
        self.rule(rule_id, severity, rationale)(cast(CheckT, _no_check))

    def __iter__(self) -> Iterator[Rule[CheckT]]:
        return iter(self._rules.values())

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, rule_id: str) -> Rule[CheckT]:
        return self._rules[rule_id]

    def ids(self) -> list[str]:
        return list(self._rules)


def _no_check(*_: object) -> None:
    """The check of a declared rule: its findings are made elsewhere."""
