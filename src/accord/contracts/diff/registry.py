"""The catalogue of diff checks: each one small function under a stable id, in one scope."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

from accord.contracts.diff.model import Hit
from accord.contracts.registry import Registry, Rule
from accord.report import Severity

__all__ = ["CHECKS", "Scope", "check", "rules_in"]

Check = Callable[[Any], Iterable[Hit]]
CHECKS: Registry[Check] = Registry(
    "diff",
    modules=[
        f"accord.contracts.diff.checks_{area}"
        for area in (
            "async", "composition", "content", "keywords", "operations",
            "parameters", "properties", "schemas", "webhooks",
        )
    ],
)  # fmt: skip


class Scope(enum.StrEnum):
    """What a check looks at: the whole API, one operation, one webhook or callback, one schema,
    or event channels."""

    api = "api"
    operation = "operation"
    webhook = "webhook"
    schema = "schema"
    asyncapi = "asyncapi"
    contract = "contract"


_SCOPES: dict[Scope, list[Rule[Check]]] = {scope: [] for scope in Scope}


def check(scope: Scope, rule_id: str, severity: Severity, rationale: str) -> Callable[[Check], Check]:
    """Register a check in the diff catalogue and in its scope."""

    def register(function: Check) -> Check:
        CHECKS.rule(rule_id, severity, rationale)(function)
        _SCOPES[scope].append(CHECKS.get(rule_id))
        return function

    return register


def rules_in(scope: Scope) -> list[Rule[Check]]:
    """The checks of one scope. `CHECKS.load()` imports the check modules by name, so no check
    module imports the registry in a loop."""
    CHECKS.load()
    return _SCOPES[scope]
