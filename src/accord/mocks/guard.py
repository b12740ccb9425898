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

from accord.mocks.fault_delivery import TRANSPORT_KEY

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
        _deadline: Any = None
        _armed_for: Any = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            open_connections[self] = None
            self._arm()
            if sum(not c.transport.is_closing() for c in open_connections) > limits.max_connections:
                make_room(self)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            # the fault layer resets a connection through its transport (httptools builds the scope here)
            self.scope[TRANSPORT_KEY] = self.transport

        def connection_lost(self, exc: Exception | None) -> None:
            open_connections.pop(self, None)
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            cycle = self.cycle
            if cycle is not None and cycle is not self._armed_for and not cycle.more_body:
                self._disarm()  # the whole request is in; the app takes the time it needs

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._arm()

        def idle(self) -> bool:
            """No request is being answered (nothing sent yet, part of one, or between requests)."""
            return self.cycle is None or self.cycle.response_complete

        def _arm(self) -> None:
            self._disarm()
            self._armed_for = self.cycle
            self._deadline = self.loop.call_later(limits.request_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.close()

    return GuardedProtocol
