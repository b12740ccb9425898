"""Which field type and cardinality changes each category tolerates, as tables.

On the wire, varints read as each other (int32, uint32, int64, uint64, bool: values may be
truncated or change sign, as the protobuf language guide warns), so do the zigzag varints, the
fixed-width pairs, and string and bytes (bytes that are valid UTF-8). The JSON mapping is
stricter: 64-bit integers are strings, 32-bit ones numbers, bytes base64, so only changes that
keep the JSON form (int32 <-> uint32, int64 <-> uint64, the fixed pairs) survive it.
"""

from __future__ import annotations

from typing import Any

from accord.contracts.diff.proto_pair import Category

__all__ = ["cardinality", "same_cardinality", "type_label", "types_compatible"]

_NAMES = {
    1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32",
    8: "bool", 9: "string", 10: "group", 11: "message", 12: "bytes", 13: "uint32", 14: "enum",
    15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64",
}  # fmt: skip
_WIRE_GROUPS = (
    {"int32", "uint32", "int64", "uint64", "bool"},
    {"sint32", "sint64"},
    {"fixed32", "sfixed32"},
    {"fixed64", "sfixed64"},
    {"string", "bytes"},
)
_JSON_GROUPS = (
    {"int32", "uint32", "sint32", "fixed32", "sfixed32"},
    {"int64", "uint64", "sint64", "fixed64", "sfixed64"},
)


def type_label(described: Any) -> str:
    """`int32`, or the full name of a message or enum type."""
    name = _NAMES.get(described.type, str(described.type))
    return described.type_name.lstrip(".") if name in {"message", "enum", "group"} else name


def types_compatible(before: Any, after: Any, category: Category) -> bool:
    old, new = _NAMES.get(before.type), _NAMES.get(after.type)
    if old == new:
        return bool(before.type_name == after.type_name)
    if category is Category.source:
        return False
    wire = any(old in group and new in group for group in _WIRE_GROUPS)
    if category is Category.wire:
        return wire
    return wire and any(old in group and new in group for group in _JSON_GROUPS)


def cardinality(described: Any) -> str:
    """repeated, required, optional (explicit presence) or implicit (proto3's default)."""
    if described.label == 3:
        return "repeated"
    if described.label == 2:
        return "required"
    explicit = described.proto3_optional or described.type in {10, 11} or described.HasField("oneof_index")
    return "optional" if explicit else "implicit"


def same_cardinality(before: Any, after: Any, category: Category) -> bool:
    """The source level keeps the exact cardinality; wire and JSON only keep one-or-many (a
    field moved into a oneof is the oneof check's to report)."""
    if category is Category.source and _in_oneof(before) == _in_oneof(after):
        return cardinality(before) == cardinality(after)
    return bool((before.label == 3) == (after.label == 3))


def _in_oneof(described: Any) -> bool:
    """A member of a real oneof (proto3 `optional` makes a synthetic one of its own)."""
    return bool(described.HasField("oneof_index") and not described.proto3_optional)
