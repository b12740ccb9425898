"""One answer to one question: is this value valid for this schema in this direction?

Every part of accord that judges a value against an OpenAPI schema is asked the same
question for each row of a table of schema features, and all must agree with the row's
expected answer (which follows the OpenAPI specification):
- `contracts validate`, through a schema's `example` (only for rows whose answer does not
  depend on the direction: an example belongs to no request or response);
- the mock's request validation (request rows);
- `pact check`, through a pact's request body (request rows) and response body (response rows).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.contracts.model import load_contract
from accord.contracts.pact.check import check_pact
from accord.contracts.pact.files import load_pact_file
from accord.contracts.validate import validate_contract
from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock

BOTH, REQUEST, RESPONSE = "both", "request", "response"


@dataclass(frozen=True)
class Row:
    name: str
    version: str
    schema: dict[str, Any]
    value: Any
    valid: bool
    direction: str = BOTH
    components: dict[str, Any] | None = None


ENUM = {"type": "string", "enum": ["a", "b"]}
ROWS = [
    # OpenAPI 3.0.3: "other Schema Object constraints retain their defined behavior, and
    # therefore may disallow the use of null" - an enum without null refuses null.
    Row("nullable-enum-without-null", "3.0.3", {**ENUM, "nullable": True}, None, False),
    Row("nullable-enum-with-null", "3.0.3", {**ENUM, "enum": ["a", "b", None], "nullable": True}, None, True),
    Row("nullable-enum-member", "3.0.3", {**ENUM, "nullable": True}, "a", True),
    Row("nullable-string", "3.0.3", {"type": "string", "nullable": True}, None, True),
    Row("string-is-not-null", "3.0.3", {"type": "string"}, None, False),
    Row("type-array-with-null-31", "3.1.0", {"type": ["string", "null"]}, None, True),
    Row("type-array-without-null-31", "3.1.0", {"type": ["string", "integer"]}, None, False),
    Row(
        "nullable-allof-ref",
        "3.0.3",
        {"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": True},
        None,
        True,
        components={"Name": {"type": "string"}},
    ),
    Row(
        "ref-to-nullable",
        "3.0.3",
        {"$ref": "#/components/schemas/Maybe"},
        None,
        True,
        components={"Maybe": {"type": "string", "nullable": True}},
    ),
    Row(
        "exclusive-maximum-boolean-30",
        "3.0.3",
        {"type": "integer", "maximum": 10, "exclusiveMaximum": True},
        10,
        False,
    ),
    Row("exclusive-maximum-number-31", "3.1.0", {"type": "integer", "exclusiveMaximum": 10}, 9, True),
    Row(
        "exclusive-minimum-boolean-30",
        "3.0.3",
        {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
        1,
        False,
    ),
    # `false` is the default: the bound itself is allowed
    Row(
        "exclusive-minimum-false-30",
        "3.0.3",
        {"type": "integer", "minimum": 1, "exclusiveMinimum": False},
        1,
        True,
    ),
    Row(
        "exclusive-maximum-false-30",
        "3.0.3",
        {"type": "integer", "maximum": 10, "exclusiveMaximum": False},
        10,
        True,
    ),
    Row("exclusive-minimum-alone-30", "3.0.3", {"type": "integer", "exclusiveMinimum": True}, -5, True),
    Row(
        "int32-exclusive-minimum-30",
        "3.0.3",
        {"type": "integer", "format": "int32", "minimum": 0, "exclusiveMinimum": True},
        0,
        False,
    ),
    Row("min-length", "3.0.3", {"type": "string", "minLength": 3}, "ab", False),
    Row("integer-is-not-a-string", "3.0.3", {"type": "integer"}, "42", False),
    Row("int32-out-of-range", "3.0.3", {"type": "integer", "format": "int32"}, 2**31, False),
    Row("int32-in-range", "3.0.3", {"type": "integer", "format": "int32"}, 2**31 - 1, True),
    Row("int32-below-range", "3.0.3", {"type": "integer", "format": "int32"}, -(2**31) - 1, False),
    Row("int32-zero", "3.0.3", {"type": "integer", "format": "int32"}, 0, True),
    Row("const-object-31", "3.1.0", {"const": {"a": 1}}, {"a": 1}, True),
    Row("const-object-other-31", "3.1.0", {"const": {"a": 1}}, {"a": 2}, False),
    Row("int64-out-of-range", "3.0.3", {"type": "integer", "format": "int64"}, 2**63, False),
    Row("int64-below-range", "3.0.3", {"type": "integer", "format": "int64"}, -(2**63) - 1, False),
    Row("int32-number-is-no-integer-range", "3.0.3", {"type": "number", "format": "int32"}, 2**31, True),
    # 3.0 ignores the siblings of a `$ref`; 3.1 applies them
    Row(
        "ref-siblings-ignored-30",
        "3.0.3",
        {"$ref": "#/components/schemas/Name", "maxLength": 2},
        "abc",
        True,
        components={"Name": {"type": "string"}},
    ),
    Row(
        "ref-siblings-applied-31",
        "3.1.0",
        {"$ref": "#/components/schemas/Name", "maxLength": 2},
        "abc",
        False,
        components={"Name": {"type": "string"}},
    ),
    Row(
        "read-only-required-omitted-in-request",
        "3.0.3",
        {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "string", "readOnly": True}, "name": {"type": "string"}},
        },
        {"name": "x"},
        True,
        REQUEST,
    ),
    Row(
        "read-only-false-required-in-request",
        "3.0.3",
        {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "readOnly": False}}},
        {},
        False,
        REQUEST,
    ),
    Row(
        "write-only-required-in-request",
        "3.0.3",
        {
            "type": "object",
            "required": ["secret"],
            "properties": {"secret": {"type": "string", "writeOnly": True}},
        },
        {},
        False,
        REQUEST,
    ),
    Row(
        "read-only-wrong-type-in-response",
        "3.0.3",
        {"type": "object", "properties": {"id": {"type": "string", "readOnly": True}}},
        {"id": 5},
        False,
        RESPONSE,
    ),
    Row(
        "one-of-matching-two-branches",
        "3.0.3",
        {"oneOf": [{"type": "integer"}, {"type": "number"}]},
        1,
        False,
    ),
]


def _contract(row: Row, folder: Path, *, example: bool) -> Path:
    schema = {**row.schema, "example": row.value} if example else row.schema
    components = {**(row.components or {}), "Thing": schema}
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    document = {
        "openapi": row.version,
        "info": {"title": "agreement", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": {"required": True, **body},
                    "responses": {"201": {"description": "Created."}, "400": {"description": "Refused."}},
                },
                "get": {
                    "operationId": "getThing",
                    "responses": {"200": {"description": "One thing.", **body}},
                },
            }
        },
        "components": {"schemas": components},
    }
    path = folder / f"{row.name}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def _validate_says(row: Row, folder: Path) -> bool:
    findings = validate_contract(_contract(row, folder, example=True))
    unexpected = [f for f in findings if f.rule != "example-invalid"]
    assert not unexpected, unexpected
    return not findings


def _mock_says(row: Row, folder: Path) -> bool:
    mock = OpenAPIMock(load_contract(_contract(row, folder, example=False)))
    body = json.dumps(row.value).encode()
    answer = mock.handle(MockRequest("POST", "/things", "", {"content-type": "application/json"}, body))
    assert answer.status in (201, 400), answer
    return answer.status == 201


def _pact_says(row: Row, folder: Path, direction: str) -> bool:
    contract = load_contract(_contract(row, folder, example=False))
    json_header = {"Content-Type": "application/json"}
    if direction == REQUEST:
        request = {"method": "POST", "path": "/things", "headers": json_header, "body": row.value}
        response = {"status": 201}
    else:
        request = {"method": "GET", "path": "/things"}
        response = {"status": 200, "headers": json_header, "body": row.value}
    pact = {
        "consumer": {"name": "client"},
        "provider": {"name": "agreement"},
        "interactions": [{"description": row.name, "request": request, "response": response}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    path = folder / "client-agreement.json"
    path.write_text(json.dumps(pact))
    findings = check_pact(load_pact_file(path), contract)
    return not [f for f in findings if "body" in f.rule]


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_every_consumer_gives_the_same_answer(row: Row, tmp_path: Path) -> None:
    answers: dict[str, bool] = {}
    if row.direction == BOTH:
        answers["validate (example)"] = _validate_says(row, tmp_path)
    if row.direction in (BOTH, REQUEST):
        answers["mock (request)"] = _mock_says(row, tmp_path)
        answers["pact check (request)"] = _pact_says(row, tmp_path, REQUEST)
    if row.direction in (BOTH, RESPONSE):
        answers["pact check (response)"] = _pact_says(row, tmp_path, RESPONSE)
    wrong = {consumer: said for consumer, said in answers.items() if said != row.valid}
    assert not wrong, f"expected valid={row.valid}, but {wrong}"
