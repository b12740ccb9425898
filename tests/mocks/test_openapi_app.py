"""The OpenAPI mock answers like its contract: validation, examples, generated data, Prefer, headers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.contracts.model import load_contract
from accord.contracts.openapi import SchemaCompiler
from accord.errors import ContractError
from accord.mocks.http import MockRequest, MockResponse
from accord.mocks.openapi_app import OpenAPIMock, load_mock
from tests.mocks.conftest import conforms

AUTH = {"x-api-key": "secret"}
WIDGET = {"name": "bolt", "price": 1.5}


def call(mock: OpenAPIMock, method: str, path: str, *, body: object = None, **headers: str) -> MockResponse:
    hdrs = {**AUTH, **{k.replace("_", "-"): v for k, v in headers.items()}}
    payload = b""
    if body is not None:
        payload = json.dumps(body).encode()
        hdrs.setdefault("content-type", "application/json")
    path, _, query = path.partition("?")
    return mock.handle(MockRequest(method, path, query, hdrs, payload))


def body_schema(mock: OpenAPIMock, pointer_schema: dict[str, object]) -> dict[str, object]:
    return SchemaCompiler(mock.contract, "response").compile(pointer_schema)


@pytest.fixture
def mock(features: Path) -> OpenAPIMock:
    return load_mock(features)


def test_a_valid_request_gets_the_contract_example(mock: OpenAPIMock) -> None:
    response = call(mock, "GET", "/widgets/w-1")

    assert response.status == 200
    assert response.json() == {"id": "w-7", "name": "gear", "price": 9.99, "color": "green"}
    assert ("content-type", "application/json") in response.headers
    assert response.rule is None


def test_without_an_example_the_body_is_generated_valid_against_the_schema(mock: OpenAPIMock) -> None:
    response = call(mock, "POST", "/widgets", body=WIDGET)

    assert response.status == 201
    assert conforms(body_schema(mock, {"$ref": "#/components/schemas/Widget"}), response.json())


def test_generated_data_honours_allof_oneof_anyof_formats_patterns_and_recursion(mock: OpenAPIMock) -> None:
    schema = mock.contract.data["paths"]["/shapes"]["get"]["responses"]["200"]["content"]["application/json"]
    compiled = body_schema(mock, schema["schema"])
    for dynamic in ("false", "true"):
        for _ in range(5):
            response = call(mock, "GET", "/shapes", prefer=f"dynamic={dynamic}")
            assert response.status == 200
            assert conforms(compiled, response.json()), response.json()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(features: Path) -> None:
    def bodies(seed: int) -> list[object]:
        mock = load_mock(features, seed=seed)
        return [call(mock, "GET", "/shapes", prefer="dynamic=true").json() for _ in range(3)]

    assert bodies(7) == bodies(7)
    assert bodies(7) != bodies(8)


def test_declared_response_headers_are_sent(mock: OpenAPIMock) -> None:
    response = call(mock, "GET", "/widgets", x_request_id="5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10")

    assert response.status == 200
    assert ("x-total-count", "2") in response.headers


def test_prefer_example_picks_a_named_example(mock: OpenAPIMock) -> None:
    headers = {"x_request_id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10"}

    assert call(mock, "GET", "/widgets", prefer="example=empty", **headers).json() == []
    assert call(mock, "GET", "/widgets", prefer="example=two", **headers).json() == [
        {"id": "w-1", "name": "bolt", "price": 1.5, "color": None},
        {"id": "w-2", "name": "nut", "price": 0.5},
    ]


def test_prefer_code_answers_with_that_documented_response(mock: OpenAPIMock) -> None:
    response = call(mock, "GET", "/widgets/w-1", prefer="code=404")

    assert response.status == 404
    assert set(response.json()) == {"code", "message"}


def test_prefer_dynamic_generates_instead_of_using_the_example(mock: OpenAPIMock) -> None:
    response = call(mock, "GET", "/widgets/w-1", prefer="dynamic=true")

    assert response.status == 200
    assert response.json() != {"id": "w-7", "name": "gear", "price": 9.99, "color": "green"}
    assert conforms(body_schema(mock, {"$ref": "#/components/schemas/Widget"}), response.json())


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status", "rule", "where"),
    [
        ("GET", "/widgets/nope", {}, None, 404, "invalid-parameter", "path.widgetId"),
        (
            "GET",
            "/widgets?limit=500",
            {"x-request-id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10"},
            None,
            400,
            "invalid-parameter",
            "query.limit",
        ),
        (
            "GET",
            "/widgets?tags=red,green",
            {"x-request-id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10"},
            None,
            400,
            "invalid-parameter",
            "query.tags.1",
        ),
        ("GET", "/widgets", {}, None, 400, "missing-parameter", "header.X-Request-Id"),
        (
            "GET",
            "/widgets",
            {"x-request-id": "not-a-uuid"},
            None,
            400,
            "invalid-parameter",
            "header.X-Request-Id",
        ),
        (
            "GET",
            "/widgets",
            {"x-request-id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10", "cookie": "session=ab"},
            None,
            400,
            "invalid-parameter",
            "cookie.session",
        ),
        ("POST", "/widgets", {}, {"name": "bolt"}, 422, "invalid-body", "body"),
        ("POST", "/widgets", {}, {"name": "bolt", "price": 0}, 422, "invalid-body", "body.price"),
        ("POST", "/widgets", {}, None, 422, "missing-body", "body"),
    ],
)
def test_invalid_requests_are_rejected_saying_what_is_wrong(
    mock: OpenAPIMock,
    method: str,
    path: str,
    headers: dict[str, str],
    body: object,
    status: int,
    rule: str,
    where: str,
) -> None:
    response = call(mock, method, path, body=body, **{k.replace("-", "_"): v for k, v in headers.items()})

    assert response.status == status
    assert response.rule == rule
    # the contract declares its error shape {code, message}: the mock uses it, with the reason in it
    problem = response.json()
    assert set(problem) == {"code", "message"}
    assert where in problem["message"]


def test_a_body_that_is_not_json_or_of_another_media_type_is_rejected(mock: OpenAPIMock) -> None:
    hdrs = {**AUTH, "content-type": "application/json"}
    broken = mock.handle(MockRequest("POST", "/widgets", "", hdrs, b"{nope"))
    wrong = mock.handle(MockRequest("POST", "/widgets", "", {**AUTH, "content-type": "text/csv"}, b"a,b"))

    assert (broken.status, broken.rule) == (422, "malformed-body")
    assert (wrong.status, wrong.rule) == (422, "media-type")


def test_missing_credentials_are_401_and_either_declared_scheme_is_enough(mock: OpenAPIMock) -> None:
    anonymous = mock.handle(MockRequest("GET", "/widgets/w-1"))
    bearer = mock.handle(MockRequest("GET", "/widgets/w-1", headers={"authorization": "Bearer t"}))
    public = mock.handle(MockRequest("GET", "/shapes"))

    assert (anonymous.status, anonymous.rule) == (401, "security")
    assert bearer.status == 200
    assert public.status == 200


def test_unknown_paths_and_methods(mock: OpenAPIMock) -> None:
    assert call(mock, "GET", "/gadgets").status == 404
    response = call(mock, "PATCH", "/widgets")
    assert response.status == 405
    assert ("allow", "GET, POST") in response.headers


def test_the_servers_base_path_is_optional(mock: OpenAPIMock) -> None:
    assert call(mock, "GET", "/api/widgets/w-1").status == 200


def test_openapi_2_bodies_collection_formats_and_examples(fixtures: Path) -> None:
    mock = load_mock(fixtures / "mocks" / "swagger.yaml")

    assert call(mock, "GET", "/v1/items?ids=1,2").json() == [{"id": 1, "label": "first"}]
    rejected = call(mock, "GET", "/v1/items?ids=1,x")
    assert (rejected.status, rejected.rule) == (400, "invalid-parameter")
    assert call(mock, "POST", "/v1/items", body={"id": 1, "label": None}).status == 201  # x-nullable
    assert call(mock, "POST", "/v1/items", body={"id": 0, "label": "x"}).status == 400


def test_openapi_3_0_nullable_is_null_or_the_type(mock: OpenAPIMock) -> None:
    schema = SchemaCompiler(mock.contract, "request").compile({"type": "string", "nullable": True})

    assert conforms(schema, None)
    assert conforms(schema, "x")
    assert not conforms(schema, 1)


@pytest.mark.parametrize(
    ("schema", "valid", "invalid"),
    [
        ({"type": ["string", "integer"], "nullable": True}, [None, "x", 1], [1.5]),
        ({"type": ["integer", "null"], "nullable": True}, [None, 1], ["x"]),
        ({"minimum": 1, "nullable": True}, [None, 5, "x"], [0]),  # no type: null or the schema
    ],
)
def test_openapi_3_0_nullable_on_a_type_list_or_no_type(
    mock: OpenAPIMock, schema: dict[str, object], valid: list[object], invalid: list[object]
) -> None:
    compiled = SchemaCompiler(mock.contract, "request").compile(schema)

    assert all(conforms(compiled, value) for value in valid)
    assert not any(conforms(compiled, value) for value in invalid)


@pytest.mark.parametrize(
    ("name", "message", "line"),
    [
        ("events.yaml", "{path} is an AsyncAPI contract: only OpenAPI contracts have HTTP operations", None),
        ("paths-list.yaml", "`paths` is not a mapping", 4),
    ],
)
def test_contracts_that_cannot_be_mocked_are_refused(
    fixtures: Path, name: str, message: str, line: int | None
) -> None:
    path = fixtures / "mocks" / name
    with pytest.raises(ContractError) as caught:
        OpenAPIMock(load_contract(path))
    assert (caught.value.message, caught.value.file, caught.value.line) == (
        message.format(path=path),
        str(path),
        line,
    )
