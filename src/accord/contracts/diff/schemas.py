"""A schema as the wire sees it: `$ref`s followed, `allOf` merged, a `null` branch folded into
`nullable`, so refactorings of the contract's text compare equal."""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any

from accord.contracts.diff.shapes import Node

if TYPE_CHECKING:
    from accord.contracts.diff.normalize import Api

__all__ = ["BOUNDS", "SchemaView", "build_view", "fingerprint"]

# keyword -> (is an upper bound, the 3.0 boolean / 3.1 numeric exclusive keyword)
BOUNDS: dict[str, tuple[bool, str | None]] = {
    "maximum": (True, "exclusiveMaximum"),
    "minimum": (False, "exclusiveMinimum"),
    "maxLength": (True, None),
    "minLength": (False, None),
    "maxItems": (True, None),
    "minItems": (False, None),
    "maxProperties": (True, None),
    "minProperties": (False, None),
    "maxContains": (True, None),
    "minContains": (False, None),
}
_BOUND_KEYWORDS = frozenset(BOUNDS).union(e for _, e in BOUNDS.values() if e)
_COMPOSED = frozenset(["allOf", "oneOf", "anyOf"])
_UNHASHABLE = frozenset([dict, list])  # the enum values `freeze` writes as JSON
_VALUE_KEYWORDS = _BOUND_KEYWORDS.union(["format", "pattern", "multipleOf"])
# Formats that only describe (a file upload, a masked field): no validator rejects a value for them.
DESCRIPTIVE_FORMATS = frozenset({"binary", "password"})


def freeze(value: Any) -> Any:
    """A hashable form of an enum value (objects and lists as canonical JSON)."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    return value


class SchemaView:
    """The effective constraints of one schema, and the node each keyword came from (filled
    in by `build_view`)."""

    def __init__(self, node: Node) -> None:
        self.node = node
        self.types: frozenset[str] | None = None
        self.nullable = False
        self.enum: frozenset[Any] | None = None
        self.format: str | None = None
        self.pattern: str | None = None
        self.multiple_of: float | None = None
        self.bounds: dict[str, tuple[float, bool]] = {}
        self.properties: dict[str, Node] = {}
        self.required: frozenset[str] = frozenset()
        self.items: Node | None = None
        self.additional: bool | Node | None = None
        self.branches: tuple[Node, ...] = ()
        self.union: str | None = None
        self.read_only = False
        self.write_only = False
        self.deprecated = False
        self.origins: dict[str, Node] = {}

    def __repr__(self) -> str:
        return f"SchemaView({self.node!r})"

    @property
    def key(self) -> tuple[str, str]:
        return self.node.key

    @cached_property
    def keywords(self) -> frozenset[str]:
        """Every keyword written in the schema or in an allOf member merged into it (asked for
        once the view is complete: the walk runs a check only where its keywords are)."""
        return frozenset(_own(self.node)).union(self.origins)

    def at(self, keyword: str) -> tuple[Node, str]:
        """The node a keyword came from (this schema or an allOf member), and its pointer."""
        node = self.node
        if keyword in _own(node):
            return node, f"{node.pointer}/{keyword}"
        origin = self.origins.get(keyword)
        if origin is None:  # most keywords of most schemas: asked for by every schema check
            return node, node.pointer
        return origin, f"{origin.pointer}/{keyword}" if keyword in _own(origin) else origin.pointer


def _own(node: Node) -> dict[str, Any]:
    return node.value if isinstance(node.value, dict) else {}


def build_view(api: Api, node: Node) -> SchemaView:
    """The view of the schema at a node; memoized per (document, pointer)."""
    node = api.resolve(node)
    cached = api.views.get(node.key)
    if cached is not None:
        return cached
    view = SchemaView(node)
    api.views[node.key] = view  # a cycle through allOf sees the partial view, never loops
    data = node.value
    if data is False:
        view.types = frozenset()
    if not isinstance(data, dict):
        return view
    _read_own(api, view, node, data)
    if _COMPOSED.isdisjoint(data):
        return view  # most schemas: nothing to merge
    members = [build_view(api, m) for m in _list(node, "allOf")]
    branches = _list(node, "oneOf") or _list(node, "anyOf")
    if branches:
        members += _fold_branches(api, view, branches, "oneOf" if "oneOf" in data else "anyOf")
    for member in members:
        _merge(view, member)
    if view.branches and view.types is None:
        types = [build_view(api, b).types for b in view.branches]
        if all(t is not None for t in types):
            view.types = frozenset().union(*(t for t in types if t is not None))
    return view


def _list(node: Node, keyword: str) -> list[Node]:
    value = _own(node).get(keyword)
    if not isinstance(value, list):
        return []
    return [Node(v, node.document, f"{node.pointer}/{keyword}/{i}") for i, v in enumerate(value)]


def _read_own(api: Api, view: SchemaView, node: Node, data: dict[str, Any]) -> None:
    _read_values(view, data)
    _read_structure(api, view, node, data)


def _read_values(view: SchemaView, data: dict[str, Any]) -> None:
    """What a single value may be: type, null, enum, format, pattern, bounds."""
    kind = data.get("type")
    types = set(kind) if isinstance(kind, list) else ({kind} if isinstance(kind, str) else None)
    if types is None:
        # `properties` without `type` is how many contracts say "an object": adding the
        # missing `type: object` later documents the same API and is not a change.
        types = _implied_type(data)
    if types is not None:  # a set of its own: `null` taken out in place
        view.nullable = "null" in types
        types.discard("null")
        view.types = frozenset(types)
    view.nullable = view.nullable or data.get("nullable") is True or data.get("x-nullable") is True
    enum = data.get("enum")
    values = enum if isinstance(enum, list) else ([data["const"]] if "const" in data else None)
    if values is not None:
        view.nullable = view.nullable or None in values
        if _UNHASHABLE.isdisjoint(map(type, values)):  # most enums: strings, in one C call
            view.enum = frozenset(values).difference((None,))
        else:
            view.enum = frozenset(freeze(v) for v in values if v is not None)
    if _VALUE_KEYWORDS.isdisjoint(data):
        return  # most schemas: a type, an enum or nothing more
    text = data.get("format")
    if isinstance(text, str) and text not in DESCRIPTIVE_FORMATS:
        view.format = text
    text = data.get("pattern")
    if isinstance(text, str):
        view.pattern = text
    number = data.get("multipleOf")
    if isinstance(number, (int, float)):
        view.multiple_of = number
    if _BOUND_KEYWORDS.isdisjoint(data):
        return
    for keyword, (_, exclusive) in BOUNDS.items():
        value = data.get(keyword)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            view.bounds[keyword] = (value, exclusive is not None and data.get(exclusive) is True)
        elif exclusive:
            value = data.get(exclusive)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                view.bounds[keyword] = (value, True)


def _read_structure(api: Api, view: SchemaView, node: Node, data: dict[str, Any]) -> None:
    """What a value contains: properties, items, additional properties, and access flags."""
    props = node.child("properties")
    if props is not None and isinstance(props.value, dict) and "$ref" in props.value:
        props = api.resolve(props)  # a `$ref` for the whole map, as some multi-file contracts do
    view.properties = props.members() if props else {}
    required = data.get("required")
    view.required = frozenset(map(str, required)) if isinstance(required, list) else frozenset()
    view.items = node.child("items") if isinstance(data.get("items"), dict) else None
    extra = data.get("additionalProperties")
    view.additional = (
        extra
        if isinstance(extra, bool)
        else node.child("additionalProperties")
        if extra is not None
        else None
    )
    view.read_only, view.write_only = data.get("readOnly") is True, data.get("writeOnly") is True
    view.deprecated = data.get("deprecated") is True


def _implied_type(data: dict[str, Any]) -> set[str] | None:
    if "properties" in data or "additionalProperties" in data:
        return {"object"}
    if "items" in data:
        return {"array"}
    return None


def _is_null(view: SchemaView) -> bool:
    return (view.types == frozenset() and view.nullable) or (view.enum == frozenset() and view.nullable)


def _fold_branches(api: Api, view: SchemaView, branches: list[Node], kind: str) -> list[SchemaView]:
    """Drop `null` branches into `nullable`; a single remaining branch is the schema itself."""
    kept = [b for b in branches if not _is_null(build_view(api, b))]
    if len(kept) < len(branches):
        view.nullable = True
    if len(kept) == 1:
        return [build_view(api, kept[0])]
    view.branches, view.union = tuple(kept), kind
    return []


def _merge(view: SchemaView, member: SchemaView) -> None:
    """allOf: a value must satisfy every member, so constraints add up."""
    for name, prop in member.properties.items():
        view.properties.setdefault(name, prop)
    view.required |= member.required
    if member.types is not None:
        view.types = member.types if view.types is None else view.types & member.types
    view.nullable = view.nullable or (member.nullable and view.types is None)
    if member.enum is not None:
        view.enum = member.enum if view.enum is None else view.enum & member.enum
    for keyword, bound in member.bounds.items():
        mine = view.bounds.get(keyword)
        upper = BOUNDS[keyword][0]
        if mine is None or (bound[0] < mine[0] if upper else bound[0] > mine[0]):
            view.bounds[keyword] = bound
    for attr in ("format", "pattern", "multiple_of", "items", "additional", "union"):
        if getattr(view, attr) is None and getattr(member, attr) is not None:
            setattr(view, attr, getattr(member, attr))
    if not view.branches:
        view.branches = member.branches
    view.read_only |= member.read_only
    view.write_only |= member.write_only
    view.deprecated |= member.deprecated
    for keyword in _own(member.node):
        view.origins.setdefault(keyword, member.node)
    for keyword, origin in member.origins.items():
        view.origins.setdefault(keyword, origin)


def fingerprint(api: Api, node: Node, depth: int = 3) -> int:
    """A structural hash of a schema to some depth; names of `$ref` targets do not count."""
    view = build_view(api, node)
    cached = api.fingerprints.get((view.key, depth))
    if cached is not None:
        return cached
    api.fingerprints[(view.key, depth)] = 0  # a recursive schema hashes its own cycle as 0
    base = (
        view.types,
        view.nullable,
        view.enum,
        view.format,
        view.pattern,
        tuple(sorted(view.bounds.items())),
    )
    result = hash(base) if depth == 0 else _deep_fingerprint(api, view, base, depth)
    api.fingerprints[(view.key, depth)] = result
    return result


def _deep_fingerprint(api: Api, view: SchemaView, base: tuple[Any, ...], depth: int) -> int:
    props = tuple(sorted([(name, fingerprint(api, p, depth - 1)) for name, p in view.properties.items()]))
    items = fingerprint(api, view.items, depth - 1) if view.items is not None else None
    branches = tuple(sorted([fingerprint(api, b, depth - 1) for b in view.branches]))
    return hash((base, props, view.required, items, branches, view.read_only, view.write_only))
