"""The mock of a contract split over several files: path items, operations, parameters, bodies,
responses, headers and examples `$ref`'d into other files, whose own `$ref`s ("#/...") point
into the file they are written in (the root holds look-alikes under the same pointers)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock, load_mock
from tests.conftest import FIXTURES

SPLIT = FIXTURES / "mocks" / "split"
JSON = {"content-type": "application/json"}


@pytest.fixture
def mock() -> OpenAPIMock:
    return load_mock(SPLIT / "openapi.yaml")


def _send(mock: OpenAPIMock, method: str, path: str, query: str = "", body: bytes = b"") -> tuple[Any, ...]:
    headers = JSON if body else {}
    answer = mock.handle(MockRequest(method, path, query, headers, body))
    payload = json.loads(answer.body) if answer.body else None
    if answer.status >= 400:
        return answer.status, [(e["rule"], e["in"], e["message"]) for e in payload["errors"]]
    return answer.status, dict(answer.headers), payload


@pytest.mark.parametrize(
    ("method", "path", "query", "body", "answer"),
    [
        # the path item's parameter, an integer in its own file (a string in the root)
        (
            "GET",
            "/things/x",
            "",
            b"",
            (400, [("invalid-parameter", "path.id", '"x" is not of type "integer"')]),
        ),
        # the operation's own parameter, in a third file
        (
            "GET",
            "/things/1",
            "verbose=maybe",
            b"",
            (400, [("invalid-parameter", "query.verbose", '"maybe" is not of type "boolean"')]),
        ),
        # the example and the header's schema of the response's file
        (
            "GET",
            "/things/1",
            "verbose=true",
            b"",
            (200, {"x-rate": "7", "content-type": "application/json"}, {"name": "bolt"}),
        ),
        (
            "POST",
            "/things",
            "",
            b'{"name": 1}',
            (422, [("invalid-body", "body.name", '1 is not of type "string"')]),
        ),
        ("POST", "/things", "", b'{"name": "bolt"}', (201, {"x-rate": "7"}, None)),
    ],
)
def test_each_part_is_read_in_the_file_it_is_written_in(
    mock: OpenAPIMock, method: str, path: str, query: str, body: bytes, answer: tuple[Any, ...]
) -> None:
    assert _send(mock, method, path, query, body) == answer


def test_a_swagger_2_body_and_response_are_read_in_their_own_file() -> None:
    legacy = load_mock(SPLIT / "swagger.yaml")
    refused = (422, [("invalid-body", "body", '"text" is a required property')])
    assert _send(legacy, "PUT", "/labels", body=b"{}") == refused
    assert _send(legacy, "PUT", "/labels", body=b'{"text": "a"}') == (
        200,
        {"content-type": "application/json"},
        {"text": "stored"},
    )
