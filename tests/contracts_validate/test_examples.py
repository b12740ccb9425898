"""validate's `example-invalid` on every place an example can be: a parameter, a media type
(JSON or serialized as text), named examples (their names escaped in the pointer), a schema's
`examples` list, and a request or a response (a readOnly property is required only in answers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.contracts import schema_check
from accord.contracts.validate import validate_contract

FIXTURE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "validate" / "examples" / "media-examples.yaml"
)
POST = "/paths/~1things/post"


def test_each_example_that_breaks_its_schema_is_one_finding_at_its_line() -> None:
    found = [(f.rule, f.line, f.pointer, f.message) for f in validate_contract(FIXTURE)]

    assert found == [
        (
            "example-invalid",
            48,
            "/components/schemas/Count/examples/1",
            'example 2 does not match its schema: "two" is not of type "integer"',
        ),
        (
            "example-invalid",
            45,
            "/components/schemas/Thing/example",
            'the example does not match its schema: "id" is a required property',
        ),
        (
            "example-invalid",
            36,
            f"{POST}/responses/200/content/application~1json/examples/without-id",
            "the example 'without-id' does not match its schema: \"id\" is a required property",
        ),
        (
            "example-invalid",
            27,
            f"{POST}/requestBody/content/application~1json/examples/a~1b~0c",
            "the example 'a/b~c' does not match its schema: at /name: 1 is not of type \"string\"",
        ),
        (
            "example-invalid",
            23,  # a JSON media type, whatever the case of its name: "5" is a string
            f"{POST}/requestBody/content/application~1vnd.thing+JSON/example",
            'the example does not match its schema: "5" is not of type "integer"',
        ),
        (
            "example-invalid",
            20,  # text/plain may hold "5" as text, but not true
            f"{POST}/requestBody/content/text~1plain/example",
            'the example does not match its schema: true is not of type "integer"',
        ),
        (
            "example-invalid",
            8,
            f"{POST}/parameters/0/example",
            'the example does not match its schema: "5" is not of type "integer"',
        ),
    ]


def test_validators_dropped_for_room_give_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the last validators used are kept: with room for one, every schema is compiled
    # again when it comes back, and the findings must not change.
    kept_all = validate_contract(FIXTURE)
    monkeypatch.setattr(schema_check, "_KEPT_VALIDATORS", 1)

    assert validate_contract(FIXTURE) == kept_all


def test_a_default_response_is_checked_like_any_other(tmp_path: Path) -> None:
    """`default` is data in a schema or a parameter, but a response in a Responses Object:
    its broken `$ref` and its wrong example are findings, and a `default` value is not walked."""
    contract = tmp_path / "api.yaml"
    contract.write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        default:\n"
        "          description: an error\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Missing'}\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            application/json:\n"
        "              schema:\n"
        "                type: object\n"
        "                default: {id: {$ref: '#/not/a/ref'}}\n"
        "components:\n"
        "  responses:\n"
        "    default:\n"
        "      description: a response named default\n"
        "      content:\n"
        "        application/json:\n"
        "          schema: {type: integer}\n"
        "          example: forty-two\n"
    )

    found = sorted((f.rule, f.line, f.pointer) for f in validate_contract(contract))

    assert found == [
        ("example-invalid", 26, "/components/responses/default/content/application~1json/example"),
        ("unresolved-ref", 11, "/paths/~1a/get/responses/default/content/application~1json/schema/$ref"),
    ]


LEAVES = {
    "s": {"type": "string", "description": "a name", "example": "x"},
    "i": {"type": "integer", "title": "a count", "readOnly": True},
    "n": {"type": "number", "default": 1},
    "b": {"type": "boolean", "deprecated": True},
    "f": {"type": "integer", "format": "int32"},  # a format: never judged without the validator
    "e": {"type": "string", "enum": ["a"]},
    "u": {"type": "string", "nullable": True},
}
VALUES = [
    "x",
    "",
    1,
    1.0,
    -5,
    2**31,
    2**70,
    True,
    False,
    None,
    1.5,
    float("nan"),
    float("inf"),
    [1],
    {"a": 1},
]


def _components_contract(folder: Path, version: str, schemas: dict[str, Any]) -> Path:
    """A contract of OpenAPI `version` with no paths and these component schemas."""
    import json

    path = folder / "api.json"
    document = {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {}}
    path.write_text(json.dumps({**document, "components": {"schemas": schemas}}))
    return path


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_plain_leaf_is_judged_as_its_compiled_validator_judges(version: str, tmp_path: Path) -> None:
    """Values plainly of a leaf's type are passed without compiling a validator; every answer
    is the one the compiled validator gives."""

    from accord.contracts.model import load_contract

    contract_path = _components_contract(tmp_path, version, LEAVES)
    contract = load_contract(contract_path)
    checker = schema_check.SchemaChecker(contract)
    for name in LEAVES:
        pointer = f"/components/schemas/{name}"
        for value in VALUES:
            compiled = checker._validator(contract.document, pointer, None)
            expected = next((e.message for e in compiled.iter_errors(value)), None) if compiled else None
            got = checker.problem(value, contract.document, pointer)
            assert (got is None) == (expected is None), (name, value, got, expected)
    fresh = schema_check.SchemaChecker(contract)
    for value in ("x", "y", ""):
        assert fresh.problem(value, contract.document, "/components/schemas/s") is None
    assert len(fresh._validators) == 0  # no validator was compiled for a plainly valid value


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_leaves_written_alike_share_one_validator_and_leaves_written_apart_do_not(
    version: str, tmp_path: Path
) -> None:
    """A `limit` parameter on every list operation is one compiled validator, whatever the order
    of its keys or its words (description, example, default); a leaf that differs in a keyword
    that judges is another, and a schema that holds other schemas is compiled where it is
    written."""

    def limit(maximum: int, default: int, reverse: bool = False) -> dict[str, object]:
        schema = {"type": "integer", "maximum": maximum, "default": default}
        return dict(reversed(schema.items())) if reverse else schema

    schemas = {
        "A": limit(100, 20),
        "B": limit(100, 20, reverse=True),
        "C": limit(100, 150),
        "D": limit(5, 20),
        "E": {"$ref": "#/components/schemas/D"},
        "F": {"type": "integer", "enum": [1, 2], "default": 3},
        "G1": {"type": "object", "properties": {"n": {"type": "integer"}}},
        "G2": {"type": "object", "properties": {"n": {"type": "integer"}}},
    }
    contract_path = _components_contract(tmp_path, version, schemas)
    found = sorted((f.pointer, f.message) for f in validate_contract(contract_path))

    assert found == [
        (
            "/components/schemas/C/default",
            "the default does not match its schema: 150 is greater than the maximum of 100",
        ),
        (
            "/components/schemas/D/default",
            "the default does not match its schema: 20 is greater than the maximum of 5",
        ),
        ("/components/schemas/F/default", "the default does not match its schema: 3 is not one of 1 or 2"),
    ]
    from accord.contracts.model import load_contract

    contract = load_contract(contract_path)
    checker = schema_check.SchemaChecker(contract)
    for name in ("A", "B", "C", "D", "E", "G1", "G2"):
        checker.problem(10**6, contract.document, f"/components/schemas/{name}")
    # A, B (keys in another order) and C (another default: never part of what is judged) are one
    # validator, D another, E is D (its `$ref`); G1 and G2 hold a schema each, so each is judged
    # where it is written: four validators.
    assert len(checker._validators) == 4
