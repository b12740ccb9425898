"""Lint rules about schemas, components and `$ref`s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from accord.contracts.lint.base import IGNORE_KEY, LINT_RULES, Hit, LintContext
from accord.contracts.model import ContractKind
from accord.documents.loader import child_pointer, pointer_tokens
from accord.errors import AccordError
from accord.report import Severity

CASES = {
    "UPPER_SNAKE": re.compile(r"^[A-Z0-9]+(_[A-Z0-9]+)*$"),
    "lower_snake": re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$"),
    "kebab-case": re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$"),
    "camelCase": re.compile(r"^[a-z][a-zA-Z0-9]*$"),
    "PascalCase": re.compile(r"^[A-Z][a-zA-Z0-9]*$"),
}
IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]+$")
COMPONENT_SECTIONS = {
    ContractKind.swagger2: ("definitions", "parameters", "responses"),
    ContractKind.openapi30: (
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "links",
    ),
    ContractKind.openapi31: (
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "links",
    ),
    ContractKind.asyncapi2: ("schemas", "messages", "parameters"),
    ContractKind.asyncapi3: ("schemas", "messages", "parameters"),
}


@LINT_RULES.rule(
    "schema-property-description",
    Severity.info,
    "A property's name rarely tells its unit, format and meaning; describe it.",
)
def schema_property_description(ctx: LintContext) -> Iterator[Hit]:
    for schema in ctx.schemas_with("properties"):
        properties = schema.value.get("properties")
        for name, raw in properties.items() if isinstance(properties, dict) else ():
            if not isinstance(raw, dict) or raw.get("description"):
                continue
            pointer = child_pointer(schema.pointer, "properties", name)
            if "$ref" in raw:  # described where it leads?
                target = ctx.deref(raw, schema.document, pointer)
                if target is not None and isinstance(target.value, dict) and target.value.get("description"):
                    continue
            yield Hit(f"property {name!r} has no description", pointer, schema.document)


@LINT_RULES.rule(
    "enum-consistent-case",
    Severity.warning,
    "Enum values of one schema share one case style (e.g. all UPPER_SNAKE_CASE, Zalando 240).",
)
def enum_consistent_case(ctx: LintContext) -> Iterator[Hit]:
    for schema in ctx.schemas_with("enum"):
        values = schema.value.get("enum")
        if not isinstance(values, list):
            continue
        words = [v for v in values if isinstance(v, str) and v]
        if len(words) < 2 or not all(IDENTIFIER.match(w) for w in words):
            continue
        # One style shared by all is enough: most enums are one style, found in the first two.
        if not any(all(pattern.match(w) for w in words) for pattern in CASES.values()):
            yield Hit(
                f"enum values mix case styles: {', '.join(words[:6])}",
                child_pointer(schema.pointer, "enum"),
                schema.document,
            )


@LINT_RULES.rule("array-items", Severity.warning, "An array schema without `items` accepts anything at all.")
def array_items(ctx: LintContext) -> Iterator[Hit]:
    for schema in ctx.schemas:
        kind = schema.value.get("type")
        is_array = kind == "array" or (isinstance(kind, list) and "array" in kind)
        if is_array and "items" not in schema.value and "prefixItems" not in schema.value:
            yield Hit("array schema has no `items`", schema.pointer, schema.document)


@LINT_RULES.rule(
    "no-ref-siblings",
    Severity.error,
    "Keys beside `$ref` are ignored before OpenAPI 3.1 and in AsyncAPI, so they silently do nothing.",
)
def no_ref_siblings(ctx: LintContext) -> Iterator[Hit]:
    if ctx.kind is ContractKind.openapi31:
        return
    for node in ctx.mappings:
        if isinstance(node.value.get("$ref"), str) and len(node.value) > 1:
            extra = sorted(k for k in node.value if k not in ("$ref", IGNORE_KEY))
            if extra:
                yield Hit(f"{', '.join(extra)} beside $ref is ignored", node.pointer, node.document)


def _used_pointers(ctx: LintContext) -> list[list[str]]:
    """The pointers (as tokens) into the root document that `$ref`s anywhere point at."""
    used: list[list[str]] = []
    for node in ctx.mappings:
        ref = node.value.get("$ref")
        if not isinstance(ref, str):
            continue
        if ref.startswith("#") and node.document is ctx.document:
            used.append(pointer_tokens(ref))
            continue
        try:
            document, pointer = ctx.contract.resolver.document_for(ref, node.document)
        except AccordError:
            continue
        if document is ctx.document:
            used.append(pointer_tokens(pointer))
    return used


@LINT_RULES.rule(
    "no-unused-components",
    Severity.warning,
    "A component nothing refers to is dead weight that readers still have to review.",
)
def no_unused_components(ctx: LintContext) -> Iterator[Hit]:
    base = [] if ctx.kind is ContractKind.swagger2 else ["components"]
    used = {tuple(tokens[: len(base) + 2]) for tokens in _used_pointers(ctx)}
    container: Any = ctx.data if not base else ctx.data.get("components")
    for section in COMPONENT_SECTIONS[ctx.kind]:
        entries = container.get(section) if isinstance(container, dict) else None
        for name in entries if isinstance(entries, dict) else ():
            if (*base, section, name) not in used:
                pointer = child_pointer("", *base, section, name)
                yield Hit(f"{'/'.join((*base, section))}/{name} is never referred to", pointer)


@LINT_RULES.rule(
    "ignore-known-rules",
    Severity.warning,
    "An x-accord-ignore naming no rule silences nothing; it is usually a typo.",
)
def ignore_known_rules(ctx: LintContext) -> Iterator[Hit]:
    known = set(LINT_RULES.ids())
    for node in ctx.mappings:
        names = node.value.get(IGNORE_KEY)
        if names is None:
            continue
        pointer = child_pointer(node.pointer, IGNORE_KEY)
        if not isinstance(names, list | str):
            yield Hit(f"{IGNORE_KEY} takes a list of rule ids", pointer, node.document)
            continue
        for name in [names] if isinstance(names, str) else names:
            if name not in known:
                yield Hit(f"{IGNORE_KEY}: no lint rule is called {name!r}", pointer, node.document)


@LINT_RULES.rule(
    "pattern-portable",
    Severity.warning,
    "A `pattern` only lenient JavaScript accepts is refused by stricter engines: sides disagree.",
)
def pattern_portable(ctx: LintContext) -> Iterator[Hit]:
    from accord.contracts.ecma_regex import portability_problem

    for schema in ctx.schemas_with("pattern"):
        pattern = schema.value.get("pattern")
        if not isinstance(pattern, str):
            continue
        problem = portability_problem(pattern)
        if problem:
            yield Hit(
                f"pattern {pattern!r} is valid ECMA-262 but refused by {problem}; "
                "write it so that every engine reads it the same (escape a literal `-` or `{`)",
                child_pointer(schema.pointer, "pattern"),
                schema.document,
            )


@LINT_RULES.rule(
    "nullable-enum-lists-null",
    Severity.warning,
    "`nullable: true` does not add null to an `enum` (OpenAPI 3.0.3): null is still refused.",
)
def nullable_enum_lists_null(ctx: LintContext) -> Iterator[Hit]:
    for schema in ctx.schemas_with("enum"):
        values = schema.value.get("enum")
        nullable = schema.value.get("nullable") is True or schema.value.get("x-nullable") is True
        if nullable and isinstance(values, list) and None not in values:
            yield Hit(
                "the schema is nullable but its enum does not list null, so null is refused; "
                "add null to the enum if null is meant to be allowed",
                child_pointer(schema.pointer, "enum"),
                schema.document,
            )
