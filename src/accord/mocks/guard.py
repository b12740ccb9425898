"""Keep slow and idle clients from starving a mock server: a deadline for reading each request,
and a cap on open connections that closes the oldest idle one first.

uvicorn closes an idle keep-alive connection (`timeout_keep_alive`), but not one that connects
and never completes a request; and its `limit_concurrency` answers 503 to every newcomer once
such sockets fill it. So the mock server runs uvicorn's own HTTP protocol class (httptools or
h11), wrapped by `guarded_protocol`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.mocks.fault_delivery import ARRIVED_KEY, TRANSPORT_KEY
from accord.mocks.wire import JoiningTransport

__all__ = ["ServerLimits", "guarded_protocol"]


@dataclass(frozen=True)
class ServerLimits:
    """How long a client may take to send a request, and how many connections stay open."""

    request_timeout: float = 10.0  # seconds from connect (or the last response) to a whole request
    max_connections: int = 512  # under the common limit of 1,024 open files
    keep_alive: int = 5  # seconds an idle keep-alive connection stays open (uvicorn's own timer)


def guarded_protocol(base: type[Any], limits: ServerLimits) -> type[Any]:
    """A subclass of uvicorn's HTTP protocol `base` that enforces `limits` for one server."""
    open_connections: dict[Any, None] = {}  # oldest first

    def make_room(newcomer: Any) -> None:
        for connection in open_connections:
            if connection is not newcomer and connection.idle() and not connection.transport.is_closing():
                connection.transport.close()
                return
        newcomer.transport.close()  # every other connection is in the middle of a request

    class GuardedProtocol(base):  # type: ignore[misc,valid-type]
        _timer: Any = None
        _since: float | None = None  # when the wait for a whole request began; None while answering
        _armed_for: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self.transport = JoiningTransport(transport, self.loop)
            open_connections[self] = None
            self._arm()
            self._timer = self.loop.call_later(limits.request_timeout, self._check)
            if sum(not c.transport.is_closing() for c in open_connections) > limits.max_connections:
                make_room(self)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            # the fault layer resets a connection through its transport, and counts a delay from
            # the request's arrival (httptools builds the scope here)
            self.scope[TRANSPORT_KEY] = self.transport
            self.scope[ARRIVED_KEY] = self.loop.time()

        def connection_lost(self, exc: Exception | None) -> None:
            open_connections.pop(self, None)
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            cycle = self.cycle
            if cycle is not None and cycle is not self._armed_for and not cycle.more_body:
                self._since = None  # the whole request is in; the app takes the time it needs

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def idle(self) -> bool:
            """No request is being answered (nothing sent yet, part of one, or between requests)."""
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            # one timestamp per request; the connection's one timer reads it when it fires
            self._armed_for = self.cycle
            self._since = self.loop.time()

        def _check(self) -> None:
            """The deadline timer: close a connection past it, else look again when it could be."""
            self._timer = None
            if self.transport.is_closing():
                return
            since = self._since
            left = (
                limits.request_timeout if since is None else since + limits.request_timeout - self.loop.time()
            )
            if left <= 0:
                self.transport.close()
                return
            self._timer = self.loop.call_later(left, self._check)

    return GuardedProtocol
