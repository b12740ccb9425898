"""Hypothesis strategies for protobuf messages, built from their descriptors: scalars across their
whole ranges, enums, nested and repeated messages, maps, oneofs, proto3 `optional` and the
well-known types (Timestamp and Duration within their valid ranges).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from google.protobuf.descriptor import Descriptor, FieldDescriptor
    from google.protobuf.message import Message
    from hypothesis.strategies import SearchStrategy

    from accord.contracts.grpc_model import GrpcContract

__all__ = ["message_strategy"]

MAX_DEPTH = 3
MAX_ITEMS = 3
_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint32": (0, 2**32 - 1),
    "uint64": (0, 2**64 - 1),
}


def message_strategy(
    contract: GrpcContract, descriptor: Descriptor, depth: int = 0
) -> SearchStrategy[Message]:
    """Messages of `descriptor`'s type; below MAX_DEPTH nested messages are left empty."""
    from hypothesis import strategies as st

    cls = contract.message_class(descriptor)
    special = _well_known(descriptor.full_name, cls)
    if special is not None:
        return special
    if depth >= MAX_DEPTH or descriptor.full_name == "google.protobuf.Any":
        return st.builds(cls)
    parts: dict[str, SearchStrategy[Any]] = {}
    for field in descriptor.fields:
        oneof = field.containing_oneof
        if oneof is not None and not _synthetic(oneof):
            continue
        value = _field_strategy(contract, field, depth)
        parts[field.name] = st.none() | value if oneof is not None else value
    for oneof in descriptor.oneofs:
        if _synthetic(oneof):
            continue
        choices = [st.tuples(st.just(f.name), _field_strategy(contract, f, depth)) for f in oneof.fields]
        parts[f"\0{oneof.name}"] = st.none() | st.one_of(choices)
    return st.fixed_dictionaries(parts).map(lambda values: _build(cls, values))


def _synthetic(oneof: Any) -> bool:
    return len(oneof.fields) == 1 and oneof.name.startswith("_")  # a proto3 `optional` field


def _build(cls: type[Message], values: dict[str, Any]) -> Message:
    message = cls()
    for name, value in values.items():
        if name.startswith("\0"):
            if value is None:
                continue
            name, value = value
        if value is not None:
            _assign(message, name, value)
    return message


def _assign(message: Message, name: str, value: Any) -> None:
    from google.protobuf.message import Message as MessageType

    target = getattr(message, name)
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, MessageType):
                target[key].CopyFrom(item)
            else:
                target[key] = item
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, MessageType):
                target.add().CopyFrom(item)
            else:
                target.append(item)
    elif isinstance(value, MessageType):
        target.CopyFrom(value)
    else:
        setattr(message, name, value)


def _field_strategy(contract: GrpcContract, field: FieldDescriptor, depth: int) -> SearchStrategy[Any]:
    from hypothesis import strategies as st

    entry = field.message_type
    if entry is not None and entry.GetOptions().map_entry:
        key = _single(contract, entry.fields_by_name["key"], depth)
        value = _single(contract, entry.fields_by_name["value"], depth)
        return st.dictionaries(key, value, max_size=MAX_ITEMS)
    single = _single(contract, field, depth)
    return st.lists(single, max_size=MAX_ITEMS) if field.is_repeated else single


def _single(contract: GrpcContract, field: FieldDescriptor, depth: int) -> SearchStrategy[Any]:
    from hypothesis import strategies as st

    if field.message_type is not None:
        return message_strategy(contract, field.message_type, depth + 1)
    if field.type == field.TYPE_ENUM and field.enum_type is not None:
        return st.sampled_from([value.number for value in field.enum_type.values])
    return _scalar(field)


def _scalar(field: FieldDescriptor) -> SearchStrategy[Any]:
    from hypothesis import strategies as st

    kind = field.type
    if kind == field.TYPE_STRING:
        return st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
    if kind == field.TYPE_BYTES:
        return st.binary(max_size=40)
    if kind == field.TYPE_BOOL:
        return st.booleans()
    if kind == field.TYPE_DOUBLE:
        return st.floats()
    if kind == field.TYPE_FLOAT:
        return st.floats(width=32)
    return st.integers(*_INT_RANGES[_int_kind(field)])


def _int_kind(field: FieldDescriptor) -> str:
    unsigned = {field.TYPE_UINT32: "uint32", field.TYPE_FIXED32: "uint32"}
    unsigned |= {field.TYPE_UINT64: "uint64", field.TYPE_FIXED64: "uint64"}
    wide = {field.TYPE_INT64, field.TYPE_SINT64, field.TYPE_SFIXED64}
    return unsigned.get(field.type) or ("int64" if field.type in wide else "int32")


def _well_known(name: str, cls: type[Message]) -> SearchStrategy[Message] | None:
    from hypothesis import strategies as st

    nanos = st.integers(0, 999_999_999)
    if name == "google.protobuf.Timestamp":  # 0001-01-01 .. 9999-12-31, as JSON can write it
        seconds = st.integers(-62_135_596_800, 253_402_300_799)
        return st.builds(cls, seconds=seconds, nanos=nanos)
    if name == "google.protobuf.Duration":  # ±10,000 years; nanos carry the sign of seconds
        return st.builds(cls, seconds=st.integers(0, 315_576_000_000), nanos=nanos)
    if name in ("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"):
        return st.builds(cls)  # free-form JSON: left empty
    return None
