"""Messages of the gRPC mock: from a `*.examples.yaml` beside the .proto when it names the RPC,
otherwise generated from the descriptor (same seed, same data).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError

if TYPE_CHECKING:
    from google.protobuf.descriptor import Descriptor, FieldDescriptor
    from google.protobuf.message import Message

    from accord.contracts.grpc_model import GrpcContract, Rpc

__all__ = ["Examples", "generated_message", "load_examples", "response_messages"]

MAX_DEPTH = 3
WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")
# Well-known types get values that read as what they are (a JSON-able Struct, a real instant).
_WELL_KNOWN: dict[str, dict[str, Any]] = {
    "google.protobuf.Timestamp": {"seconds": 1_767_225_600},
    "google.protobuf.Duration": {"seconds": 30},
}


def generated_message(contract: GrpcContract, descriptor: Descriptor, rng: random.Random) -> Message:
    """A message with every field set (one field of each oneof), nested up to MAX_DEPTH."""
    message = contract.message_class(descriptor)()
    _fill(message, rng, 0)
    return message


def _fill(message: Message, rng: random.Random, depth: int) -> None:
    descriptor = message.DESCRIPTOR
    if descriptor.full_name in _WELL_KNOWN:
        for name, value in _WELL_KNOWN[descriptor.full_name].items():
            setattr(message, name, value)
        return
    if depth >= MAX_DEPTH or descriptor.full_name.startswith("google.protobuf."):
        return  # Struct, Any, wrappers: left empty, which every client decodes
    chosen = {oneof.fields[0].name for oneof in descriptor.oneofs if oneof.fields}
    for member in descriptor.fields:
        oneof = member.containing_oneof
        if oneof is not None and member.name not in chosen and not _synthetic(oneof):
            continue
        _set_field(message, member, rng, depth)


def _synthetic(oneof: Any) -> bool:
    # proto3 `optional` fields live in a one-field oneof of their own.
    return len(oneof.fields) == 1 and oneof.name.startswith("_")


def _set_field(message: Message, field: Any, rng: random.Random, depth: int) -> None:
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        key_field, value_field = (
            field.message_type.fields_by_name["key"],
            field.message_type.fields_by_name["value"],
        )
        entries = getattr(message, field.name)
        key = _scalar(key_field, rng)
        if value_field.message_type is not None:
            _fill(entries[key], rng, depth + 1)
        else:
            entries[key] = _scalar(value_field, rng)
        return
    if _is_repeated(field):
        values = getattr(message, field.name)
        for _ in range(2):
            if field.message_type is not None:
                _fill(values.add(), rng, depth + 1)
            else:
                values.append(_scalar(field, rng))
        return
    if field.message_type is not None:
        _fill(getattr(message, field.name), rng, depth + 1)
        getattr(message, field.name).SetInParent()
        return
    setattr(message, field.name, _scalar(field, rng))


def _is_repeated(field: FieldDescriptor) -> bool:
    return bool(field.is_repeated)


def _scalar(field: FieldDescriptor, rng: random.Random) -> Any:
    kind = field.type
    if kind == field.TYPE_ENUM and field.enum_type is not None:
        values = [v.number for v in field.enum_type.values]
        return next((v for v in values if v != 0), values[0])
    if kind == field.TYPE_STRING:
        return f"{field.name}-{rng.choice(WORDS)}-{rng.randrange(1000)}"
    if kind == field.TYPE_BYTES:
        return rng.randbytes(8)
    if kind == field.TYPE_BOOL:
        return True
    if kind in (field.TYPE_DOUBLE, field.TYPE_FLOAT):
        return round(rng.uniform(0, 1000), 2)
    if kind in (
        field.TYPE_INT32,
        field.TYPE_SINT32,
        field.TYPE_SFIXED32,
        field.TYPE_INT64,
        field.TYPE_SINT64,
    ):
        return rng.randrange(1, 10_000)
    return rng.randrange(1, 10_000)  # unsigned and fixed


@dataclass(frozen=True)
class Examples:
    """`package.Service/Method` -> messages (JSON form), and the line each method's examples start on."""

    path: Path | None = None
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lines: dict[str, int | None] = field(default_factory=dict)


def load_examples(path: Path) -> Examples:
    """The examples file: each key an RPC (`package.Service/Method`), each value a message or a list."""
    from accord.documents.loader import child_pointer, load_document

    document = load_document(path)
    messages: dict[str, list[dict[str, Any]]] = {}
    lines: dict[str, int | None] = {}
    for method, value in document.data.items():
        key = str(method).lstrip("/")
        lines[key] = document.locate(child_pointer("", method)).line
        given = value if isinstance(value, list) else [value]
        if not all(isinstance(m, dict) for m in given):
            raise InputError(
                f"the examples of {key} are not messages (mappings)",
                file=path,
                line=lines[key],
                hint="give one message, or a list of messages, in protobuf's JSON form",
            )
        messages[key] = given
    return Examples(path, messages, lines)


def response_messages(contract: GrpcContract, rpc: Rpc, examples: Examples, seed: int) -> list[bytes]:
    """The serialized answers of `rpc`: its examples, else generated (two for a stream, else one)."""
    from google.protobuf import json_format

    cls = contract.message_class(rpc.output)
    key = rpc.path.lstrip("/")
    given = examples.messages.get(key)
    if given is not None:
        answers = []
        for index, example in enumerate(given):
            try:
                answers.append(json_format.ParseDict(example, cls()).SerializeToString())
            except json_format.ParseError as exc:
                raise InputError(
                    f"example {index + 1} of {key} is not a {rpc.output.full_name}: {exc}",
                    file=examples.path,
                    line=examples.lines.get(key),
                    hint="write the message in protobuf's JSON form (lowerCamelCase or proto field names)",
                ) from exc
        return answers
    count = 2 if rpc.server_streaming else 1
    rng = random.Random(f"{seed}:{rpc.path}")  # noqa: S311 - mock data, not secrets
    return [generated_message(contract, rpc.output, rng).SerializeToString() for _ in range(count)]
