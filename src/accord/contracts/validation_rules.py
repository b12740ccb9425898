"""The checks of `accord contracts validate`: one small function per rule, under a stable id.

`structure` is the specification's own JSON Schema; the others are what the schema cannot
say (examples that contradict their schema, path parameters, duplicate ids, broken `$ref`s).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from accord.contracts.registry import Registry
from accord.contracts.rule_context import RuleContext
from accord.contracts.walk import Node
from accord.documents.loader import escape_token
from accord.documents.refs import RefOutsideRoot, UnresolvedRef
from accord.report import Finding, Severity

__all__ = ["RULES", "ValidationCheck"]

ValidationCheck = Callable[[RuleContext], Iterable[Finding]]
RULES: Registry[ValidationCheck] = Registry("validate")
_TEMPLATE = re.compile(r"\{([^{}/]+)\}")
_ALL_OF_PART = re.compile(r"/allOf/\d+$")
E = Severity.error


@RULES.rule("structure", E, "The document must follow its specification's official JSON Schema.")
def structure(ctx: RuleContext) -> Iterator[Finding]:
    for v in ctx.structure:
        if not v.misplaced_ref:
            yield ctx.finding("structure", E, v.message, v.pointer)


@RULES.rule("ref-placement", E, "`$ref` is only allowed where the specification names a Reference Object.")
def ref_placement(ctx: RuleContext) -> Iterator[Finding]:
    for v in ctx.structure:
        if v.misplaced_ref:
            yield ctx.finding("ref-placement", E, v.message, v.pointer)


@RULES.rule("unresolved-ref", E, "Every `$ref` must point at a file and a place that exist.")
def unresolved_ref(ctx: RuleContext) -> Iterator[Finding]:
    for problem in ctx.walk.problems:
        if isinstance(problem.error, UnresolvedRef) and not isinstance(problem.error, RefOutsideRoot):
            message = problem.error.message
            if problem.error.hint:
                message += f" ({problem.error.hint})"
            yield ctx.finding("unresolved-ref", E, message, problem.pointer, problem.document)


@RULES.rule(
    "ref-outside-root",
    E,
    "A `$ref` may not read files outside the workspace (or the contract's folder) unless allowed.",
)
def ref_outside_root(ctx: RuleContext) -> Iterator[Finding]:
    for problem in ctx.walk.problems:
        if isinstance(problem.error, RefOutsideRoot):
            message = f"{problem.error.message} ({problem.error.hint})"
            yield ctx.finding("ref-outside-root", E, message, problem.pointer, problem.document)


@RULES.rule("ref-cycle", E, "A `$ref` chain that returns to itself never reaches content.")
def ref_cycle(ctx: RuleContext) -> Iterator[Finding]:
    reported: set[frozenset[str]] = set()
    for problem in ctx.walk.problems:
        if isinstance(problem.error, UnresolvedRef):
            continue
        # Every `$ref` of a cycle leads into it: say it once, where the walk first met it.
        members = frozenset(problem.error.message.split(": ", 1)[-1].split(" -> "))
        if members not in reported:
            reported.add(members)
            yield ctx.finding("ref-cycle", E, problem.error.message, problem.pointer, problem.document)


@RULES.rule("example-invalid", E, "Examples are documentation and test data: they must match their schema.")
def example_invalid(ctx: RuleContext) -> Iterator[Finding]:
    for node in ctx.walk.having("example", "examples"):
        for value, pointer, label in _examples_of(ctx, node):
            target = (node.value, node.document, node.pointer) if node.is_schema else _schema_of(ctx, node)
            if target is None or (isinstance(value, str) and _serialized_media_type(node.pointer)):
                continue
            problem = ctx.checker.problem(value, target[1], target[2], _direction(node.pointer))
            if problem:
                yield ctx.finding(
                    "example-invalid",
                    E,
                    f"{label} does not match its schema: {problem}",
                    pointer,
                    node.document,
                )


def _examples_of(ctx: RuleContext, node: Node) -> Iterator[tuple[Any, str, str]]:
    value, pointer, is_schema = node.value, node.pointer, node.is_schema
    if "example" in value:
        yield value["example"], f"{pointer}/example", "the example"
    examples = value.get("examples")
    if is_schema and isinstance(examples, list):
        for i, item in enumerate(examples):
            yield item, f"{pointer}/examples/{i}", f"example {i + 1}"
    elif not is_schema and isinstance(examples, dict) and "schema" in value:
        for name, raw in examples.items():
            here = f"{pointer}/examples/{escape_token(name)}"
            example = ctx.deref(raw, node.document, here)
            if example is not None and isinstance(example[0], dict) and "value" in example[0]:
                yield example[0]["value"], here, f"the example {name!r}"


def _direction(pointer: str) -> str | None:
    """Whether an example is of a request or a response (readOnly and writeOnly depend on it)."""
    if "/responses/" in pointer:
        return "response"
    if "/requestBody" in pointer or "/parameters/" in pointer:
        return "request"
    return None  # a schema's own example belongs to neither


def _serialized_media_type(pointer: str) -> bool:
    """A media type that is not JSON: its examples may be written serialized, as text."""
    *_, parent, name = ["", "", *pointer.split("/")]
    return parent == "content" and "json" not in name.lower()


def _schema_of(ctx: RuleContext, node: Node) -> tuple[Any, Any, str] | None:
    """The schema of a parameter, header or media type (the node that holds `schema:`)."""
    schema = node.value.get("schema")
    if not isinstance(schema, dict) or not ctx.contract.kind.is_openapi:
        return None
    return ctx.deref(schema, node.document, f"{node.pointer}/schema")


@RULES.rule("default-invalid", E, "A default is what a client gets when it sends nothing: it must be valid.")
def default_invalid(ctx: RuleContext) -> Iterator[Finding]:
    for node in ctx.walk.schemas_with("default"):
        problem = ctx.checker.problem(node.value["default"], node.document, node.pointer)
        if problem:
            yield ctx.finding(
                "default-invalid",
                E,
                f"the default does not match its schema: {problem}",
                f"{node.pointer}/default",
                node.document,
            )


@RULES.rule(
    "path-params", E, "Every `{name}` in a path needs a path parameter, and every path parameter a `{name}`."
)
def path_params(ctx: RuleContext) -> Iterator[Finding]:
    for op in ctx.operations():
        template = _TEMPLATE.findall(op.path)
        declared: dict[str, tuple[Any, str]] = {}
        for owner, doc, ptr in (
            (op.path_item, op.path_item_document, op.path_item_pointer),
            (op.value, op.document, op.pointer),
        ):
            for param, listed_in, here in ctx.parameters(owner, doc, ptr):
                if param.get("in") == "path" and isinstance(param.get("name"), str):
                    declared[param["name"]] = (listed_in, here)
        for name in template:
            if name not in declared:
                yield ctx.finding(
                    "path-params",
                    E,
                    f"{op.method.upper()} {op.path}: path parameter `{name}` is not declared "
                    f"(add a parameter with `in: path` and `name: {name}`)",
                    op.pointer,
                    op.document,
                )
        for name, (doc, here) in declared.items():
            if name not in template:
                yield ctx.finding(
                    "path-params",
                    E,
                    f"{op.method.upper()} {op.path}: path parameter `{name}` does not appear in the path",
                    here,
                    doc,
                )


@RULES.rule(
    "duplicate-operation-id", E, "operationIds name operations in code and links: they must be unique."
)
def duplicate_operation_id(ctx: RuleContext) -> Iterator[Finding]:
    first: dict[str, str] = {}
    for op in ctx.operations():
        op_id = op.value.get("operationId")
        if not isinstance(op_id, str):
            continue
        where = f"{op.method.upper()} {op.path}"
        if op_id in first:
            yield ctx.finding(
                "duplicate-operation-id",
                E,
                f"operationId `{op_id}` is used by {first[op_id]} and {where}",
                f"{op.pointer}/operationId",
                op.document,
            )
        else:
            first[op_id] = where


@RULES.rule("duplicate-parameter", E, "A parameter (name and location) may be listed once per operation.")
def duplicate_parameter(ctx: RuleContext) -> Iterator[Finding]:
    seen_items: set[tuple[str, str]] = set()
    for op in ctx.operations():
        owners = [(op.value, op.document, op.pointer)]
        if (op.path_item_document.name, op.path_item_pointer) not in seen_items:
            seen_items.add((op.path_item_document.name, op.path_item_pointer))
            owners.insert(0, (op.path_item, op.path_item_document, op.path_item_pointer))
        for owner, doc, ptr in owners:
            listed: set[tuple[str, str]] = set()
            for param, listed_in, here in ctx.parameters(owner, doc, ptr):
                key = (str(param.get("name")), str(param.get("in")))
                if key in listed:
                    yield ctx.finding(
                        "duplicate-parameter",
                        E,
                        f"parameter `{key[0]}` in {key[1]} is listed twice",
                        here,
                        listed_in,
                    )
                listed.add(key)


@RULES.rule(
    "required-undefined",
    Severity.warning,
    "A required property that is not described is almost always a typo.",
)
def required_undefined(ctx: RuleContext) -> Iterator[Finding]:
    for node in ctx.walk.schemas_with("required"):
        required = node.value.get("required")
        if not isinstance(required, list) or not isinstance(node.value.get("properties"), dict):
            continue
        if node.value.get("additionalProperties") not in (None, False) or "patternProperties" in node.value:
            continue
        if _ALL_OF_PART.search(node.pointer):
            continue  # a part of `allOf`: its siblings may define what it requires
        defined = _defined_properties(ctx, node.value, node.document, node.pointer, set())
        if defined is None:
            continue
        for index, name in enumerate(required):
            if isinstance(name, str) and name not in defined:
                yield ctx.finding(
                    "required-undefined",
                    Severity.warning,
                    f"`{name}` is required but not defined in `properties`",
                    f"{node.pointer}/required/{index}",
                    node.document,
                )


def _defined_properties(
    ctx: RuleContext, schema: dict[str, Any], doc: Any, ptr: str, seen: set[tuple[str, str]]
) -> set[str] | None:
    """Property names of a schema and its `allOf` parts; None when it cannot be known."""
    if (doc.name, ptr) in seen:
        return set()
    seen.add((doc.name, ptr))
    names = set(schema.get("properties") or {})
    for key in ("allOf", "anyOf", "oneOf"):
        parts = schema.get(key)
        if not isinstance(parts, list):
            continue
        for i, part in enumerate(parts):
            target = ctx.deref(part, doc, f"{ptr}/{key}/{i}")
            if target is None or not isinstance(target[0], dict):
                return None
            more = _defined_properties(ctx, target[0], target[1], target[2], seen)
            if more is None:
                return None
            names |= more
    return names
