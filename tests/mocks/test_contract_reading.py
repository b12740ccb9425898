"""How the mock reads the less common parts of a contract: Swagger 2.0's document-wide and
per-operation media types, body and header parameters, response headers (a declared
Content-Type is the media type's, not a header to invent); and what a half-written OpenAPI 3
contract holds (an empty path item, a parameter without a name or without `in`, a parameter
given as `content`, an example given only by URL)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.contracts.model import load_contract
from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock
from tests.conftest import FIXTURES

SHOP = {"content-type": "application/vnd.shop+json"}
NOTE = b'{"text": "a"}'


def _answer(contract: str, method: str, path: str, query: str, headers: dict[str, str], body: bytes) -> Any:
    mock = OpenAPIMock(load_contract(FIXTURES / "mocks" / contract))
    answer = mock.handle(MockRequest(method, path, query, headers, body))
    if answer.status >= 400:
        errors = json.loads(answer.body)["errors"]
        return answer.status, [(e["rule"], e["in"], e["message"]) for e in errors]
    return answer.status, answer.headers, answer.body


@pytest.mark.parametrize(
    ("method", "headers", "body", "answer"),
    [
        (
            "POST",
            {"content-type": "application/json"},
            NOTE,
            (
                415,
                [
                    (
                        "media-type",
                        "header.content-type",
                        "content type application/json is not one of: application/vnd.shop+json",
                    )
                ],
            ),
        ),
        ("POST", SHOP, b"", (400, [("missing-body", "body", "the request body is required")])),
        (
            "POST",
            {**SHOP, "x-trace": "toolong"},
            NOTE,
            (400, [("invalid-parameter", "header.X-Trace", '"toolong" is longer than 4 characters')]),
        ),
        (
            "POST",
            SHOP,
            NOTE,
            (201, (("x-rate", "7"), ("content-type", "application/vnd.shop+json")), b'{"text":"stored"}'),
        ),
        ("GET", {}, b"", (200, (("content-type", "text/plain"),), b"hello")),  # the operation's own produces
    ],
)
def test_swagger_2_media_types_body_and_headers(
    method: str, headers: dict[str, str], body: bytes, answer: Any
) -> None:
    assert _answer("legacy-media.yaml", method, "/notes", "", headers, body) == answer


@pytest.mark.parametrize(
    ("method", "query", "answer"),
    [
        # the nameless parameter is skipped, not the ones after it; no `in` is the query
        ("GET", "page=x", (400, [("invalid-parameter", "query.page", '"x" is not of type "integer"')])),
        ("GET", "filter=x", (400, [("invalid-parameter", "query.filter", '"x" is not of type "integer"')])),
        # the example given by URL cannot be sent; the other one is
        ("GET", "", (200, (("content-type", "application/json"),), b'{"text":"kept"}')),
        ("POST", "", (201, (), b"")),  # a request body is optional unless it says `required`
    ],
)
def test_a_half_written_contract_is_served_for_what_it_says(method: str, query: str, answer: Any) -> None:
    assert _answer("odd-operations.yaml", method, "/notes", query, {}, b"") == answer


@pytest.mark.parametrize(
    ("contract", "method", "path", "body", "answer"),
    [
        # a property with no schema takes anything; a list of `items` is a tuple, longer ones allowed
        ("odd-schemas.yaml", "POST", "/notes", b'{"note": 1, "pair": [1, "a", true]}', (201, (), b"")),
        (
            "odd-schemas.yaml",
            "POST",
            "/notes",
            b'{"pair": [1, 2]}',
            (422, [("invalid-body", "body.pair.1", '2 is not of type "string"')]),
        ),
        ("odd-schemas.yaml", "GET", "/labels", b"", (200, (("content-type", "application/json"),), b'"tag"')),
        ("booleans.yaml", "POST", "/anything", b"[1]", (204, (), b"")),
        (
            "booleans.yaml",
            "POST",
            "/nothing",
            b"{}",
            (422, [("invalid-body", "body", "{} is not allowed for {}")]),
        ),
        ("booleans.yaml", "GET", "/labels", b"", (200, (("content-type", "application/json"),), b'"first"')),
        ("booleans.yaml", "POST", "/tagged", b'{"name": "n", "tag": "t"}', (204, (), b"")),
        (
            "booleans.yaml",
            "POST",
            "/tagged",
            b'{"tag": 1}',
            (
                422,
                [
                    ("invalid-body", "body.tag", '1 is not of type "string"'),
                    ("invalid-body", "body", '"name" is a required property'),
                ],
            ),
        ),
        # Swagger 2.0's `type: file` is any content; int32 is a range
        (
            "legacy-media.yaml",
            "GET",
            "/files/1",
            b"",
            (200, (("content-type", "application/octet-stream"),), b"string"),
        ),
        (
            "legacy-media.yaml",
            "GET",
            "/files/2147483648",
            b"",
            (400, [("invalid-parameter", "path.id", "2147483648 is greater than the maximum of 2147483647")]),
        ),
    ],
)
def test_schemas_are_read_as_older_and_odder_contracts_write_them(
    contract: str, method: str, path: str, body: bytes, answer: Any
) -> None:
    headers = {"content-type": "application/json"} if body else {}
    assert _answer(contract, method, path, "", headers, body) == answer
