"""Hostile requests get a 4xx problem body from a real mock server, never a 500 or a traceback."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import httpx
import pytest

from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "mocks" / "hostile"
CONTRACT = HOSTILE / "huge-integers.yaml"
JSON = {"content-type": "application/json"}
ServeMock = Callable[..., AbstractContextManager[str]]


def assert_no_traceback(response: httpx.Response) -> None:
    assert "Traceback" not in response.text and 'File "' not in response.text


@pytest.mark.integration
@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("deep-100k.json", "the body is nested more than 256 levels deep"),
        ("integer-5000-digits.json", "the body is not JSON: Exceeds the limit (4300 digits)"),
        ("float-overflow.json", "the body is not JSON: the number 1e400 is too large for a double"),
        ("nan.json", "the body is not JSON: NaN is not a JSON number"),
    ],
)
def test_an_unreadable_body_is_a_400_problem(serve_mock: ServeMock, body: str, detail: str) -> None:
    with serve_mock(CONTRACT) as url:
        response = httpx.post(f"{url}/counters", content=(HOSTILE / body).read_bytes(), headers=JSON)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["errors"][0]["rule"] == "malformed-body"
    assert problem["errors"][0]["message"].startswith(detail)
    assert_no_traceback(response)


@pytest.mark.integration
def test_integers_beyond_64_bits_are_ordinary_integers(serve_mock: ServeMock) -> None:
    huge = 340282366920938463463374607431768211456  # 2**128, the contract's bound
    with serve_mock(CONTRACT) as url:
        created = httpx.post(
            f"{url}/counters", content=(HOSTILE / "integer-100-bits.json").read_bytes(), headers=JSON
        )
        too_big = httpx.post(f"{url}/counters", json={"value": huge + 1})
        example = httpx.get(f"{url}/counters/7")
        generated = httpx.get(f"{url}/counters")
    assert created.status_code == 201, created.text
    assert too_big.status_code == 422
    assert f"{huge + 1} is greater than the maximum of {huge}" in too_big.json()["detail"]
    assert example.json() == {"value": huge}
    assert generated.json()["value"] >= huge


@pytest.mark.integration
@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/counters/" + "9" * 5000, "path.id"),
        ("/counters/7?step=" + "1" * 5000, "query.step"),
    ],
)
def test_a_parameter_with_thousands_of_digits_is_a_400(serve_mock: ServeMock, path: str, where: str) -> None:
    with serve_mock(CONTRACT) as url:
        response = httpx.get(url + path)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["in"] == where
    assert "is not of type" in response.json()["errors"][0]["message"]
    assert_no_traceback(response)


@pytest.mark.integration
def test_a_prefer_code_of_thousands_of_digits_is_not_a_status(serve_mock: ServeMock) -> None:
    with serve_mock(CONTRACT) as url:
        response = httpx.get(f"{url}/counters/7", headers={"prefer": "code=" + "2" * 5000})
    assert response.status_code == 200
    assert_no_traceback(response)
