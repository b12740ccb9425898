"""Walk a contract across its `$ref`s, knowing which nodes are schemas.

Each node reachable from the root is visited once (keyed by document and pointer), so
recursive schemas end. `$ref`s that cannot be followed are collected, not raised.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, NamedTuple

from accord.contracts.model import Contract
from accord.documents.loader import Document, child_pointer
from accord.errors import ContractError

__all__ = ["KEYED", "Node", "RefProblem", "Walk", "require_resolvable", "walk_contract"]

# Keywords whose values are schemas (or maps/lists of schemas) inside a schema.
_SCHEMA_ONE = {
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
}
_SCHEMA_MAP = {"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"}
_SCHEMA_LIST = {"allOf", "anyOf", "oneOf", "prefixItems"}
_SCHEMA_KEYWORDS = _SCHEMA_ONE | _SCHEMA_MAP | _SCHEMA_LIST
# Keys that hold user data, never structure: not walked.
_DATA_KEYS = {"example", "examples", "default", "enum", "const", "value"}
# Keys outside schemas whose values are schemas.
_SCHEMA_FIELDS = {"schema", "payload"}
# A tuple, not `dict | list`: that union is built anew on every call, at twice the cost.
_CONTAINERS = (dict, list)
# Keys rules look for. The walk notes which mappings hold each, while it has them at hand: a
# pass of a rule over every mapping of a large contract costs 50 ms, most of it in reading
# mappings scattered in memory, and a dozen rules want only the few that hold one of these.
KEYED = frozenset(
    ("$ref", "x-accord-ignore", "default", "enum", "example", "examples", "pattern", "properties", "required")
)


class Node(NamedTuple):
    """A mapping in a contract: where it is, and whether it is a schema. A named tuple: the
    walk makes one for every mapping of the contract."""

    value: dict[str, Any]
    document: Document
    pointer: str
    is_schema: bool


# A Node from its four fields, without the Python-level __new__ a NamedTuple call runs.
_node = functools.partial(tuple.__new__, Node)


class RefProblem(NamedTuple):
    """A `$ref` that cannot be followed, and where it is written."""

    ref: str
    document: Document
    pointer: str
    error: ContractError


class Walk:
    """Every mapping node of a contract, and every `$ref` that led nowhere."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.problems: list[RefProblem] = []
        self.keyed: dict[str, list[int]] = {key: [] for key in KEYED}  # key -> places in `nodes`
        self._having: dict[tuple[str, ...], list[Node]] = {}

    def schemas(self) -> Iterator[Node]:
        return (n for n in self.nodes if n.is_schema)

    def having(self, *keys: str) -> list[Node]:
        """The mappings that hold any of `keys` (each one of KEYED), in walk order."""
        found = self._having.get(keys)
        if found is None:
            keyed = self.keyed
            places = keyed[keys[0]] if len(keys) == 1 else sorted({i for key in keys for i in keyed[key]})
            found = self._having[keys] = [self.nodes[i] for i in places]
        return found

    def schemas_with(self, key: str) -> list[Node]:
        """The schemas that hold `key` (one of KEYED), in walk order."""
        return [node for node in self.having(key) if node.is_schema]


def walk_contract(contract: Contract) -> Walk:
    """Every mapping of the contract, following `$ref`s into other files; walked once per
    contract (`validate --lint` shares one between validate's rules and lint's)."""
    walk: Walk | None = contract.derived.get("walk")
    if walk is None:
        walker = _Walker(contract)
        walker.visit(contract.data, contract.document, "", False)
        walk = contract.derived["walk"] = walker.result
    return walk


def require_resolvable(contract: Contract) -> Walk:
    """The walk of a contract whose every `$ref` can be followed; else a ContractError naming
    the line of the first one that cannot. For what cannot work around a broken `$ref` (a
    mock server, a conformance run): they find out at start-up, not on the first request."""
    walk = walk_contract(contract)
    if walk.problems:
        problem = walk.problems[0]
        where = problem.document.locate(problem.pointer)
        more = len(walk.problems) - 1
        also = f" (and {more} more broken $ref{'s' if more > 1 else ''})" if more else ""
        raise ContractError(
            problem.error.message + also,
            file=where.file,
            line=where.line,
            column=where.column,
            hint=problem.error.hint or "`accord contracts validate` lists every broken $ref",
        )
    return walk


class _Walker:
    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.result = Walk()
        # Places walked: the root document's by pointer alone, other files' as (name, pointer).
        self.root = contract.document.name
        self.seen: set[str | tuple[str, str]] = set()
        # Keys whose values are schemas outside schemas (AsyncAPI message headers are one).
        self.schema_fields = _SCHEMA_FIELDS | {"headers"} if contract.kind.is_asyncapi else _SCHEMA_FIELDS

    def visit(self, value: Any, document: Document, pointer: str, is_schema: bool) -> None:
        # An explicit stack: deep (but legal) documents must not hit Python's recursion limit.
        # Each entry is made a Node when pushed (tuple.__new__: Node(...) runs a Python-level
        # __new__ at twice the cost), so a mapping's entry is kept as it is popped.
        stack: list[Node] = [_node((value, document, pointer, is_schema))]
        # Looked up once, and the children pushed in the loop itself (no generator per node):
        # the loop runs for every mapping and list of the contract.
        seen, nodes, push, keyed = self.seen, self.result.nodes, stack.append, self.result.keyed
        root = self.root
        while stack:
            entry = stack.pop()
            item, doc, ptr, schema = entry
            if isinstance(item, list):
                stack.extend(
                    _node((v, doc, f"{ptr}/{i}", schema))
                    for i, v in enumerate(item)
                    if isinstance(v, _CONTAINERS)
                )
                continue
            if not isinstance(item, dict):
                continue
            file = doc.name
            key = ptr if file == root else (file, ptr)
            if key in seen:
                continue
            seen.add(key)
            nodes.append(entry)
            if not KEYED.isdisjoint(item):  # most hold none: no set made for them
                for held in KEYED.intersection(item):
                    keyed[held].append(len(nodes) - 1)
            ref = item.get("$ref")
            if isinstance(ref, str):
                target = self.follow(ref, doc, ptr)
                if target is not None:
                    push(_node((*target, schema)))
            if not schema:
                self._push_parts(stack, item, doc, ptr)
                continue
            # Most schemas hold no subschema (a type, a format): their keys are not looked at.
            present = _SCHEMA_KEYWORDS.intersection(item)
            for name in item if present else ():
                child = item[name]
                if name in present and isinstance(child, _CONTAINERS):
                    _push_subschemas(stack, name, child, doc, f"{ptr}/{name}")  # a keyword: nothing to escape

    def _push_parts(self, stack: list[Node], item: dict[str, Any], doc: Document, ptr: str) -> None:
        """The children of a mapping outside schemas worth walking: its schemas, and every
        mapping and list but data (examples' values, defaults, enums) and `x-` extensions."""
        push, schema_fields = stack.append, self.schema_fields
        for name, child in item.items():
            if not isinstance(child, _CONTAINERS) or name == "$ref" or name.startswith("x-"):
                continue
            # Inline: this runs for most members of a contract (child_pointer when escaping is needed).
            here = f"{ptr}/{name}" if "/" not in name and "~" not in name else child_pointer(ptr, name)
            if name in schema_fields:
                push(_node((child, doc, here, True)))
            elif name in ("schemas", "definitions") and ptr in ("", "/components"):
                if isinstance(child, dict):
                    stack.extend(_node((v, doc, child_pointer(here, k), True)) for k, v in child.items())
            elif name == "examples":
                # A map of Example Objects: walked for their `$ref`s, never into `value`.
                # A list (AsyncAPI message examples) is data.
                if isinstance(child, dict):
                    push(_node((child, doc, here, False)))
            elif name not in _DATA_KEYS or (name == "default" and ptr.endswith("/responses")):
                # `default` is data everywhere but in a Responses Object: a response.
                push(_node((child, doc, here, False)))

    def follow(self, ref: str, doc: Document, ptr: str) -> tuple[Any, Document, str] | None:
        try:
            resolved = self.contract.resolver.resolve(ref, doc)
        except ContractError as exc:
            self.result.problems.append(RefProblem(ref, doc, child_pointer(ptr, "$ref"), exc))
            return None
        return resolved.value, resolved.document, resolved.pointer


def _push_subschemas(stack: list[Node], key: str, child: Any, doc: Document, here: str) -> None:
    if key in _SCHEMA_ONE:
        stack.append(_node((child, doc, here, True)))
    elif key in _SCHEMA_MAP and isinstance(child, dict):
        stack.extend(_node((v, doc, child_pointer(here, k), True)) for k, v in child.items())
    elif key in _SCHEMA_LIST and isinstance(child, list):
        stack.extend(_node((v, doc, f"{here}/{i}", True)) for i, v in enumerate(child))
