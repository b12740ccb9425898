"""`accord events publish`: messages that conform to the publisher's AsyncAPI, on its real broker."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass
from typing import Any

from accord.events.bulk import FAST_KINDS, publish_bulk, publish_direct
from accord.events.catalog import EventMessage, event_catalog
from accord.events.client import BrokerClient, connected, shown_url
from accord.events.destinations import DEFAULT_URLS, Destination, destination
from accord.events.payloads import sample
from accord.manifest import Workspace

__all__ = [
    "PublishOptions",
    "PublishResult",
    "broker_url",
    "destination_of",
    "publish_event",
    "publish_messages",
]

DISTINCT = 256  # generated payloads at most; a larger --count repeats them in order


@dataclass(frozen=True, kw_only=True)
class PublishOptions:
    service: str | None = None
    example: str | None = None
    data: str | None = None
    generate: bool = False
    count: int = 1
    seed: int = 0
    timeout: float = 5.0
    url: str | None = None
    memory: bool = False  # FastStream's in-memory broker (no server), e.g. for Kafka in tests


@dataclass(frozen=True)
class PublishResult:
    event: str
    service: str
    broker: str  # kind and URL, without credentials
    destination: str
    count: int
    elapsed: float

    @property
    def rate(self) -> float:
        return self.count / self.elapsed if self.elapsed > 0 else float("inf")


def broker_url(message: EventMessage, url: str | None = None) -> str:
    return url or message.broker.url or DEFAULT_URLS.get(message.broker.kind, "")


def destination_of(message: EventMessage) -> Destination:
    return destination(message.broker.kind, message.event, message.bindings)


def payloads(message: EventMessage, options: PublishOptions) -> list[tuple[Any, dict[str, str]]]:
    """Every message to send: the same example or data N times, or generated from one seed (at
    most DISTINCT different payloads, repeated in order: generating is slower than sending)."""
    generated = options.data is None and (
        options.generate or (options.example is None and not message.examples())
    )
    rng = random.Random(options.seed)  # noqa: S311 - test data, not secrets

    def one() -> tuple[Any, dict[str, str]]:
        return sample(message, example=options.example, data=options.data, generate=options.generate, rng=rng)

    if not generated:
        return [one()] * options.count
    distinct = [one() for _ in range(min(options.count, DISTINCT))]
    return [distinct[i % len(distinct)] for i in range(options.count)]


async def publish_messages(
    client: BrokerClient, message: EventMessage, messages: list[tuple[Any, dict[str, str]]]
) -> None:
    """Send them all, pipelined (see `bulk`); returns once the broker has confirmed every one."""
    await publish_bulk(client, destination_of(message), messages, content_type=message.content_type)


def publish_event(workspace: Workspace, event: str, options: PublishOptions) -> PublishResult:
    """Publish `count` conforming messages of `event` on the publisher's broker."""
    message = event_catalog(workspace).publisher(event, options.service)
    where = destination_of(message)  # an unusable broker kind fails before anything is built
    messages = payloads(message, options)
    url = broker_url(message, options.url)

    async def run() -> float:
        kind = message.broker.kind
        if kind in FAST_KINDS and not options.memory:
            started = time.perf_counter()
            type_ = message.content_type
            await publish_direct(kind, url, where, messages, content_type=type_, timeout=options.timeout)
            return time.perf_counter() - started
        async with connected(kind, url, timeout=options.timeout, memory=options.memory) as client:
            started = time.perf_counter()
            await publish_messages(client, message, messages)
            return time.perf_counter() - started

    elapsed = asyncio.run(run())
    return PublishResult(
        event,
        message.service,
        f"{message.broker.kind} {shown_url(url)}",
        where.describe(),
        len(messages),
        elapsed,
    )
