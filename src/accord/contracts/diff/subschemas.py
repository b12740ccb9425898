"""The subschemas of JSON Schema 2020-12 keywords, paired between two versions of a schema so
the walker compares them like properties and items (`then`, `prefixItems/0`, `not`, ...)."""

from __future__ import annotations

from collections.abc import Iterator

from accord.contracts.diff.schemas import SchemaView
from accord.contracts.diff.shapes import Node

__all__ = ["sub", "subschema_pairs"]

# keyword -> how a path shows it
SINGLE = {
    "then": "<then>",
    "else": "<else>",
    "contains": "<contains>",
    "propertyNames": "<propertyNames>",
    "unevaluatedProperties": "<unevaluatedProperties>",
    "unevaluatedItems": "<unevaluatedItems>",
    "contentSchema": "<contentSchema>",
}
MAPS = ("dependentSchemas", "patternProperties")
KEYWORDS = frozenset(SINGLE).union(MAPS, ["prefixItems"])


def sub(view: SchemaView, keyword: str) -> Node | None:
    """The node under a keyword of the schema or of an allOf member it came from."""
    origin, _ = view.at(keyword)
    return origin.child(keyword)


def _schema(node: Node | None) -> bool:
    return node is not None and isinstance(node.value, dict)


def subschema_pairs(old: SchemaView, new: SchemaView) -> Iterator[tuple[Node, Node, str]]:
    """(old subschema, new subschema, path step) for each keyword both versions have; a keyword
    only one version has, and `not` and `if`, are checks of their own (checks_keywords)."""
    if KEYWORDS.isdisjoint(old.keywords) and KEYWORDS.isdisjoint(new.keywords):
        return  # most schemas: none of these keywords, on either side
    for keyword, step in SINGLE.items():
        a, b = sub(old, keyword), sub(new, keyword)
        if _schema(a) and _schema(b):
            yield a, b, step  # type: ignore[misc]
    a, b = sub(old, "prefixItems"), sub(new, "prefixItems")
    if a is not None and b is not None and isinstance(a.value, list) and isinstance(b.value, list):
        for index in range(min(len(a.value), len(b.value))):
            x, y = a.child(index), b.child(index)
            if x is not None and y is not None:
                yield x, y, f"[{index}]"
    for keyword in MAPS:
        a, b = sub(old, keyword), sub(new, keyword)
        if a is None or b is None or not isinstance(b.value, dict):
            continue
        for key, y in b.items():
            x = a.child(key)
            if x is not None:
                yield x, y, f"<{keyword} {key}>"
