"""Breaking changes between two versions of `.proto` files, each check one function.

Every check applies from a category up (`since`): a check of the source category reports
nothing when only the wire or the wire and JSON are asked for. Some checks weigh the category
themselves (a removed field is fine on the wire once its number is reserved).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.proto_pair import Category, ProtoPair, reserved_name, reserved_number
from accord.contracts.diff.proto_types import cardinality, same_cardinality, type_label, types_compatible
from accord.contracts.diff.registry import Scope, check
from accord.contracts.proto.model import ProtoElement, enum_values, fields_of
from accord.report import Severity

__all__ = ["SINCE", "proto_check"]

ProtoCheck = Callable[[ProtoPair], Iterable[Hit]]
SINCE: dict[str, Category] = {}


def proto_check(rule_id: str, since: Category, rationale: str) -> Callable[[ProtoCheck], ProtoCheck]:
    """Register a proto check, applying from category `since` up."""

    def register(function: ProtoCheck) -> ProtoCheck:
        SINCE[rule_id] = since
        return check(Scope.proto, rule_id, Severity.error, f"{rationale} [{since.label} and up]")(function)

    return register


def _name(element: ProtoElement) -> str:
    return element.full_name.lstrip(".")


def _hit(detail: str, element: ProtoElement, pointer: str | None = None, side: Side = Side.new) -> Hit:
    return Hit(detail, element.file, pointer or element.pointer, side, operation=_name(element))


@proto_check("proto-file-removed", Category.source, "generated code imports the file")
def file_removed(pair: ProtoPair) -> Iterator[Hit]:
    for name, file in pair.old.files.items():
        if name not in pair.new.files:
            yield Hit(f"file {name} removed", file, "", Side.old, operation=name)


@proto_check("proto-package-changed", Category.wire, "every full name, and every RPC's path, changes")
def package_changed(pair: ProtoPair) -> Iterator[Hit]:
    for name, file in pair.new.files.items():
        old = pair.old.files.get(name)
        if old is not None and old.descriptor.package != file.descriptor.package:
            detail = f"package changed from {old.descriptor.package!r} to {file.descriptor.package!r}"
            yield Hit(detail, file, "/package", operation=name)


@proto_check("proto-message-removed", Category.source, "generated code refers to the message by name")
def message_removed(pair: ProtoPair) -> Iterator[Hit]:
    for message in pair.gone("messages"):
        yield _hit(f"message {_name(message)} removed from {pair.file_name(message)}", message, side=Side.old)


@proto_check("proto-enum-removed", Category.source, "generated code refers to the enum by name")
def enum_removed(pair: ProtoPair) -> Iterator[Hit]:
    for enum in pair.gone("enums"):
        yield _hit(f"enum {_name(enum)} removed from {pair.file_name(enum)}", enum, side=Side.old)


@proto_check("proto-service-removed", Category.wire, "callers of its RPCs get UNIMPLEMENTED")
def service_removed(pair: ProtoPair) -> Iterator[Hit]:
    for service in pair.gone("services"):
        yield _hit(f"service {_name(service)} removed", service, side=Side.old)


@proto_check("proto-rpc-removed", Category.wire, "its callers get UNIMPLEMENTED")
def rpc_removed(pair: ProtoPair) -> Iterator[Hit]:
    services = {name for name in pair.old.services if name in pair.new.services}
    for method in pair.gone("methods"):
        if method.full_name.rpartition(".")[0] in services:
            yield _hit(f"rpc {method.descriptor.name} removed", method, side=Side.old)


@proto_check("proto-rpc-type-changed", Category.wire, "callers send and read other messages")
def rpc_type_changed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new in pair.both("methods"):
        for side, key in (("request", "input_type"), ("response", "output_type")):
            before, after = getattr(old.descriptor, key), getattr(new.descriptor, key)
            if before != after:
                yield _hit(f"{side} type changed from {before.lstrip('.')} to {after.lstrip('.')}", new)


@proto_check("proto-rpc-streaming-changed", Category.wire, "a unary call and a stream are different calls")
def rpc_streaming_changed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new in pair.both("methods"):
        for side in ("client", "server"):
            before, after = (
                getattr(old.descriptor, f"{side}_streaming"),
                getattr(new.descriptor, f"{side}_streaming"),
            )
            if before != after:
                yield _hit(f"{side} streaming {'added' if after else 'removed'}", new)


@proto_check("proto-field-removed", Category.wire, "old senders' values are read as the wrong field")
def field_removed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new in pair.both("messages"):
        numbers = {described.number for described in new.descriptor.field}
        moved = {described.name: described.number for described in new.descriptor.field}
        for _, described, pointer in fields_of(old):
            if described.number in numbers or _reserved_enough(pair, new, described.number, described.name):
                continue
            detail = f"field {described.name} ({described.number}) removed"
            if described.name in moved:
                detail += f": it now has number {moved[described.name]}"
            elif pair.category is not Category.source:
                detail += " without reserving its number" + (" and name" if pair.category > 1 else "")
            yield _hit(detail, old, pointer, Side.old)


@proto_check("proto-oneof-removed", Category.source, "generated code has accessors for the oneof")
def oneof_removed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new in pair.both("messages"):
        kept = {oneof.name for oneof in new.descriptor.oneof_decl}
        for index, oneof in enumerate(old.descriptor.oneof_decl):
            if oneof.name not in kept:
                yield _hit(f"oneof {oneof.name} removed", old, f"{old.pointer}/oneof_decl/{index}", Side.old)


def _reserved_enough(pair: ProtoPair, element: ProtoElement, number: int, name: str) -> bool:
    if pair.category is Category.source:
        return False
    by_number = reserved_number(element.descriptor, number)
    return by_number and (pair.category is Category.wire or reserved_name(element.descriptor, name))


def _field_pairs(pair: ProtoPair) -> Iterator[tuple[ProtoElement, ProtoElement, Any, Any, str]]:
    """(old message, new message, old field, new field, new pointer) of fields kept by number."""
    for old, new in pair.both("messages"):
        before = {described.number: described for described in old.descriptor.field}
        for _, described, pointer in fields_of(new):
            if described.number in before:
                yield old, new, before[described.number], described, pointer


@proto_check("proto-field-renamed", Category.wire_json, "JSON and grpc-gateway clients use the name")
def field_renamed(pair: ProtoPair) -> Iterator[Hit]:
    for _, new, before, after, pointer in _field_pairs(pair):
        old_name, new_name = before.name, after.name
        if old_name != new_name:
            yield _hit(f"field {after.number} renamed from {old_name} to {new_name}", new, pointer)
        elif before.json_name != after.json_name:
            detail = f"field {new_name}: JSON name changed from {before.json_name} to {after.json_name}"
            yield _hit(detail, new, pointer)


@proto_check("proto-field-type-changed", Category.wire, "old and new peers decode the bytes differently")
def field_type_changed(pair: ProtoPair) -> Iterator[Hit]:
    for _, new, before, after, pointer in _field_pairs(pair):
        if not types_compatible(before, after, pair.category):
            change = f"type changed from {type_label(before)} to {type_label(after)}"
            detail = f"field {after.name} ({after.number}): {change}"
            yield _hit(detail, new, pointer)


@proto_check("proto-field-cardinality-changed", Category.wire, "one value and a list are encoded differently")
def field_cardinality_changed(pair: ProtoPair) -> Iterator[Hit]:
    for _, new, before, after, pointer in _field_pairs(pair):
        if not same_cardinality(before, after, pair.category):
            detail = f"field {after.name} ({after.number}): {cardinality(before)} became {cardinality(after)}"
            yield _hit(detail, new, pointer)


@proto_check("proto-field-oneof-changed", Category.wire, "setting a oneof member clears its siblings")
def field_oneof_changed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new, before, after, pointer in _field_pairs(pair):
        was, now = _oneof_of(old, before), _oneof_of(new, after)
        if was != now:
            where = f"moved into oneof {now}" if not was else f"moved out of oneof {was}"
            if was and now:
                where = f"moved from oneof {was} to {now}"
            yield _hit(f"field {after.name} ({after.number}) {where}", new, pointer)


def _oneof_of(message: ProtoElement, described: Any) -> str | None:
    if not described.HasField("oneof_index") or described.proto3_optional:
        return None
    return str(message.descriptor.oneof_decl[described.oneof_index].name)


@proto_check("proto-enum-value-removed", Category.wire, "old senders' numbers become unknown values")
def enum_value_removed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new in pair.both("enums"):
        numbers = {value.number for value in new.descriptor.value}
        for _, value, pointer in enum_values(old):
            if value.number not in numbers and not _reserved_enough(pair, new, value.number, value.name):
                yield _hit(f"enum value {value.name} ({value.number}) removed", old, pointer, Side.old)


@proto_check("proto-enum-value-renamed", Category.wire_json, "JSON carries enum values by name")
def enum_value_renamed(pair: ProtoPair) -> Iterator[Hit]:
    for old, new in pair.both("enums"):
        names = {
            value.number: {v.name for v in old.descriptor.value if v.number == value.number}
            for value in old.descriptor.value
        }
        for _, value, pointer in enum_values(new):
            before = names.get(value.number)
            if before and value.name not in before:
                detail = (
                    f"enum value {value.number} renamed from {' / '.join(sorted(before))} to {value.name}"
                )
                yield _hit(detail, new, pointer)


@proto_check("proto-reserved-removed", Category.wire, "a reserved number or name may be reused by mistake")
def reserved_removed(pair: ProtoPair) -> Iterator[Hit]:
    for kind in ("messages", "enums"):
        for old, new in pair.both(kind):
            ranges = _ranges(new, kind)
            for start, last in _ranges(old, kind):
                if not _covered(start, last, ranges):
                    yield _hit(f"reserved range {start} to {last} removed or narrowed", new)
            for name in old.descriptor.reserved_name:
                if not reserved_name(new.descriptor, name):
                    yield _hit(f"reserved name {name!r} removed", new)


def _ranges(element: ProtoElement, kind: str) -> list[tuple[int, int]]:
    """Reserved ranges as (first, last): a message's ends are exclusive, an enum's inclusive."""
    less = 1 if kind == "messages" else 0
    return sorted((r.start, r.end - less) for r in element.descriptor.reserved_range)


def _covered(start: int, last: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether the sorted `ranges` together cover every number from start to last."""
    reached = start - 1  # every number from start to `reached` is covered
    for first, end in ranges:
        if end <= reached:
            continue
        if first > reached + 1:
            return False  # reached + 1 is not reserved any more
        reached = end
        if reached >= last:
            return True
    return reached >= last
