"""The shapes both versions of a contract are compared in: a value with the place it lives
(`Node`), an operation with what it takes and returns (`Operation`), and one of its
responses (`Response`). `normalize.Api` reads a document into them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from accord.documents.loader import child_pointer, escape_token

if TYPE_CHECKING:
    from accord.documents.loader import Document

__all__ = ["Node", "Operation", "Response"]


class Node:
    """A value in a document, with the JSON pointer it lives at (never changed once made: a
    plain class with slots, as the diff makes hundreds of thousands of them)."""

    __slots__ = ("document", "key", "pointer", "value")

    def __init__(self, value: Any, document: Document, pointer: str) -> None:
        self.value = value
        self.document = document
        self.pointer = pointer
        self.key: tuple[str, str] = (document.name, pointer)

    def __repr__(self) -> str:
        return f"Node(pointer={self.pointer!r}, document={self.document.name!r})"

    def child(self, *tokens: str | int) -> Node | None:
        value: Any = self.value
        if len(tokens) == 1 and type(value) is dict:  # most calls: one key of an object
            token = tokens[0]
            if token not in value:
                return None
            return Node(value[token], self.document, child_pointer(self.pointer, token))
        pointer = self.pointer
        for token in tokens:
            in_list = isinstance(value, list) and isinstance(token, int) and token < len(value)
            if not (in_list or (isinstance(value, dict) and token in value)):
                return None
            value = value[token]
            pointer = f"{pointer}/{escape_token(token)}"
        return Node(value, self.document, pointer)

    def items(self) -> list[tuple[str, Node]]:
        value = self.value
        if not isinstance(value, dict):
            return []
        document, pointer = self.document, self.pointer
        return [(str(k), Node(v, document, child_pointer(pointer, k))) for k, v in value.items()]

    def members(self) -> dict[str, Node]:
        """`items()` as a mapping, made in one pass (a schema's properties, for every view: tens
        of thousands of nodes on a large contract, so the common key is joined inline)."""
        value = self.value
        if not isinstance(value, dict):
            return {}
        document, pointer = self.document, self.pointer
        members: dict[str, Node] = {}
        for key, item in value.items():
            if type(key) is str and "~" not in key and "/" not in key:
                members[key] = Node(item, document, f"{pointer}/{key}")
            else:
                members[str(key)] = Node(item, document, child_pointer(pointer, key))
        return members


class Response(NamedTuple):
    """One response of an operation: headers and media types (schema nodes, or None)."""

    node: Node
    headers: dict[str, Node]
    content: dict[str, Node | None]
    site: Node  # where the operation lists it (a `$ref` to a shared response, or the response)


class Operation:
    """One operation, everything it takes and returns resolved to nodes.

    What it takes and returns is worked out on first use: an operation written the same in
    both versions, down to what its `$ref`s reach, is never looked into (see `unchanged`)."""

    parameters: dict[tuple[str, str], Node]
    parameter_sites: dict[tuple[str, str], Node]
    body: dict[str, Node | None]
    body_node: Node | None
    body_required: bool
    responses: dict[str, Response]
    security: list[dict[str, frozenset[str]]]
    security_node: Node | None

    def __init__(
        self,
        method: str,
        path: str,
        node: Node,
        reverse: bool = False,
        item: Node | None = None,
        fill: Callable[[Operation], None] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.node = node
        self.reverse = reverse  # a webhook or callback: the API sends the request, the subscriber answers
        self.item = item  # its path item
        self.fill = fill  # sets the details (annotated above) on first use

    def __repr__(self) -> str:
        return f"Operation({self.label!r})"

    def __getattr__(self, name: str) -> Any:
        """Called only for an attribute not set yet: the details, filled in by the Api."""
        fill = self.__dict__.get("fill")
        if fill is None or name not in _DETAILS:
            raise AttributeError(name)
        self.fill = None
        fill(self)
        return self.__dict__[name]

    @property
    def label(self) -> str:
        if self.reverse:  # `webhook NAME POST`, `POST /pets callback NAME EXPRESSION POST`
            return f"{self.path} {self.method.upper()}"
        return f"{self.method.upper()} {self.path}"

    @property
    def data(self) -> dict[str, Any]:
        return self.node.value if isinstance(self.node.value, dict) else {}


_DETAILS = frozenset(
    (
        "parameters",
        "parameter_sites",
        "body",
        "body_node",
        "body_required",
        "responses",
        "security",
        "security_node",
    )
)
