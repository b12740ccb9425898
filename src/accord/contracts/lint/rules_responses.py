"""Lint rules about the responses an OpenAPI operation declares."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.contracts.lint.walk import Operation
from accord.report import Severity


def _codes(operation: Operation) -> list[str]:
    responses: Any = operation.value.get("responses")
    return [str(code).upper() for code in responses] if isinstance(responses, dict) else []


def _where(operation: Operation) -> str:
    responses = operation.value.get("responses")
    return operation.node.child("responses") if isinstance(responses, dict) else operation.pointer


@LINT_RULES.rule(
    "response-success",
    Severity.warning,
    "Every operation should say what success looks like (a 2xx or 3xx response).",
)
def response_success(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        if not any(code[0] in "23" for code in _codes(operation)):
            label = f"{operation.method.upper()} {operation.path}"
            yield Hit(
                f"{label} declares no 2xx or 3xx response",
                _where(operation),
                operation.node.document,
            )


@LINT_RULES.rule(
    "response-4xx",
    Severity.warning,
    "Clients must know how a bad request fails: declare at least one 4xx response.",
)
def response_4xx(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        if not any(code.startswith("4") for code in _codes(operation)):
            label = f"{operation.method.upper()} {operation.path}"
            yield Hit(f"{label} declares no 4xx response", _where(operation), operation.node.document)
