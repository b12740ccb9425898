"""Carry out a fault on an ASGI connection: wait, reset it, hang on it, trickle or garble the body.

A reset needs the connection itself: the mock server's protocol puts its transport into the
scope (`TRANSPORT_KEY`); under another server a reset is an answer cut off after its headers.
A hang lasts until the client gives up or the mock stops (`Hangs.release`), never longer.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from accord.mocks.faults import Decision
from accord.mocks.http import MockRequest, MockResponse

__all__ = [
    "TRANSPORT_KEY",
    "FaultyMock",
    "Hangs",
    "abort",
    "deliver",
    "malformed",
    "send_slowly",
    "send_whole",
]

TRANSPORT_KEY = "accord.transport"
Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]
_POLL = 0.05  # how often a hang looks whether the mock is stopping


class Hangs:
    """The hangs of one mock: each waits for its client to leave, or for `release()` at shutdown."""

    def __init__(self) -> None:
        self.released = False

    def release(self) -> None:
        """Let every hang end (called from any thread when the server stops)."""
        self.released = True

    async def hang(self, receive: Receive) -> bool:
        """Wait until the client disconnects (True) or the mock is stopping (False)."""
        while not self.released:
            try:
                message = await asyncio.wait_for(receive(), _POLL)
            except TimeoutError:
                continue
            if message.get("type") == "http.disconnect":
                return True
        return False

    async def sleep(self, seconds: float) -> None:
        """A delay that a stopping mock cuts short."""
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while not self.released:
            left = end - loop.time()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.5))


async def abort(scope: dict[str, Any], send: Send, response: MockResponse) -> None:
    """Reset the connection (RST); without the transport, cut the answer off after its headers."""
    transport = scope.get(TRANSPORT_KEY)
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # linger 0: close() sends RST at once instead of FIN, as a crashed peer's kernel does
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        for _ in range(2):  # let the loop see the connection lost, so the server sends nothing more
            await asyncio.sleep(0)
        return
    headers = [(b"content-length", str(len(response.body) + 1).encode())]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})


def malformed(response: MockResponse) -> MockResponse:
    """The same answer with a body its media type cannot parse: cut in half, then a stray byte."""
    body = response.body[: len(response.body) // 2] + b"\x00{"
    return MockResponse(response.status, response.headers, body, response.rule)


async def send_slowly(
    send: Send, response: MockResponse, seconds: float, hangs: Hangs, *, chunk: int = 8
) -> None:
    """Send the headers at once and the body a few bytes at a time over `seconds`."""
    await send({"type": "http.response.start", "status": response.status, "headers": _headers(response)})
    pieces = [response.body[i : i + chunk] for i in range(0, len(response.body), chunk)] or [b""]
    pause = seconds / max(len(pieces) - 1, 1)  # the last piece ends the body at `seconds`
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        await send({"type": "http.response.body", "body": piece, "more_body": not last})
        if not last:
            await hangs.sleep(pause)


class FaultyMock(Protocol):
    """What `deliver` needs of a mock."""

    hangs: Hangs

    def answer_safely(self, request: MockRequest) -> MockResponse: ...

    def failure(self, request: MockRequest, status: int | None) -> MockResponse: ...


async def deliver(
    mock: FaultyMock, decision: Decision, request: MockRequest, asgi: tuple[dict[str, Any], Receive, Send]
) -> int | str:
    """Answer `request` as `decision` says; returns the status sent, or what happened instead."""
    scope, receive, send = asgi
    if decision.delay:
        await mock.hangs.sleep(decision.delay)
    if decision.fault == "hang":
        if not await mock.hangs.hang(receive):
            await abort(scope, send, MockResponse(503, (), b""))  # the mock is stopping
        return "hang"
    if decision.fault == "reset":
        await abort(scope, send, MockResponse(503, (), b""))
        return "reset"
    if decision.fault == "error":
        response = mock.failure(request, decision.status)
    else:
        response = mock.answer_safely(request)
    if decision.fault == "malformed":
        response = malformed(response)
    if decision.fault == "slow-body":
        await send_slowly(send, response, decision.slow_body_seconds, mock.hangs)
    else:
        await send_whole(send, response)
    return response.status


async def send_whole(send: Send, response: MockResponse) -> None:
    await send({"type": "http.response.start", "status": response.status, "headers": _headers(response)})
    await send({"type": "http.response.body", "body": response.body})


def _headers(response: MockResponse) -> list[tuple[bytes, bytes]]:
    headers = [(k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    return headers
