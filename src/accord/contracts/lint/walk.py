"""Walk a contract the way lint rules need it: operations, schemas and every mapping.

`$ref`s are followed through the contract's resolver, so a node always knows the document
and JSON pointer it really lives at (also in other files). Each place is visited once,
which keeps recursive schemas finite and large contracts linear.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from accord.contracts.model import Contract, ContractKind
from accord.contracts.openapi.operations import METHODS
from accord.documents.loader import Document, child_pointer
from accord.errors import AccordError

__all__ = ["METHODS", "Node", "Operation", "deref", "mappings", "operations", "schemas"]


# Keywords whose value is a schema, a list of schemas, or a mapping of names to schemas.
_ONE = (
    *("items", "not", "additionalProperties", "contains", "if", "then", "else", "propertyNames"),
    *("unevaluatedProperties", "unevaluatedItems", "additionalItems"),
)
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_KEYWORDS = frozenset((*_ONE, *_LIST, *_MAP))
# A tuple, not `dict | list`: that union is built anew on every call, at twice the cost.
_CONTAINERS = (dict, list)
_ORDER = {keyword: index for index, keyword in enumerate((*_ONE, *_LIST, *_MAP))}


@dataclass(frozen=True, slots=True)
class Node:
    """A value and where it lives."""

    document: Document
    pointer: str
    value: Any

    def child(self, *tokens: str | int) -> str:
        return child_pointer(self.pointer, *tokens)


@dataclass(frozen=True)
class Operation:
    """One operation of an OpenAPI contract, with its path item's parameters."""

    path: str
    method: str
    node: Node
    path_item: Node

    @property
    def value(self) -> dict[str, Any]:
        value: dict[str, Any] = self.node.value
        return value

    @property
    def pointer(self) -> str:
        return self.node.pointer


def deref(contract: Contract, value: Any, document: Document, pointer: str = "") -> Node | None:
    """The node a value stands for: itself, or what its `$ref` leads to (None if nowhere)."""
    ref = value.get("$ref") if isinstance(value, dict) else None
    if isinstance(ref, str):
        try:
            resolved = contract.resolver.resolve(ref, document)
        except AccordError:  # a broken $ref is validate's finding, not lint's
            return None
        return Node(resolved.document, resolved.pointer, resolved.value)
    return Node(document, pointer, value)


def _child(contract: Contract, node: Node | None, key: str | int) -> Node | None:
    if node is None:
        return None
    value = node.value
    if isinstance(key, str):
        if isinstance(value, dict) and key in value:
            return deref(contract, value[key], node.document, child_pointer(node.pointer, key))
    elif isinstance(value, list) and key < len(value):
        return deref(contract, value[key], node.document, child_pointer(node.pointer, key))
    return None


def _entries(contract: Contract, node: Node | None) -> Iterator[tuple[str, Node]]:
    """The (name, dereferenced node) pairs of a mapping node."""
    if node is None or not isinstance(node.value, dict):
        return
    for name in node.value:
        child = _child(contract, node, name)
        if child is not None and isinstance(child.value, dict):
            yield name, child


def operations(contract: Contract) -> list[Operation]:
    root = Node(contract.document, "", contract.data)
    found: list[Operation] = []
    for path, item in _entries(contract, _child(contract, root, "paths")):
        for method in METHODS:
            operation = _child(contract, item, method)
            if operation is not None and isinstance(operation.value, dict):
                found.append(Operation(path, method, operation, item))
    return found


def _schema_roots(contract: Contract, found_operations: list[Operation]) -> Iterator[Node | None]:
    """Every place a schema starts: components, parameters, bodies, responses, payloads."""
    root = Node(contract.document, "", contract.data)
    if contract.kind is ContractKind.swagger2:
        yield from (n for _, n in _entries(contract, _child(contract, root, "definitions")))
    components = _child(contract, root, "components")
    yield from (n for _, n in _entries(contract, _child(contract, components, "schemas")))
    if contract.kind.is_asyncapi:
        yield from _asyncapi_payloads(contract, root, components)
        return
    holders: list[Node] = []
    for section in ("parameters", "headers", "requestBodies", "responses"):
        holders += [n for _, n in _entries(contract, _child(contract, components, section))]
        holders += [n for _, n in _entries(contract, _child(contract, root, section))]
    for operation in found_operations:
        holders += _operation_holders(contract, operation)
    for holder in holders:
        yield from _holder_schemas(contract, holder)


def _operation_holders(contract: Contract, operation: Operation) -> list[Node]:
    holders: list[Node] = []
    for owner in (operation.path_item, operation.node):
        params = _child(contract, owner, "parameters")
        if params is not None and isinstance(params.value, list):
            holders += [n for i in range(len(params.value)) if (n := _child(contract, params, i))]
    body = _child(contract, operation.node, "requestBody")
    holders += [body] if body is not None else []
    responses = _entries(contract, _child(contract, operation.node, "responses"))
    for _, response in responses:
        holders.append(response)
        holders += [h for _, h in _entries(contract, _child(contract, response, "headers"))]
    return holders


def _holder_schemas(contract: Contract, holder: Node) -> Iterator[Node | None]:
    """The schemas of a parameter, header, request body or response (2.0 and 3.x)."""
    yield _child(contract, holder, "schema")
    for _, media in _entries(contract, _child(contract, holder, "content")):
        yield _child(contract, media, "schema")


def _asyncapi_payloads(contract: Contract, root: Node, components: Node | None) -> Iterator[Node | None]:
    messages: list[Node] = []
    if components is not None:
        messages += [n for _, n in _entries(contract, _child(contract, components, "messages"))]
    for _, channel in _entries(contract, _child(contract, root, "channels")):
        messages += [n for _, n in _entries(contract, _child(contract, channel, "messages"))]
        for action in ("publish", "subscribe"):  # AsyncAPI 2
            message = _child(contract, _child(contract, channel, action), "message")
            if message is not None:
                messages.append(message)
                one_of = _child(contract, message, "oneOf")
                if one_of is not None and isinstance(one_of.value, list):
                    messages += [n for i in range(len(one_of.value)) if (n := _child(contract, one_of, i))]
    for message in messages:
        yield _child(contract, message, "payload")


def schemas(contract: Contract, found_operations: list[Operation]) -> list[Node]:
    """Every schema of the contract, each once, subschemas included."""
    seen: set[tuple[str, str]] = set()
    found: list[Node] = []
    stack = [n for n in _schema_roots(contract, found_operations) if n is not None]
    while stack:
        node = stack.pop()
        key = (node.document.name, node.pointer)
        if key in seen or not isinstance(node.value, dict):
            continue
        seen.add(key)
        found.append(node)
        stack.extend(_subschemas(contract, node))
    found.reverse()
    return found


def _subschemas(contract: Contract, node: Node) -> list[Node]:
    value = node.value
    present = _KEYWORDS.intersection(value)
    if not present:
        return []  # most schemas are leaves (a type, a description): no keyword to look up
    found: list[Node] = []
    # In the order of _ONE, _LIST, _MAP: the order the schemas are listed in.
    for keyword in sorted(present, key=_ORDER.__getitem__) if len(present) > 1 else present:
        child = value[keyword]
        if keyword in _MAP:
            if isinstance(child, dict):
                here = child_pointer(node.pointer, keyword)
                found += [
                    n
                    for name, v in child.items()
                    if (n := deref(contract, v, node.document, child_pointer(here, name)))
                ]
        elif isinstance(child, dict):
            if keyword in _LIST:
                continue
            if (one := _child(contract, node, keyword)) is not None:
                found.append(one)
        elif isinstance(child, list) and (keyword == "items" or keyword in _LIST):
            here = child_pointer(node.pointer, keyword)
            found += [
                n
                for i, v in enumerate(child)
                if (n := deref(contract, v, node.document, child_pointer(here, i)))
            ]
    return found


# A place the walk over every mapping reaches: value, document, parent entry, token.
_Entry = tuple[Any, Document, Any, str | int]


def mappings(contract: Contract, keys: tuple[str, ...]) -> list[Node]:
    """Every mapping holding one of `keys`, in the contract's root document and in the files
    its `$ref`s reach. Every mapping and list is visited, but a pointer is spelled only for
    a mapping found: rules ask about the few with a `$ref`, not the thousands without."""
    targets: set[tuple[str, str]] = set()
    found: list[Node] = []
    # (value, document, parent entry, token); an entry without a parent holds its whole pointer.
    stack: list[_Entry] = [(contract.data, contract.document, None, "")]
    while stack:
        entry = stack.pop()
        value, document = entry[0], entry[1]
        if isinstance(value, dict):
            for key in keys:
                if key in value:
                    found.append(Node(document, _spelled(entry), value))
                    break
            ref = value.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                # Another file: walk what the $ref reaches there, once.
                target = deref(contract, value, document)
                if target is not None and (target.document.name, target.pointer) not in targets:
                    targets.add((target.document.name, target.pointer))
                    stack.append((target.value, target.document, None, target.pointer))
            items: Any = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        for name, child in items:
            if isinstance(child, _CONTAINERS):
                stack.append((child, document, entry, name))
    return found


def _spelled(entry: _Entry) -> str:
    """The JSON pointer of a walk's entry, from its parents' tokens."""
    tokens: list[str | int] = []
    while entry[2] is not None:
        tokens.append(entry[3])
        entry = entry[2]
    return child_pointer(str(entry[3]), *reversed(tokens))
