"""The events of a service under `accord contracts test`: while its HTTP operations are driven,
every message it publishes is received on the broker and checked against its AsyncAPI; then
conforming messages (generated from the publishers' AsyncAPI) are delivered to every channel it
subscribes to, and a handler that raises on one is reported with its last frame."""

from __future__ import annotations

import asyncio
import logging
import os
import random
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from accord.events.catalog import EventMessage, event_catalog
from accord.events.client import BrokerClient, Received, connected
from accord.events.payloads import payload_schema, shown
from accord.events.publish import broker_url, destination_of
from accord.events.rules import DRIVEN_RULES, message_findings, run_finding, schema_warning
from accord.manifest import Workspace
from accord.report import Finding

__all__ = ["EventTarget", "check_events", "event_target", "published_messages"]

PER_CHANNEL = 3  # messages delivered to each subscribed channel
SETTLE = 1.0  # seconds a handler gets for one message, and stragglers get to arrive


@dataclass(frozen=True)
class EventTarget:
    """What to check of one service's events: what it sends, and what it receives (each with the
    publisher's message to generate deliveries from, or its own when no publisher declares one)."""

    service: str
    kind: str
    url: str
    sends: tuple[EventMessage, ...]
    receives: tuple[tuple[EventMessage, EventMessage], ...]
    declared: frozenset[str] = frozenset()  # every channel address of the system's AsyncAPI contracts


def event_target(workspace: Workspace, service: str) -> EventTarget | None:
    """The service's events, or None when it has no AsyncAPI contract or no broker."""
    entry = workspace.service(service)
    broker = workspace.manifest.broker_of(entry)
    if not entry.asyncapi or broker.kind == "none":
        return None
    catalog = event_catalog(workspace)
    sends = catalog.of_service(service, "send")
    receives = []
    for own in catalog.of_service(service, "receive"):
        publishers = catalog.senders(own.event)
        receives.append((own, publishers[0] if publishers else own))
    if not sends and not receives:
        return None
    # The app connects to BROKER_URL when it is set (see contracts' provider runtime): so does accord.
    url = os.environ.get("BROKER_URL") or broker_url((sends or [own for own, _ in receives])[0])
    declared = frozenset(m.event for m in catalog.messages)
    return EventTarget(service, broker.kind, url, tuple(sends), tuple(receives), declared)


class _HandlerErrors(logging.Handler):
    """Exceptions the app logs while it handles a message (FastStream logs each with its traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            with self.guard:
                self.records.append(record)


@contextmanager
def _handler_errors() -> Iterator[_HandlerErrors]:
    # Added once the app has started: its logging set-up may replace the root's handlers.
    errors = _HandlerErrors()
    root = logging.getLogger()
    root.addHandler(errors)
    try:
        yield errors
    finally:
        root.removeHandler(errors)


def _last_frame(record: logging.LogRecord) -> str:
    assert record.exc_info is not None
    _, error, tb = record.exc_info
    frames = traceback.extract_tb(tb)
    where = f"{frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else "?"
    return f"{type(error).__name__}: {error} (at {where})"


def check_events(target: EventTarget, drive: Callable[[], None], *, seed: int = 0) -> list[Finding]:
    """Subscribe to what the service sends, `drive` it (its HTTP operations), deliver messages to
    what it receives, and check all of it. The app must be running, connected to the broker."""
    return asyncio.run(_check(target, drive, seed))


async def _check(target: EventTarget, drive: Callable[[], None], seed: int) -> list[Finding]:
    findings = [f for m in (*target.sends, *(own for own, _ in target.receives)) for f in schema_warning(m)]
    async with connected(target.kind, target.url, timeout=5.0) as client:
        queues = [(m, await client.subscribe(destination_of(m))) for m in target.sends]
        everything = await client.subscribe_all(_exchange(target))
        await asyncio.to_thread(drive)
        await asyncio.sleep(SETTLE)
        if everything is not None:
            findings.extend(_undeclared(target, everything))
        with _handler_errors() as errors:
            for own, source in target.receives:
                findings.extend(await _deliver(client, own, source, errors, random.Random(seed)))  # noqa: S311 - test data
        for message, queue in queues:
            findings.extend(_published(message, queue))
    return findings


def published_messages(target: EventTarget, drive: Callable[[], None]) -> dict[str, list[Received]]:
    """What the service publishes on each of its channels (by address) while `drive` runs it.
    The app must be running, connected to the broker."""
    return asyncio.run(_collect(target, drive))


async def _collect(target: EventTarget, drive: Callable[[], None]) -> dict[str, list[Received]]:
    async with connected(target.kind, target.url, timeout=5.0) as client:
        queues = [(m.event, await client.subscribe(destination_of(m))) for m in target.sends]
        await asyncio.to_thread(drive)
        await asyncio.sleep(SETTLE)
    found: dict[str, list[Received]] = {}
    for event, queue in queues:
        while not queue.empty():
            found.setdefault(event, []).append(queue.get_nowait())
    return found


async def _deliver(
    client: BrokerClient, own: EventMessage, source: EventMessage, errors: _HandlerErrors, rng: random.Random
) -> list[Finding]:
    """Deliver conforming messages one at a time; each exception logged meanwhile is its handler's."""
    schema = payload_schema(source, "response")
    if schema is None:
        return []
    from accord.mocks.datagen import generate

    found = []
    for _ in range(PER_CHANNEL):
        payload: Any = generate(schema, rng, dynamic=True)
        seen = len(errors.records)
        await client.publish(destination_of(own), payload, content_type=source.content_type)
        deadline = time.monotonic() + SETTLE
        while len(errors.records) == seen and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        with errors.guard:
            raised = errors.records[seen:]
        for record in raised[:1]:
            text = f"{own.label}: the handler raised {_last_frame(record)}\n  payload: {shown(payload)}"
            found.append(run_finding(own, "event.handler-error", text))
        if raised:
            break  # one finding per channel: the next messages would repeat it
    return found


def _exchange(target: EventTarget) -> str | None:
    exchanges = [destination_of(m).exchange for m in target.sends]
    return next((e for e in exchanges if e), None)


def _undeclared(target: EventTarget, queue: asyncio.Queue[Received]) -> list[Finding]:
    """Messages sent while the service was driven on a channel no contract of the system
    declares. A shared broker carries other systems' traffic too: only channels whose first word
    is the service's name or that of one of its events are taken for the service's own."""
    words = {target.service} | {m.event.split(".")[0] for m in target.sends}
    found: dict[str, Finding] = {}
    while not queue.empty():
        got = queue.get_nowait()
        channel = got.channel or ""
        if channel in target.declared or channel.split(".")[0] not in words or channel in found:
            continue
        anchor = (*target.sends, *(own for own, _ in target.receives))[0]
        text = (
            f"{target.service} published on {channel!r}, which its AsyncAPI contract does not declare\n"
            f"  payload: {shown(got.body)}"
        )
        found[channel] = anchor.contract.finding(
            "event.undeclared-channel",
            DRIVEN_RULES.get("event.undeclared-channel").severity,
            text,
            "/channels",
        )
    return list(found.values())


def _published(message: EventMessage, queue: asyncio.Queue[Received]) -> list[Finding]:
    found: list[Finding] = []
    seen = 0
    while not queue.empty():
        found.extend(message_findings(message, queue.get_nowait()))
        seen += 1
    if not seen:
        text = f"{message.label}: not published while the service was driven"
        found.append(run_finding(message, "event.not-published", text))
    return found


READINESS_PATHS = ("/readyz", "/ready", "/health/ready")


def wait_ready(base_url: str, timeout: float = 15.0) -> None:
    """Wait while the served app says it is not ready (503 from a readiness path): a service
    that connects to its broker in the background publishes nothing before."""
    import httpx

    deadline = time.monotonic() + timeout
    for path in READINESS_PATHS:
        while time.monotonic() < deadline:
            try:
                status = httpx.get(base_url + path, timeout=2.0).status_code
            except httpx.HTTPError:
                status = 503
            if status != 503:
                break
            time.sleep(0.1)
        if status < 400:
            return
