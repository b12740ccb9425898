"""A message's payload against its AsyncAPI schema: decode what came off the broker, validate
it, and make conforming payloads (an example, given data, or generated from the schema)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from accord.contracts.openapi import SchemaCompiler
from accord.errors import ConfigError, InputError
from accord.events.catalog import EventMessage

__all__ = [
    "MAX_SHOWN",
    "Decoded",
    "decode",
    "header_problems",
    "payload_problems",
    "payload_schema",
    "sample",
    "shown",
]

MAX_SHOWN = 300  # characters of an offending payload carried in a finding
# Headers FastStream itself sets on every message, not part of a contract.
TRANSPORT_HEADERS = frozenset({"correlation_id", "content-type", "reply_to", "message_id"})


@dataclass(frozen=True)
class Decoded:
    """A message body as its content type reads it; `problem` says why it could not be read."""

    value: Any = None
    problem: str | None = None
    is_json: bool = True


def payload_schema(message: EventMessage, direction: str | None = None) -> dict[str, Any] | None:
    """The message's payload as standalone JSON Schema, or None when it declares none."""
    node = message.payload
    if node is None:
        return None
    return SchemaCompiler(message.contract, direction).compile(node.value, node.document)


def _headers_schema(message: EventMessage) -> dict[str, Any] | None:
    node = message.headers
    if node is None:
        return None
    return SchemaCompiler(message.contract, None).compile(node.value, node.document)


def _problems(schema: dict[str, Any], value: Any) -> list[str]:
    from accord.mocks.datagen import validator

    compiled = validator(schema)
    if compiled is None:
        return []
    found = []
    for error in compiled.iter_errors(value):
        where = "/" + "/".join(str(p) for p in error.instance_path)
        found.append(f"{where}: {error.message}" if where != "/" else error.message)
    return found[:5]


def payload_problems(message: EventMessage, value: Any) -> list[str]:
    """Why `value` does not conform to the message's payload schema (empty: it does)."""
    schema = payload_schema(message)
    return [] if schema is None else _problems(schema, value)


def header_problems(message: EventMessage, headers: dict[str, str]) -> list[str]:
    """Why the headers do not conform to the message's headers schema. Broker headers are
    strings: they conform when they do as text or read as JSON (a number, true)."""
    schema = _headers_schema(message)
    if schema is None:
        return []
    own = {k: v for k, v in headers.items() if k.lower() not in TRANSPORT_HEADERS}
    typed: dict[str, Any] = {}
    for name, text in own.items():
        try:
            typed[name] = json.loads(text)
        except ValueError:
            typed[name] = text
    problems = _problems(schema, typed)
    return problems if problems and _problems(schema, own) else []


def decode(body: bytes, content_type: str | None, declared: str) -> Decoded:
    """Read a body by its content type (the declared one when the message carries none)."""
    kind = (content_type or declared).split(";")[0].strip().lower()
    if kind == "application/json" or kind.endswith("+json"):
        try:
            return Decoded(json.loads(body))
        except (UnicodeDecodeError, ValueError) as exc:
            return Decoded(problem=f"not JSON although its content type is {kind}: {exc}")
    if kind.startswith("text/"):
        try:
            return Decoded(body.decode("utf-8"), is_json=False)
        except UnicodeDecodeError:
            return Decoded(problem=f"not UTF-8 text although its content type is {kind}")
    if content_type and declared and kind != declared.split(";")[0].strip().lower():
        return Decoded(problem=f"content type {kind!r}, but the contract declares {declared!r}")
    return Decoded(body, is_json=False)


def shown(value: Any) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else json.dumps(value, sort_keys=True)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def sample(
    message: EventMessage,
    *,
    example: str | None = None,
    data: str | None = None,
    generate: bool = False,
    rng: random.Random | None = None,
) -> tuple[Any, dict[str, str]]:
    """The payload and headers to publish: a named example, given JSON data (validated), or
    data generated from the schema (same seed, same data). Default: the first example, else generated."""
    if data is not None:
        return _given(message, data), {}
    examples = message.examples()
    if example is not None:
        if example not in examples:
            raise ConfigError(
                f"{message.label}: no example named {example!r} (examples: {', '.join(examples) or 'none'})",
                file=message.contract.path,
                hint="pass --generate or --data JSON instead",
            )
        return _from_example(message, example, examples[example])
    if examples and not generate:
        name = next(iter(examples))
        return _from_example(message, name, examples[name])
    schema = payload_schema(message, "response")
    if schema is None:
        raise ConfigError(
            f"{message.label}: the message declares no payload schema to generate data from",
            file=message.contract.path,
            hint="pass --data JSON",
        )
    from accord.mocks.datagen import generate as generated

    return generated(schema, rng or random.Random(0), dynamic=True), {}  # noqa: S311 - test data


def _given(message: EventMessage, data: str) -> Any:
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise InputError(f"--data is not JSON: {exc}", hint='e.g. --data \'{"id": "1"}\'') from None
    problems = payload_problems(message, value)
    if problems:
        raise InputError(
            f"--data does not conform to the payload of {message.label}: {'; '.join(problems)}",
            file=message.contract.path,
            line=message.contract.locate(message.node.pointer, message.node.document).line,
            hint="fix the data, or pass --generate for conforming data",
        )
    return value


def _from_example(message: EventMessage, name: str, example: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    headers = example.get("headers") if isinstance(example.get("headers"), dict) else {}
    text_headers = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in (headers or {}).items()}
    return example.get("payload"), text_headers
