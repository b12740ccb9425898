"""Checks on object properties, required lists, readOnly/writeOnly, additionalProperties and
oneOf/anyOf branches (allOf is merged before comparing, so it never shows up by itself)."""

from __future__ import annotations

from collections.abc import Iterator

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.pairs import SchemaPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.schemas import SchemaView, build_view
from accord.contracts.diff.shapes import Node
from accord.report import Severity

BREAKING, MAY_BREAK, CHANGE = Severity.error, Severity.warning, Severity.info
# where properties and union branches come from: a schema without them has none to compare
PROPERTIES = ["properties"]
UNIONS = ["oneOf", "anyOf"]


def _visible(api: Api, node: Node, request: bool) -> bool:
    """readOnly properties are never sent, writeOnly ones never received."""
    view = build_view(api, node)
    return not (view.read_only if request else view.write_only)


def _wrapped(p: SchemaPair) -> bool:
    """One side is a oneOf/anyOf and the other is not: its branches are compared with the other
    schema (BranchMatch), so the union's own (empty) properties say nothing."""
    return bool(p.old.branches) != bool(p.new.branches)


def _added(p: SchemaPair) -> Iterator[tuple[str, Node]]:
    if _wrapped(p):
        return
    for name, node in p.new.properties.items():
        if name not in p.old.properties and _visible(p.new_api, node, p.request):
            yield name, node


def _removed(p: SchemaPair) -> Iterator[tuple[str, Node]]:
    if _wrapped(p):
        return
    for name, node in p.old.properties.items():
        if name not in p.new.properties and _visible(p.old_api, node, p.request):
            yield name, node


def _common(p: SchemaPair) -> Iterator[tuple[str, Node, Node]]:
    if _wrapped(p):
        return
    for name, node in p.new.properties.items():
        old = p.old.properties.get(name)
        if old is not None:
            yield name, old, node


def _hit(name: str, node: Node, detail: str, side: Side = Side.new) -> Hit:
    return Hit(detail, node.document, node.pointer, side, subpath=f".{name}")


@check(
    Scope.schema,
    "request-property-added-required",
    BREAKING,
    "existing clients do not send the new property",
    keywords=PROPERTIES,
)
def request_property_added_required(p: SchemaPair) -> Iterator[Hit]:
    if p.request:
        for name, node in _added(p):
            if name in p.new.required:
                yield _hit(name, node, "required property added")


@check(
    Scope.schema,
    "request-property-added-optional",
    CHANGE,
    "clients may send a new property",
    keywords=PROPERTIES,
)
def request_property_added_optional(p: SchemaPair) -> Iterator[Hit]:
    if p.request:
        for name, node in _added(p):
            if name not in p.new.required:
                yield _hit(name, node, "optional property added")


@check(
    Scope.schema,
    "request-property-became-required",
    BREAKING,
    "clients that omitted the property are refused",
    keywords=PROPERTIES,
)
def request_property_became_required(p: SchemaPair) -> Iterator[Hit]:
    if p.request:
        for name, _old, node in _common(p):
            if name in p.new.required and name not in p.old.required and _visible(p.new_api, node, True):
                yield _hit(name, node, "property became required")


@check(
    Scope.schema,
    "request-property-removed",
    MAY_BREAK,
    "clients still send it; a strict server refuses it",
    keywords=PROPERTIES,
)
def request_property_removed(p: SchemaPair) -> Iterator[Hit]:
    if p.request:
        for name, node in _removed(p):
            yield _hit(name, node, "property removed", Side.old)


@check(
    Scope.schema,
    "response-required-property-removed",
    BREAKING,
    "clients reading the property find it missing",
    keywords=PROPERTIES,
)
def response_required_property_removed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request:
        for name, node in _removed(p):
            if name in p.old.required:
                yield _hit(name, node, "required property removed", Side.old)


@check(
    Scope.schema,
    "response-optional-property-removed",
    MAY_BREAK,
    "clients that used the property lose it",
    keywords=PROPERTIES,
)
def response_optional_property_removed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request:
        for name, node in _removed(p):
            if name not in p.old.required:
                yield _hit(name, node, "optional property removed", Side.old)


@check(
    Scope.schema,
    "response-property-became-optional",
    BREAKING,
    "clients relying on the property may not get it",
    keywords=PROPERTIES,
)
def response_property_became_optional(p: SchemaPair) -> Iterator[Hit]:
    if not p.request:
        for name, _old, node in _common(p):
            if name in p.old.required and name not in p.new.required and _visible(p.new_api, node, False):
                yield _hit(name, node, "property became optional")


@check(
    Scope.schema,
    "response-property-added",
    CHANGE,
    "the response carries a new property",
    keywords=PROPERTIES,
)
def response_property_added(p: SchemaPair) -> Iterator[Hit]:
    if not p.request:
        for name, node in _added(p):
            yield _hit(name, node, "property added")


def _flag(view: SchemaView, name: str) -> tuple[Node, str]:
    return view.at(name)


@check(
    Scope.schema,
    "request-property-became-read-only",
    MAY_BREAK,
    "the server ignores or refuses what clients send",
    keywords=["readOnly"],
)
def request_property_became_read_only(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.new.read_only and not p.old.read_only:
        origin, pointer = _flag(p.new, "readOnly")
        yield Hit("became readOnly", origin.document, pointer)


@check(
    Scope.schema,
    "response-property-became-write-only",
    BREAKING,
    "the server no longer returns the property",
    keywords=["writeOnly"],
)
def response_property_became_write_only(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and p.new.write_only and not p.old.write_only:
        origin, pointer = _flag(p.new, "writeOnly")
        yield Hit("became writeOnly", origin.document, pointer)


@check(
    Scope.schema,
    "request-additional-properties-disallowed",
    BREAKING,
    "clients sending extra properties are refused",
    keywords=["additionalProperties"],
)
def request_additional_properties_disallowed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.new.additional is False and p.old.additional is not False:
        origin, pointer = _flag(p.new, "additionalProperties")
        yield Hit("additional properties no longer allowed", origin.document, pointer)


def _branch(api: Api, node: Node) -> str:
    view = build_view(api, node)
    name = (
        api.resolve(node).pointer.rsplit("/", 1)[-1]
        if isinstance(node.value, dict) and "$ref" in node.value
        else ""
    )
    return (
        f"{name} ({'|'.join(sorted(view.types or ())) or 'any'})"
        if name
        else "|".join(sorted(view.types or ())) or "a branch"
    )


def _branches_added(p: SchemaPair) -> Iterator[Hit]:
    for node in p.branches.added:
        yield Hit(
            f"{p.new.union or 'oneOf'} branch {_branch(p.new_api, node)} added", node.document, node.pointer
        )


def _branches_removed(p: SchemaPair) -> Iterator[Hit]:
    for node in p.branches.removed:
        message = f"{p.old.union or 'oneOf'} branch {_branch(p.old_api, node)} removed"
        yield Hit(message, node.document, node.pointer, Side.old)


@check(
    Scope.schema,
    "request-union-branch-removed",
    BREAKING,
    "values matching only the removed branch are refused",
    keywords=UNIONS,
)
def request_union_branch_removed(p: SchemaPair) -> Iterator[Hit]:
    if p.request:
        yield from _branches_removed(p)


@check(Scope.schema, "request-union-branch-added", CHANGE, "clients may send a new shape", keywords=UNIONS)
def request_union_branch_added(p: SchemaPair) -> Iterator[Hit]:
    if p.request:
        yield from _branches_added(p)


@check(
    Scope.schema,
    "response-union-branch-added",
    BREAKING,
    "the server may now send a value of a shape no client was written for; unlike a new enum "
    "value of a known type, a new shape fails clients that decode into the known shapes",
    keywords=UNIONS,
)
def response_union_branch_added(p: SchemaPair) -> Iterator[Hit]:
    if not p.request:
        yield from _branches_added(p)


@check(
    Scope.schema,
    "response-union-branch-removed",
    CHANGE,
    "the server no longer returns that shape",
    keywords=UNIONS,
)
def response_union_branch_removed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request:
        yield from _branches_removed(p)


@check(
    Scope.schema,
    "request-any-of-became-one-of",
    MAY_BREAK,
    "a value matching several branches is now refused",
    keywords=["oneOf"],
)
def request_any_of_became_one_of(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.old.union == "anyOf" and p.new.union == "oneOf":
        origin, pointer = _flag(p.new, "oneOf")
        yield Hit("anyOf became oneOf", origin.document, pointer)
