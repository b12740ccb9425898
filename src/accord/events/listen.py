"""`accord events listen`: receive an event's messages on the broker and check each against the
publisher's AsyncAPI; a broker that goes quiet or away ends the wait with a partial report."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from accord.events.catalog import EventMessage, event_catalog
from accord.events.client import Received, connected, shown_url
from accord.events.publish import broker_url, destination_of
from accord.events.rules import message_findings, run_finding, schema_warning
from accord.manifest import Workspace
from accord.report import Report, display_path

__all__ = ["ListenOptions", "ListenResult", "listen_event", "receive_messages"]

TOOL = "events listen"


@dataclass(frozen=True, kw_only=True)
class ListenOptions:
    service: str | None = None
    count: int = 1
    timeout: float = 10.0  # seconds to wait for all `count` messages
    connect_timeout: float = 5.0
    url: str | None = None
    # Told where the consumer listens once it is subscribed (messages sent before are not seen).
    on_ready: Callable[[str], None] | None = None


@dataclass(frozen=True)
class ListenResult:
    event: str
    received: int
    conforming: int
    report: Report


async def receive_messages(
    message: EventMessage, queue: asyncio.Queue[Received], *, count: int, timeout: float
) -> ListenResult:
    """Check messages from `queue` until `count` conforming ones arrived or `timeout` passed."""
    report = Report(TOOL, checked=[display_path(message.contract.path)])
    report.extend(schema_warning(message))
    received = conforming = 0
    deadline = time.monotonic() + timeout
    while conforming < count:
        left = deadline - time.monotonic()
        try:
            got = await asyncio.wait_for(queue.get(), timeout=max(left, 0.0))
        except TimeoutError:
            report.extend(
                [
                    run_finding(
                        message,
                        "event.not-received",
                        f"{message.label}: {conforming} of {count} conforming message(s) arrived "
                        f"in {timeout:g} s ({received} received in all)",
                    )
                ]
            )
            break
        received += 1
        findings = message_findings(message, got)
        report.extend(findings)
        conforming += not findings
    return ListenResult(message.event, received, conforming, report)


def listen_event(workspace: Workspace, event: str, options: ListenOptions) -> ListenResult:
    """Subscribe to `event` on the publisher's broker and check what arrives."""
    message = event_catalog(workspace).publisher(event, options.service)
    where = destination_of(message)
    url = broker_url(message, options.url)

    async def run() -> ListenResult:
        async with connected(message.broker.kind, url, timeout=options.connect_timeout) as client:
            queue = await client.subscribe(where)
            if options.on_ready is not None:
                options.on_ready(
                    f"listening to {event} on {message.broker.kind} {shown_url(url)}, {where.describe()}"
                )
            return await receive_messages(message, queue, count=options.count, timeout=options.timeout)

    return asyncio.run(run())
