"""The mock reads each parameter's text as the type its schema declares (through `$ref`s, type
lists and combinators), spelled as in JSON, and names the parameter of each wrong value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock, load_mock
from tests.conftest import FIXTURES


@pytest.fixture
def mock() -> OpenAPIMock:
    return load_mock(FIXTURES / "mocks" / "parameters.yaml")


def _search(mock: OpenAPIMock, query: str, **headers: str) -> tuple[int, list[tuple[str, str]]]:
    answer = mock.handle(MockRequest("GET", "/search", query, headers, b""))
    errors: list[dict[str, Any]] = json.loads(answer.body)["errors"] if answer.body else []
    return answer.status, [(e["in"], e["message"]) for e in errors]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "count=5&ratio=1e3&exact=false&nothing=&maybe=3&code=5&level=9&ids=1,2",
        "ratio=5&ratio=-0.5E-2&exact=true&code=a",
        "box[w]=3&box[open]=true&box[h]=x",  # `h` is not declared: any text will do
        "count=500&count=5",  # a repeated value: the last one counts
        # objects: exploded in the query (`at`, a field per property), not exploded (`span`), in a header
        "x=1&y=2&span=from,1,to,2",
        "at=x,1,y,2",  # an exploded object sent unexploded is read too
        "word=abcd&word=abc",  # a repeated text value: the last one counts
        "count=500&count=600&count=5",
        "code=12&size=5",  # an integer branch of `anyOf`, also one given by `$ref`, reads a number
        "agreed=true",
        "box[w]=3&page[size]=10",  # each deepObject parameter takes only its own fields
        "span=from,1,to,2&to=b",  # an object sent unexploded is not read from fields of its names
        "odd=x",  # a pattern the validator cannot compile is not checked
    ],
)
def test_values_spelled_as_their_json_type_are_accepted(mock: OpenAPIMock, query: str) -> None:
    assert _search(mock, query) == (204, [])


def _not_of_type(where: str, text: str, kind: str) -> tuple[str, str]:
    return (where, f'"{text}" is not of type "{kind}"')


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("count=05", _not_of_type("query.count", "05", "integer")),
        ("count=1_000", _not_of_type("query.count", "1_000", "integer")),
        ("count=5.0", _not_of_type("query.count", "5.0", "integer")),
        ("count=%2B5", _not_of_type("query.count", "+5", "integer")),
        ("count=5&count=500", ("query.count", "500 is greater than the maximum of 100")),
        ("ratio=.5", _not_of_type("query.ratio", ".5", "number")),
        ("exact=True", _not_of_type("query.exact", "True", "boolean")),
        ("agreed=false", ("query.agreed", "false is not one of true")),
        ("weight=50", ("query.weight", "50 is greater than the maximum of 10")),  # a whole number stays one
        ("nothing=x", _not_of_type("query.nothing", "x", "null")),
        ("maybe=x", ("query.maybe", '"x" is not of types "null", "integer"')),
        (
            "code=ab",
            ("query.code", "\"ab\" is not valid under any of the schemas listed in the 'anyOf' keyword"),
        ),
        ("level=10", ("query.level", "10 is greater than the maximum of 9")),  # a $ref to a $ref
        ("ids=1,10", ("query.ids.1", "10 is greater than the maximum of 9")),
        ("box[w]=10", ("query.box.w", "10 is greater than the maximum of 9")),
        ("box[open]=yes", _not_of_type("query.box.open", "yes", "boolean")),
        ("shape=x", _not_of_type("query.shape", "x", "object")),
        ("x=1&y=a", _not_of_type("query.at.y", "a", "integer")),
        ("span=from,1,to,b", _not_of_type("query.span.to", "b", "integer")),
        ("span=from,1,to", _not_of_type("query.span", "from,1,to", "object")),
    ],
)
def test_a_value_not_of_its_type_is_refused_naming_the_parameter(
    mock: OpenAPIMock, query: str, error: tuple[str, str]
) -> None:
    assert _search(mock, query) == (400, [error])


def test_every_wrong_value_is_named(mock: OpenAPIMock) -> None:
    assert _search(mock, "count=05&exact=True") == (
        400,
        [_not_of_type("query.count", "05", "integer"), _not_of_type("query.exact", "True", "boolean")],
    )


def test_a_missing_required_parameter_is_named(mock: OpenAPIMock) -> None:
    # `/me` has no parameter but its cookie, which is read all the same
    answer = mock.handle(MockRequest("GET", "/me", "", {}, b""))
    assert answer.status == 400
    assert json.loads(answer.body)["errors"] == [
        {"rule": "missing-parameter", "in": "cookie.session", "message": "required parameter is missing"}
    ]
    assert mock.handle(MockRequest("GET", "/me", "", {"cookie": "session=1"}, b"")).status == 204


def test_a_number_too_long_to_convert_is_refused_not_a_crash(mock: OpenAPIMock) -> None:
    digits = "1" + "0" * 5000

    assert _search(mock, f"count={digits}") == (400, [_not_of_type("query.count", digits, "integer")])


def test_an_object_in_a_header_is_read_as_its_properties(mock: OpenAPIMock) -> None:
    # simple style: `x,1,y,2`, or `x=1,y=2` exploded
    assert _search(mock, "", **{"x-point": "x=1,y=2"}) == (204, [])
    assert _search(mock, "", **{"x-point": "x,1,y,2"}) == (204, [])
    assert _search(mock, "", **{"x-point": "x=1,y=b"}) == (
        400,
        [_not_of_type("header.X-Point.y", "b", "integer")],
    )
    assert _search(mock, "", **{"x-point": "x=1,y=a=b"}) == (  # a value may hold `=`
        400,
        [_not_of_type("header.X-Point.y", "a=b", "integer")],
    )


def test_cookies_are_typed_and_an_accept_parameter_is_ignored(mock: OpenAPIMock) -> None:
    # `Accept` is declared required with an enum, but OpenAPI says such a parameter is ignored
    assert _search(mock, "", cookie="session=x") == (400, [_not_of_type("cookie.session", "x", "integer")])
    assert _search(mock, "", cookie="session=1", accept="text/html") == (204, [])
