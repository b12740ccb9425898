"""What a proto diff check is given: two compiled versions side by side, and the compatibility
category asked for (wire < wire-json < source, like buf's WIRE, WIRE_JSON and FILE)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import NamedTuple

from accord.contracts.proto.model import ProtoApi, ProtoElement

__all__ = ["Category", "ProtoPair", "reserved_name", "reserved_number"]


class Category(enum.IntEnum):
    """How much a change may break: the wire format, the wire and the JSON mapping, or also
    the generated source code. Each category includes the ones before it."""

    wire = 1
    wire_json = 2
    source = 3

    @property
    def label(self) -> str:
        return self.name.replace("_", "-")

    @classmethod
    def parse(cls, text: str) -> Category:
        return cls[text.replace("-", "_")]


class ProtoPair(NamedTuple):
    old: ProtoApi
    new: ProtoApi
    category: Category

    def both(self, kind: str) -> Iterator[tuple[ProtoElement, ProtoElement]]:
        """Elements of one kind (messages, enums, services, methods) in both versions."""
        old, new = getattr(self.old, kind), getattr(self.new, kind)
        for name, element in old.items():
            if name in new:
                yield element, new[name]

    def gone(self, kind: str) -> Iterator[ProtoElement]:
        """Elements of one kind missing from the new version: by full name, and at the source
        level also those that moved to another file (generated code imports them from there)."""
        old, new = getattr(self.old, kind), getattr(self.new, kind)
        for name, element in old.items():
            kept = new.get(name)
            if kept is None or (self.category is Category.source and _file(kept) != _file(element)):
                yield element

    def file_name(self, element: ProtoElement) -> str:
        return _file(element)


def _file(element: ProtoElement) -> str:
    return element.file.proto_name


def reserved_number(descriptor: object, number: int) -> bool:
    """Whether a message or enum reserves `number` (message ranges end exclusive, enum inclusive)."""
    from google.protobuf.descriptor_pb2 import DescriptorProto

    exclusive = isinstance(descriptor, DescriptorProto)
    for reserved in getattr(descriptor, "reserved_range", ()):
        end = reserved.end if exclusive else reserved.end + 1
        if reserved.start <= number < end:
            return True
    return False


def reserved_name(descriptor: object, name: str) -> bool:
    return name in getattr(descriptor, "reserved_name", ())
