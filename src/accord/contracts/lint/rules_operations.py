"""Lint rules about OpenAPI operations: ids, summaries, descriptions, tags, parameters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.contracts.lint.walk import Operation
from accord.report import Severity

URL_SAFE = re.compile(r"^[A-Za-z0-9._~-]+$")


def _label(operation: Operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def _text(operation: Operation, key: str) -> str:
    return str(operation.value.get(key) or "").strip()


@LINT_RULES.rule(
    "operation-id-present",
    Severity.warning,
    "Code generators, docs and pacts name operations by their operationId.",
)
def operation_id_present(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        if not _text(operation, "operationId"):
            yield Hit(
                f"{_label(operation)} has no operationId",
                operation.pointer,
                operation.node.document,
            )


@LINT_RULES.rule(
    "operation-id-unique", Severity.error, "Two operations with one operationId collide in every SDK."
)
def operation_id_unique(ctx: LintContext) -> Iterator[Hit]:
    first: dict[str, Operation] = {}
    for operation in ctx.operations:
        operation_id = _text(operation, "operationId")
        if not operation_id:
            continue
        if operation_id in first:
            other = _label(first[operation_id])
            pointer = operation.node.child("operationId")
            yield Hit(
                f"operationId {operation_id!r} is also used by {other}", pointer, operation.node.document
            )
        else:
            first[operation_id] = operation


@LINT_RULES.rule(
    "operation-id-url-safe",
    Severity.warning,
    "operationIds end up in URLs and file names: keep to letters, digits and -._~.",
)
def operation_id_url_safe(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        operation_id = _text(operation, "operationId")
        if operation_id and not URL_SAFE.match(operation_id):
            pointer = operation.node.child("operationId")
            yield Hit(
                f"operationId {operation_id!r} has characters unsafe in URLs",
                pointer,
                operation.node.document,
            )


@LINT_RULES.rule("operation-summary", Severity.warning, "The summary is the one line docs and tools show.")
def operation_summary(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        if not _text(operation, "summary"):
            yield Hit(f"{_label(operation)} has no summary", operation.pointer, operation.node.document)


@LINT_RULES.rule(
    "operation-description",
    Severity.warning,
    "Consumers need to know what an operation does beyond its name.",
)
def operation_description(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        if not _text(operation, "description"):
            yield Hit(
                f"{_label(operation)} has no description",
                operation.pointer,
                operation.node.document,
            )


@LINT_RULES.rule("operation-tags", Severity.warning, "Tags group operations in docs and generated clients.")
def operation_tags(ctx: LintContext) -> Iterator[Hit]:
    for operation in ctx.operations:
        tags = operation.value.get("tags")
        if not isinstance(tags, list) or not tags:
            yield Hit(f"{_label(operation)} has no tags", operation.pointer, operation.node.document)


@LINT_RULES.rule(
    "parameter-description", Severity.warning, "A parameter's name rarely says its unit, format and meaning."
)
def parameter_description(ctx: LintContext) -> Iterator[Hit]:
    seen: set[tuple[str, str]] = set()
    for operation in ctx.operations:
        for owner in (operation.path_item, operation.node):
            parameters = owner.value.get("parameters")
            for index, raw in enumerate(parameters if isinstance(parameters, list) else []):
                node = ctx.deref(raw, owner.document, owner.child("parameters", index))
                if node is None or not isinstance(node.value, dict):
                    continue
                pointer = node.pointer
                if (node.document.name, pointer) in seen:
                    continue
                seen.add((node.document.name, pointer))
                described = str(node.value.get("description") or raw.get("description") or "").strip()
                if not described:
                    name = node.value.get("name", "?")
                    yield Hit(f"parameter {name!r} has no description", pointer, node.document)
