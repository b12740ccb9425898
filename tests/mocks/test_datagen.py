"""Data generated from schemas: valid, finite on recursion, deterministic for a seed."""

from __future__ import annotations

import random
from typing import Any

import pytest

from accord.mocks.datagen import generate
from tests.mocks.conftest import conforms

SCHEMAS: dict[str, dict[str, Any]] = {
    "pattern-and-length": {"type": "string", "pattern": "^[a-f0-9]{8}-x$", "maxLength": 10},
    "formats": {
        "type": "object",
        "required": ["when", "day", "mail", "id", "site", "ip"],
        "properties": {
            "when": {"type": "string", "format": "date-time"},
            "day": {"type": "string", "format": "date"},
            "mail": {"type": "string", "format": "email"},
            "id": {"type": "string", "format": "uuid"},
            "site": {"type": "string", "format": "uri"},
            "ip": {"type": "string", "format": "ipv4"},
        },
    },
    "numbers": {"type": "number", "exclusiveMinimum": 10, "maximum": 11, "multipleOf": 0.25},
    "one-of-exactly": {"oneOf": [{"type": "integer", "multipleOf": 3}, {"type": "integer", "multipleOf": 5}]},
    "unique-items": {"type": "array", "minItems": 3, "uniqueItems": True, "items": {"type": "integer"}},
    "min-properties": {"type": "object", "minProperties": 2, "additionalProperties": {"type": "boolean"}},
    "recursive-required": {
        "$ref": "#/$defs/Node",
        "$defs": {
            "Node": {
                "type": "object",
                "required": ["children"],
                "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
            }
        },
    },
    "recursive-union": {
        "$ref": "#/$defs/Expr",
        "$defs": {
            "Expr": {
                "anyOf": [
                    {
                        "type": "object",
                        "required": ["left", "right"],
                        "properties": {"left": {"$ref": "#/$defs/Expr"}, "right": {"$ref": "#/$defs/Expr"}},
                    },
                    {"type": "integer"},
                ]
            }
        },
    },
    "nullable-3.1": {"type": ["string", "null"], "minLength": 2},
}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
@pytest.mark.parametrize("dynamic", [False, True])
def test_generated_values_are_valid(name: str, dynamic: bool) -> None:
    schema = SCHEMAS[name]
    rng = random.Random(1)
    for _ in range(10):
        value = generate(schema, rng, dynamic=dynamic)
        assert conforms(schema, value), (name, value)


def test_static_generation_prefers_examples_and_defaults() -> None:
    schema = {
        "type": "object",
        "required": ["a", "b"],
        "properties": {
            "a": {"type": "string", "examples": ["hello"]},
            "b": {"type": "integer", "default": 7},
        },
    }

    assert generate(schema, random.Random(0)) == {"a": "hello", "b": 7}


def test_generation_is_deterministic_for_a_seed() -> None:
    schema = SCHEMAS["formats"]

    first = [generate(schema, random.Random(3), dynamic=True) for _ in range(2)]
    again = [generate(schema, random.Random(3), dynamic=True) for _ in range(2)]

    assert first == again
    assert generate(schema, random.Random(4), dynamic=True) != first[0]
