"""What the mock asks of a request before it answers: credentials of each security scheme kind,
a body of a declared media type (wildcards included), and a body at all when one is required
(OpenAPI 3 and 2)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock, load_mock
from tests.conftest import FIXTURES


@pytest.fixture
def mock() -> OpenAPIMock:
    return load_mock(FIXTURES / "mocks" / "checks.yaml")


def _send(
    mock: OpenAPIMock, method: str, path: str, query: str = "", body: bytes = b"", **headers: str
) -> tuple[int, list[tuple[str, str, str]]]:
    answer = mock.handle(MockRequest(method, path, query, headers, body))
    errors: list[dict[str, Any]] = json.loads(answer.body)["errors"] if answer.body else []
    return answer.status, [(e["rule"], e["in"], e["message"]) for e in errors]


def _refused(schemes: str) -> tuple[int, list[tuple[str, str, str]]]:
    return 401, [("security", "header.authorization", f"credentials required: {schemes}")]


ACCEPTED = (204, [])
NOT_JSON = "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"


def _wrong_media(got: str) -> tuple[int, list[tuple[str, str, str]]]:
    message = f"content type {got} is not one of: application/*, text/*"
    return 415, [("media-type", "header.content-type", message)]


@pytest.mark.parametrize(
    ("path", "query", "headers", "answer"),
    [
        ("/by-query-key", "api_key=k", {}, ACCEPTED),
        ("/by-query-key", "other=k", {"x-api-key": "k", "authorization": "Bearer t"}, _refused("queryKey")),
        ("/by-cookie", "", {"cookie": "session=s"}, ACCEPTED),
        ("/by-cookie", "session=s", {"cookie": "other=s"}, _refused("cookieKey")),
        ("/by-basic", "", {"authorization": "basic dXNlcjpwdw=="}, ACCEPTED),  # the scheme in any case
        ("/by-basic", "", {"authorization": "Bearer t"}, _refused("basic")),
        ("/by-basic", "", {"authorization": "Basicx"}, _refused("basic")),
        ("/by-oauth", "", {"authorization": "Bearer t"}, ACCEPTED),  # any credentials
        ("/by-oauth", "", {}, _refused("oauth")),
        # either requirement, and all the schemes of one requirement
        ("/by-both", "api_key=k", {"authorization": "Basic dXNlcjpwdw=="}, ACCEPTED),
        ("/by-both", "", {"cookie": "session=s"}, ACCEPTED),  # `shared` is a $ref to cookieKey
        ("/by-both", "api_key=k", {}, _refused("queryKey+basic or shared")),
        ("/open", "", {}, ACCEPTED),  # `{}` among the requirements: credentials are optional
        # a scheme the contract does not declare: any credentials will do
        ("/by-unknown", "", {"authorization": "Token t"}, ACCEPTED),
        ("/by-unknown", "", {}, _refused("undeclared")),
    ],
)
def test_each_kind_of_security_scheme_asks_for_its_own_credentials(
    mock: OpenAPIMock, path: str, query: str, headers: dict[str, str], answer: tuple[int, list[Any]]
) -> None:
    assert _send(mock, "GET", path, query, **headers) == answer


@pytest.mark.parametrize(
    ("method", "path", "content_type", "body", "answer"),
    [
        ("POST", "/notes", "text/plain", b"hi", ACCEPTED),  # text/* takes any text
        ("POST", "/notes", "application/xml", b"<a/>", ACCEPTED),  # application/* any application type
        (
            "POST",
            "/notes",
            "image/png",
            b"\x89PNG",
            _wrong_media("image/png"),
        ),
        (
            "POST",
            "/notes",
            "",
            b"hi",
            _wrong_media("none"),
        ),
        ("POST", "/notes", "", b"", (400, [("missing-body", "body", "the request body is required")])),
        ("PUT", "/anything", "image/png", b"\x89PNG", ACCEPTED),  # */* takes anything
        ("PUT", "/anything", "", b"", ACCEPTED),  # the body is optional
        # one declared media type is assumed when the request names none, and its schema applies
        ("PUT", "/single", "", b"{}", (422, [("invalid-body", "body", '"text" is a required property')])),
        ("PUT", "/single", "application/merge-patch+json", b'{"text": "a"}', ACCEPTED),
        (
            "PUT",
            "/single",
            "application/merge-patch+json",
            b"{nope",
            (400, [("malformed-body", "body", f"the body is not JSON: {NOT_JSON}")]),
        ),
    ],
)
def test_a_body_is_read_by_the_declared_media_type_it_matches(
    mock: OpenAPIMock, method: str, path: str, content_type: str, body: bytes, answer: tuple[int, list[Any]]
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    assert _send(mock, method, path, body=body, **headers) == answer


def test_a_body_with_many_errors_is_answered_with_the_first_five(mock: OpenAPIMock) -> None:
    body = json.dumps(dict.fromkeys("abcdef", "x")).encode()

    assert _send(mock, "PUT", "/profile", body=body, **{"content-type": "application/json"}) == (
        422,
        [("invalid-body", f"body.{name}", '"x" is not of type "integer"') for name in "abcde"],
    )


def test_a_body_schema_beyond_the_validator_is_not_checked(mock: OpenAPIMock) -> None:
    # `\p{NoSuchClass}` is no pattern the validator can compile: the body is taken as it is
    assert _send(mock, "PUT", "/motto", body=b'"x"', **{"content-type": "application/json"}) == ACCEPTED


@pytest.fixture
def legacy() -> OpenAPIMock:
    return load_mock(FIXTURES / "mocks" / "legacy-checks.yaml")


BASIC = {"authorization": "Basic dXNlcjpwdw=="}
SECURITY_LOGIN = ("security", "header.authorization", "credentials required: login")
LABEL_MEDIA = "content type application/json is not one of: application/vnd.label+json"


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "answer"),
    [
        ("POST", "/uploads", BASIC, b"", ACCEPTED),  # 2.0 form fields are not checked
        (
            "POST",
            "/uploads",
            {**BASIC, "content-type": "application/x-www-form-urlencoded"},
            b"title=x",
            ACCEPTED,
        ),
        ("POST", "/uploads", {"authorization": "Bearer t"}, b"", (401, [SECURITY_LOGIN])),
        ("PUT", "/labels", {}, b"", ACCEPTED),  # a body parameter that is not required
        ("PUT", "/labels", {"content-type": "application/vnd.label+json"}, b'{"text": "a"}', ACCEPTED),
        (
            "PUT",
            "/labels",
            {"content-type": "application/vnd.label+json"},
            b"{}",
            (422, [("invalid-body", "body", '"text" is a required property')]),
        ),
        (
            "PUT",
            "/labels",
            {"content-type": "application/json"},  # the document's consumes, which the operation replaces
            b"{}",
            (415, [("media-type", "header.content-type", LABEL_MEDIA)]),
        ),
    ],
)
def test_openapi_2_basic_auth_form_data_and_an_operations_own_consumes(
    legacy: OpenAPIMock,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes,
    answer: tuple[int, list[Any]],
) -> None:
    assert _send(legacy, method, path, body=body, **headers) == answer


@pytest.mark.parametrize(
    ("query", "headers", "answer"),
    [
        ("ids=1,2&words=1%202&codes=1|2&tags=1&tags=2", {"x-ids": "1,2"}, ACCEPTED),
        ("ids=1|2", {}, (400, [("invalid-parameter", "query.ids.0", '"1|2" is not of type "integer"')])),
        ("words=1,2", {}, (400, [("invalid-parameter", "query.words.0", '"1,2" is not of type "integer"')])),
        ("codes=1,2", {}, (400, [("invalid-parameter", "query.codes.0", '"1,2" is not of type "integer"')])),
        (
            "",
            {"x-ids": "1 2"},
            (400, [("invalid-parameter", "header.X-Ids.0", '"1 2" is not of type "integer"')]),
        ),
    ],
)
def test_openapi_2_collection_formats_split_where_they_say(
    legacy: OpenAPIMock, query: str, headers: dict[str, str], answer: tuple[int, list[Any]]
) -> None:
    # csv (the default, in the query and in a header), ssv on spaces, pipes on `|`, multi repeated
    assert _send(legacy, "GET", "/labels", query, **headers) == answer
