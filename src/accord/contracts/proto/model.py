"""One reading of compiled `.proto` files that lint and diff share: every message, enum,
service and method by full name, each with its file and a pointer that finds its line.

A pointer is a JSON pointer into the FileDescriptorProto by field names
(`/message_type/0/field/1`); `ProtoFile.locate` turns it into the line and column protoc
recorded in the source info.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from accord.documents.loader import Location

if TYPE_CHECKING:
    from google.protobuf.descriptor_pb2 import DescriptorProto, FileDescriptorProto

    from accord.contracts.proto.loader import ProtoBuild

__all__ = ["ProtoApi", "ProtoElement", "ProtoFile", "enum_values", "fields_of", "source_path"]


class ProtoFile:
    """One compiled file: its descriptor, the name protoc knows it by, and where it was read."""

    def __init__(self, descriptor: FileDescriptorProto, source: str, proto_name: str = "") -> None:
        self.descriptor = descriptor
        self.source = source
        # The name imports use (descriptor.name), unless compared under another.
        self.proto_name = proto_name or descriptor.name

    def __repr__(self) -> str:
        return f"ProtoFile({self.source!r}, {self.proto_name!r})"

    @property
    def name(self) -> str:
        return self.source

    @cached_property
    def _spans(self) -> dict[tuple[int, ...], tuple[int, int]]:
        spans: dict[tuple[int, ...], tuple[int, int]] = {}
        for location in self.descriptor.source_code_info.location:
            spans.setdefault(tuple(location.path), (location.span[0] + 1, location.span[1] + 1))
        return spans

    @cached_property
    def comments(self) -> dict[tuple[int, ...], str]:
        """The leading comment of every element (the one above it), by its source path."""
        found: dict[tuple[int, ...], str] = {}
        for location in self.descriptor.source_code_info.location:
            text = location.leading_comments.strip()
            if text:
                found.setdefault(tuple(location.path), text)
        return found

    def locate(self, pointer: str) -> Location:
        """The line and column of the element at `pointer` (or of its nearest ancestor)."""
        path = source_path(pointer)
        while path:
            span = self._spans.get(path)
            if span is not None:
                return Location(self.source, span[0], span[1])
            path = path[:-1]
        return Location(self.source, 1, 1)

    def comment(self, pointer: str) -> str:
        return self.comments.get(source_path(pointer), "")


def source_path(pointer: str) -> tuple[int, ...]:
    """`/message_type/0/field/1` -> (4, 0, 2, 1): field names become numbers by the descriptor
    types (the same name has another number in another type, e.g. `enum_type`)."""
    from google.protobuf.descriptor_pb2 import FileDescriptorProto

    message: Any = FileDescriptorProto.DESCRIPTOR
    path: list[int] = []
    tokens = [token for token in pointer.split("/") if token]
    for index, token in enumerate(tokens):
        if index % 2 == 1:
            path.append(int(token))
            continue
        described = message.fields_by_name.get(token) if message is not None else None
        if described is None:
            break
        path.append(described.number)
        message = described.message_type
    return tuple(path)


class ProtoElement(NamedTuple):
    """A message, enum, service or method: its full name, descriptor, file and pointer."""

    full_name: str
    descriptor: Any
    file: ProtoFile
    pointer: str

    def child(self, kind: str, index: int, descriptor: Any, name: str) -> ProtoElement:
        return ProtoElement(
            f"{self.full_name}.{name}", descriptor, self.file, f"{self.pointer}/{kind}/{index}"
        )


class ProtoApi:
    """The files given (not their imports) of a build, indexed by full name."""

    def __init__(self) -> None:
        self.files: dict[str, ProtoFile] = {}
        self.messages: dict[str, ProtoElement] = {}
        self.enums: dict[str, ProtoElement] = {}
        self.services: dict[str, ProtoElement] = {}
        self.methods: dict[str, ProtoElement] = {}

    @classmethod
    def from_build(cls, build: ProtoBuild, rename: dict[str, str] | None = None) -> ProtoApi:
        """The given files of a build; `rename` compares a file under another name."""
        api = cls()
        given = set(build.names)
        for descriptor in build.descriptor_set.file:
            if descriptor.name in given:
                name = (rename or {}).get(descriptor.name, descriptor.name)
                api.add_file(ProtoFile(descriptor, build.source_of(descriptor.name), name))
        return api

    def add_file(self, file: ProtoFile) -> None:
        self.files[file.proto_name] = file
        descriptor = file.descriptor
        package = f".{descriptor.package}" if descriptor.package else ""
        for index, message in enumerate(descriptor.message_type):
            self._add_message(
                ProtoElement(f"{package}.{message.name}", message, file, f"/message_type/{index}")
            )
        for index, enum in enumerate(descriptor.enum_type):
            self.enums[f"{package}.{enum.name}"] = ProtoElement(
                f"{package}.{enum.name}", enum, file, f"/enum_type/{index}"
            )
        for index, service in enumerate(descriptor.service):
            element = ProtoElement(f"{package}.{service.name}", service, file, f"/service/{index}")
            self.services[element.full_name] = element
            for position, method in enumerate(service.method):
                child = element.child("method", position, method, method.name)
                self.methods[f"{element.full_name}/{method.name}"] = child

    def _add_message(self, element: ProtoElement) -> None:
        self.messages[element.full_name] = element
        message: DescriptorProto = element.descriptor
        for index, nested in enumerate(message.nested_type):
            if not nested.options.map_entry:
                self._add_message(element.child("nested_type", index, nested, nested.name))
        for index, enum in enumerate(message.enum_type):
            child = element.child("enum_type", index, enum, enum.name)
            self.enums[child.full_name] = child

    def map_entry(self, type_name: str, in_file: ProtoFile) -> DescriptorProto | None:
        """The synthetic map entry message a `map<K, V>` field's type names, if it is one."""
        parent, _, entry = type_name.rpartition(".")
        owner = self.messages.get(parent)
        if owner is None:
            return None
        for nested in owner.descriptor.nested_type:
            if nested.name == entry and nested.options.map_entry:
                return nested  # type: ignore[no-any-return]
        return None


def fields_of(message: ProtoElement) -> Iterator[tuple[int, Any, str]]:
    """(index, field descriptor, pointer) of a message's fields."""
    for index, described in enumerate(message.descriptor.field):
        yield index, described, f"{message.pointer}/field/{index}"


def enum_values(enum: ProtoElement) -> Iterator[tuple[int, Any, str]]:
    for index, value in enumerate(enum.descriptor.value):
        yield index, value, f"{enum.pointer}/value/{index}"
