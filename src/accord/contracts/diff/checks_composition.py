"""Checks on oneOf as a whole: a value must match exactly one branch, so branches that can
match the same value refuse it. (Branches added or removed are checks_properties'; allOf members
are merged before comparing, so every constraint an added member brings is compared.)"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from accord.contracts.diff.model import Hit
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.pairs import SchemaPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.schemas import SchemaView, build_view
from accord.contracts.diff.shapes import Node
from accord.report import Severity


def _types_disjoint(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    if a is None or b is None:
        return False
    widen = {"integer": "number"}
    return not any(x == y or widen.get(x) == y or widen.get(y) == x for x in a for y in b)


def _values_disjoint(a: SchemaView, b: SchemaView) -> bool:
    if _types_disjoint(a.types, b.types):
        return True
    return a.enum is not None and b.enum is not None and not (a.enum & b.enum)


def _excludes(a: SchemaView, b: SchemaView) -> bool:
    """Every value of `a` carries a property `b` forbids."""
    return b.additional is False and any(name not in b.properties for name in a.required)


def disjoint(api: Api, a: Node, b: Node) -> bool:
    """No value can match both schemas (as far as types, enums and required properties tell)."""
    x, y = build_view(api, a), build_view(api, b)
    if _values_disjoint(x, y) or _excludes(x, y) or _excludes(y, x):
        return True
    for name in x.required & y.required:
        p, q = x.properties.get(name), y.properties.get(name)
        if p is not None and q is not None and _values_disjoint(build_view(api, p), build_view(api, q)):
            return True
    return False


def overlaps(api: Api, view: SchemaView) -> list[tuple[int, int]]:
    """Pairs of oneOf branches one value may match; none when a discriminator picks the branch."""
    own = view.node.value if isinstance(view.node.value, dict) else {}
    if view.union != "oneOf" or "discriminator" in own:
        return []
    branches = list(view.branches)
    return [(i, j) for (i, a), (j, b) in combinations(enumerate(branches), 2) if not disjoint(api, a, b)]


@check(
    Scope.schema,
    "request-one-of-overlap",
    Severity.error,
    "a value must match exactly one oneOf branch: a value clients send today that matches "
    "two of the new branches is refused",
    keywords=["oneOf"],
)
def request_one_of_overlap(p: SchemaPair) -> Iterator[Hit]:
    if not p.request or overlaps(p.old_api, p.old):
        return
    found = overlaps(p.new_api, p.new)
    if found:
        i, j = found[0]
        origin, pointer = p.new.at("oneOf")
        yield Hit(
            f"oneOf branches {i} and {j} may both match one value, which is then refused",
            origin.document,
            pointer,
        )
