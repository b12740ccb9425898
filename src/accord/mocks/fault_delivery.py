"""Carry out a fault on an ASGI connection: wait, reset it, hang on it, trickle or garble the body.

A reset needs the connection itself: the mock server's protocol puts its transport into the
scope (`TRANSPORT_KEY`); under another server a reset is an answer cut off after its headers.
A hang lasts until the client gives up or the mock stops (`Hangs.release`), never longer.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from accord.mocks.faults import Decision
from accord.mocks.http import MockRequest, MockResponse

__all__ = [
    "ARRIVED_KEY",
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
ARRIVED_KEY = "accord.arrived"  # the event loop's time when the request's first bytes were read
Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class Hangs:
    """The waits of one mock (delays, hangs, slow bodies): each ends on time, or at once when
    `release()` says the mock is stopping."""

    def __init__(self) -> None:
        self.released = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: set[asyncio.Future[None]] = set()

    def release(self) -> None:
        """Let every wait end now (called from any thread when the server stops)."""
        self.released = True
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nothing waits on it any more
                loop.call_soon_threadsafe(self._wake_all)

    def _wake_all(self) -> None:
        for waiting in list(self._waiting):
            _settle(waiting)

    def _enter(self) -> asyncio.Future[None]:
        """A future that `release()` settles (at once if it already has)."""
        self._loop = asyncio.get_running_loop()
        woken = self._loop.create_future()
        self._waiting.add(woken)
        if self.released:
            _settle(woken)
        return woken

    async def hang(self, receive: Receive) -> bool:
        """Wait until the client disconnects (True) or the mock is stopping (False)."""
        woken = self._enter()
        try:
            while not woken.done():
                message = asyncio.ensure_future(receive())
                await asyncio.wait((message, woken), return_when=asyncio.FIRST_COMPLETED)
                if not message.done():
                    message.cancel()
                    return False
                if message.result().get("type") == "http.disconnect":
                    return True
            return False
        finally:
            self._waiting.discard(woken)

    async def sleep_until(self, deadline: float) -> None:
        """Wait until the event loop's clock reads `deadline` (one timer), or the mock is stopping."""
        woken = self._enter()
        timer = asyncio.get_running_loop().call_at(deadline, _settle, woken)
        try:
            await woken
        finally:
            timer.cancel()
            self._waiting.discard(woken)

    async def sleep(self, seconds: float) -> None:
        """A delay that a stopping mock cuts short."""
        await self.sleep_until(asyncio.get_running_loop().time() + seconds)


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


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
    await send({"type": "http.response.start", "status": response.status, "headers": response.wire_headers})
    pieces = [response.body[i : i + chunk] for i in range(0, len(response.body), chunk)] or [b""]
    pause = seconds / max(len(pieces) - 1, 1)  # the last piece ends the body at `seconds`
    began = asyncio.get_running_loop().time()
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        await send({"type": "http.response.body", "body": piece, "more_body": not last})
        if not last:
            await hangs.sleep_until(began + (index + 1) * pause)  # on schedule, whatever a send took


class FaultyMock(Protocol):
    """What `deliver` needs of a mock."""

    hangs: Hangs

    def answer_safely(self, request: MockRequest) -> MockResponse: ...

    def failure(self, request: MockRequest, status: int | None) -> MockResponse: ...


async def deliver(
    mock: FaultyMock, decision: Decision, request: MockRequest, asgi: tuple[dict[str, Any], Receive, Send]
) -> int | str:
    """Answer `request` as `decision` says; returns the status sent, or what happened instead.

    A delay counts from the request's arrival (`ARRIVED_KEY`), and the answer is built before
    it: what the mock spends is part of the delay, not added to it.
    """
    scope, receive, send = asgi
    response = None
    if decision.fault not in ("hang", "reset"):
        if decision.fault == "error":
            response = mock.failure(request, decision.status)
        else:
            response = mock.answer_safely(request)
        if decision.fault == "malformed":
            response = malformed(response)
    if decision.delay:
        arrived = scope.get(ARRIVED_KEY)
        start = arrived if arrived is not None else asyncio.get_running_loop().time()
        await mock.hangs.sleep_until(start + decision.delay)
    if response is None:
        if decision.fault == "reset" or not await mock.hangs.hang(receive):
            await abort(scope, send, MockResponse(503, (), b""))  # reset, or the mock is stopping
        return str(decision.fault)
    if decision.fault == "slow-body":
        await send_slowly(send, response, decision.slow_body_seconds, mock.hangs)
    else:
        await send_whole(send, response)
    return response.status


async def send_whole(send: Send, response: MockResponse) -> None:
    await send({"type": "http.response.start", "status": response.status, "headers": response.wire_headers})
    await send({"type": "http.response.body", "body": response.body})
