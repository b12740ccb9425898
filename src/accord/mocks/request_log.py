"""The mock server's one line per request, written in batches.

A logging record per request costs about as much CPU as answering it; so each request only
appends its fields to a list, and the lines are formatted and handed to the `accord.mocks`
logger as one record per batch, a tenth of a second later (or at once past `BATCH`).
Each line carries its own time, so the log reads as before: `12:00:01 payments GET /x -> 200`.
"""

from __future__ import annotations

import asyncio
import logging
import time

__all__ = ["BATCH", "RequestLog", "line_prefix"]

log = logging.getLogger("accord.mocks")
BATCH = 2048  # lines: past this many a batch is written without waiting
DELAY = 0.1  # seconds a line may wait to be written


def line_prefix(when: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(when))


class RequestLog:
    """Collects request lines; `flush()` writes them (the event loop calls it shortly after)."""

    def __init__(self) -> None:
        self._pending: list[tuple[float, str, str, str, int | str, str]] = []
        self._scheduled = False

    def record(self, name: str, method: str, path: str, status: int | str, note: str) -> None:
        """Called on the event loop of the server, once per answered request."""
        if not log.isEnabledFor(logging.INFO):
            return
        self._pending.append((time.time(), name, method, path, status, note))
        if len(self._pending) >= BATCH:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().call_later(DELAY, self.flush)

    def flush(self) -> None:
        self._scheduled = False
        pending, self._pending = self._pending, []
        if not pending:
            return
        lines = []
        second, prefix = -1, ""
        for when, name, method, path, status, note in pending:
            if int(when) != second:  # one strftime per second, not per line
                second, prefix = int(when), line_prefix(when)
            lines.append(f"{prefix} {name} {method} {path} -> {status}{note}")
        log.info("\n".join(lines), extra={"accord_batch": True})
