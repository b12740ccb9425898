"""Many messages to one destination, fast: `events publish --count N`.

FastStream's publish path (a command object, middlewares, a producer) costs more per message
than the broker needs, so for many messages to one place accord speaks to the broker's own
client on a connection of its own: on RabbitMQ, publishes written without waiting on a
channel with publisher confirms, every confirm counted (`amqp`: a message the broker refuses
is an error, nothing is lost silently); on NATS, publishes buffered by the client, then one
flush that the server answers. Bodies are encoded as `BrokerClient.publish` encodes them. The
other brokers, and the in-memory one, take the ordinary path.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Mapping, Sequence
from typing import Any, TypeVar

from accord.errors import ToolError
from accord.events.client import BrokerClient, require_url_of, unreachable
from accord.events.destinations import Destination

__all__ = ["FAST_KINDS", "WINDOW", "publish_bulk", "publish_direct"]

FAST_KINDS = ("rabbitmq", "nats")

WINDOW = 256  # the ordinary path: publishes in flight at once, awaited together
Outgoing = tuple[Any, Mapping[str, str]]  # body, headers
T = TypeVar("T")
Encoded = list[tuple[bytes, dict[str, str]]]


async def publish_bulk(
    client: BrokerClient, where: Destination, messages: Sequence[Outgoing], *, content_type: str
) -> None:
    """Send every message to `where`, in order of sending; returns once the broker has them all."""
    if not messages:
        return
    if client.memory or client.kind not in FAST_KINDS:
        for start in range(0, len(messages), WINDOW):
            window = messages[start : start + WINDOW]
            await asyncio.gather(
                *(client.publish(where, b, headers=h, content_type=content_type) for b, h in window)
            )
        return
    await publish_direct(client.kind, client.url, where, messages, content_type=content_type, timeout=30.0)


async def publish_direct(
    kind: str,
    url: str,
    where: Destination,
    messages: Sequence[Outgoing],
    *,
    content_type: str,
    timeout: float,
) -> None:
    """The same on a connection of its own, without FastStream (RabbitMQ or NATS): nothing of
    FastStream is imported or started, which `events publish` feels as a whole process.
    ToolError, as `connected` says it, when the broker does not answer within `timeout`."""
    require_url_of(kind, url)
    encoded = [(encode(body, content_type), dict(headers)) for body, headers in messages]
    if kind == "rabbitmq":
        await _amqp(url, where, encoded, content_type, timeout)
    else:
        await _nats(url, where, encoded, content_type, timeout)


def encode(body: Any, content_type: str) -> bytes:
    """The bytes on the wire: JSON for a JSON object or list under a JSON content type."""
    if isinstance(body, dict | list) and "json" in content_type:
        return json.dumps(body, separators=(",", ":")).encode()
    return body if isinstance(body, bytes) else str(body).encode()


async def _amqp(url: str, where: Destination, messages: Encoded, kind: str, timeout: float) -> None:
    from accord.events.amqp import AmqpConnection, publish_confirmed

    connection = await _connect("rabbitmq", url, timeout, AmqpConnection.open(url))
    try:
        await connection.declare_exchange(where)
        await publish_confirmed(connection, where, messages, content_type=kind)
    finally:
        await connection.close()


async def _nats(url: str, where: Destination, messages: Encoded, kind: str, timeout: float) -> None:
    import nats

    errors: list[Exception] = []

    async def noted(error: Exception) -> None:  # the client's own callback would print a traceback
        errors.append(error)

    servers = [part.strip() for part in url.split(",")]
    connect = nats.connect(
        servers, error_cb=noted, allow_reconnect=False, connect_timeout=timeout, max_reconnect_attempts=0
    )
    try:
        connection = await _connect("nats", url, timeout, connect)
    except ToolError:
        if not errors:
            raise
        raise unreachable("nats", url, timeout, errors[-1]) from None
    try:
        for body, headers in messages:
            await connection.publish(where.address, body, headers={"content-type": kind, **headers})
        await connection.flush(timeout=60)
    finally:
        await connection.close()


async def _connect(kind: str, url: str, timeout: float, connecting: Awaitable[T]) -> T:
    try:
        return await asyncio.wait_for(connecting, timeout=timeout)
    except Exception as exc:  # every client raises its own
        raise unreachable(kind, url, timeout, exc) from None
