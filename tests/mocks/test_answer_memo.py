"""A repeated request is answered from memory, and only where the answer cannot differ."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.mocks.answer_memo import AnswerMemo
from accord.mocks.http import MockRequest, MockResponse
from accord.mocks.openapi_app import load_mock
from accord.mocks.wire import JoiningTransport

AUTH = {"X-Api-Key": "k"}
Serve = Callable[..., AbstractContextManager[str]]


def scope(path: str, headers: list[tuple[bytes, bytes]], query: bytes = b"") -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": path, "query_string": query, "headers": headers}


async def call(app: Any, asgi_scope: dict[str, Any], body: bytes = b"") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(asgi_scope, receive, send)
    return sent


def test_a_repeat_gets_the_first_answer_and_other_credentials_their_own(features: Path) -> None:
    mock = load_mock(features)
    with_key = scope("/widgets/w-1", [(b"x-api-key", b"k")])
    without = scope("/widgets/w-1", [])

    first = asyncio.run(call(mock, with_key))
    again = asyncio.run(call(mock, with_key))
    refused = asyncio.run(call(mock, without))

    assert first[0]["status"] == again[0]["status"] == 200
    assert first[1]["body"] == again[1]["body"]
    assert refused[0]["status"] == 401  # the same path without credentials is not the remembered answer


def test_the_observer_sees_every_request_even_a_remembered_one(features: Path) -> None:
    mock = load_mock(features)
    seen: list[MockRequest] = []
    mock.observer = seen.append
    asgi_scope = scope("/widgets/w-1", [(b"x-api-key", b"k")])

    asyncio.run(call(mock, asgi_scope))
    asyncio.run(call(mock, asgi_scope))

    assert [r.path for r in seen] == ["/widgets/w-1", "/widgets/w-1"]


def test_a_prefer_header_and_large_bodies_are_not_remembered(features: Path) -> None:
    mock = load_mock(features)
    asyncio.run(call(mock, scope("/widgets", [(b"x-api-key", b"k"), (b"prefer", b"dynamic=true")])))
    big = scope("/widgets", [(b"x-api-key", b"k"), (b"content-type", b"application/json")])
    big["method"] = "POST"
    asyncio.run(call(mock, big, b'{"name": "' + b"x" * 20_000 + b'", "price": 1}'))

    assert mock.memo.key(big, b"x" * 20_000) is None
    assert len(mock.memo._answers) == 0


def test_the_memo_forgets_everything_past_its_size() -> None:
    memo = AnswerMemo(size=2)
    answer = MockResponse(200, (), b"{}")
    keys = [memo.key(scope(f"/p/{i}", []), b"") for i in range(3)]
    for key in keys:
        memo.keep(key, answer)

    assert memo.get(keys[2]) is answer
    assert memo.get(keys[0]) is None
    memo.keep(keys[0], MockResponse(500, (), b"", "mock-error"))  # a failure is never remembered
    assert memo.get(keys[0]) is None


def test_stateful_answers_are_never_remembered(features: Path, serve_mock: Serve) -> None:
    headers = {**AUTH, "X-Request-Id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10"}
    with serve_mock(features, stateful=True) as url, httpx.Client(base_url=url, headers=headers) as client:
        before = client.get("/widgets").json()
        client.post("/widgets", json={"name": "bolt", "price": 1.0})
        after = client.get("/widgets").json()
    assert isinstance(before, list)
    assert len(after) == len(before) + 1


def test_a_response_head_and_body_leave_in_one_write_and_a_lone_head_still_leaves() -> None:
    async def scenario() -> tuple[bytes, bytes]:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        transport, _ = await loop.create_connection(asyncio.Protocol, sock=ours)
        joined = JoiningTransport(transport, loop)
        reader, _ = await asyncio.open_connection(sock=theirs)
        joined.write(b"HEAD|")
        joined.write(b"BODY")
        both = await reader.read(100)
        joined.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # nothing follows: it leaves on the next turn
        alone = await asyncio.wait_for(reader.read(100), 5)
        joined.close()
        return both, alone

    both, alone = asyncio.run(scenario())
    assert both == b"HEAD|BODY"
    assert alone == b"HTTP/1.1 100 Continue\r\n\r\n"


@pytest.mark.integration
def test_the_server_answers_repeats_alike_and_keeps_its_log(
    features: Path, serve_mock: Serve, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger="accord.mocks")
    with serve_mock(features) as url, httpx.Client(base_url=url, headers=AUTH) as client:
        answers = [client.get("/widgets/w-1") for _ in range(3)]
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert caplog.text.count("GET /widgets/w-1 -> 200") == 3
