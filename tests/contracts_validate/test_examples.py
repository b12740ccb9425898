"""validate's `example-invalid` on every place an example can be: a parameter, a media type
(JSON or serialized as text), named examples (their names escaped in the pointer), a schema's
`examples` list, and a request or a response (a readOnly property is required only in answers)."""

from __future__ import annotations

from pathlib import Path

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
