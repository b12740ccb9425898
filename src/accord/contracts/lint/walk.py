"""What lint rules see of a contract: its operations, and nodes that know where they live.

`$ref`s are followed through the contract's resolver, so a node always knows the document
and JSON pointer it really lives at (also in other files). Schemas and the mappings with a
`$ref` come from the contract's one walk (`accord.contracts.walk`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from accord.contracts.model import METHODS, Contract
from accord.documents.loader import Document, child_pointer
from accord.errors import AccordError

__all__ = ["METHODS", "Node", "Operation", "deref", "operations"]


class Node(NamedTuple):
    """A value and where it lives."""

    document: Document
    pointer: str
    value: Any

    def child(self, *tokens: str | int) -> str:
        return child_pointer(self.pointer, *tokens)


class Operation(NamedTuple):
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
