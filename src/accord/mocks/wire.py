"""One write per answer: the head of a response waits for its body, and both leave together.

uvicorn writes a response's status line and headers, then its body, each with its own
`transport.write`: two system calls and two packets for an answer that fits in one. On
loopback a write costs about as much CPU as the mock's whole answer; so the mock server's
protocol hands uvicorn this transport, which holds the first write of a response until the
next one (the body) and sends them joined. Nothing waits longer than the current turn of the
event loop: a held write leaves then, body or not (a `100 Continue`, an answer cut off).
"""

from __future__ import annotations

import asyncio
from typing import Any

__all__ = ["JoiningTransport"]

JOIN_LIMIT = 64 * 1024  # bytes of body joined to its head


class JoiningTransport:
    """Wraps an asyncio transport; everything but writing and closing goes straight through."""

    def __init__(self, transport: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data: bytes) -> None:
        held = self._held
        if held is None:
            self._held = bytes(data)
            self._loop.call_soon(self.flush)
            return
        self._held = None
        if len(data) > JOIN_LIMIT:  # copying a large body would cost more than the second write
            self._transport.write(held)
            self._transport.write(data)
        else:
            self._transport.write(held + data)

    def writelines(self, lines: Any) -> None:
        self.write(b"".join(lines))

    def flush(self) -> None:
        held = self._held
        if held is not None:
            self._held = None
            if not self._transport.is_closing():
                self._transport.write(held)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def is_closing(self) -> bool:  # asked after every response: not through __getattr__
        return bool(self._transport.is_closing())

    def get_write_buffer_size(self) -> int:
        return int(self._transport.get_write_buffer_size()) + len(self._held or b"")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)
