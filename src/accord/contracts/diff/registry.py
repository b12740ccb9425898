"""The catalogue of diff checks: each one small function under a stable id, in one scope."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

from accord.contracts.diff.model import Hit
from accord.contracts.registry import Registry, Rule
from accord.report import Severity

__all__ = ["CHECKS", "Scope", "check", "keywords_of", "rules_in"]

Check = Callable[[Any], Iterable[Hit]]
CHECKS: Registry[Check] = Registry(
    "diff",
    modules=[
        f"accord.contracts.diff.checks_{area}"
        for area in (
            "async", "composition", "content", "keywords", "operations",
            "parameters", "properties", "proto", "schemas", "webhooks",
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
    proto = "proto"


_SCOPES: dict[Scope, list[Rule[Check]]] = {scope: [] for scope in Scope}
_KEYWORDS: dict[str, frozenset[str]] = {}


def check(
    scope: Scope, rule_id: str, severity: Severity, rationale: str, *, keywords: Iterable[str] = ()
) -> Callable[[Check], Check]:
    """Register a check in the diff catalogue and in its scope. `keywords`, for a schema check
    that can find something only where one of them is written in either version of the schema
    (or in an allOf member merged into it): the walk runs it only there."""

    def register(function: Check) -> Check:
        CHECKS.rule(rule_id, severity, rationale)(function)
        _SCOPES[scope].append(CHECKS.get(rule_id))
        if keywords:
            _KEYWORDS[rule_id] = frozenset(keywords)
        return function

    return register


def keywords_of(rule: Rule[Check]) -> frozenset[str] | None:
    """The keywords one of which a schema must hold for the check to find anything; None when
    it may find something in any schema."""
    return _KEYWORDS.get(rule.id)


def rules_in(scope: Scope) -> list[Rule[Check]]:
    """The checks of one scope. `CHECKS.load()` imports the check modules by name, so no check
    module imports the registry in a loop."""
    CHECKS.load()
    return _SCOPES[scope]
