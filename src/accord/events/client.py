"""One FastStream client for every broker: connect within a timeout, publish, and subscribe with
temporary consumers (exclusive, auto-delete queues on RabbitMQ) that leave nothing behind."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.errors import ConfigError, ToolError
from accord.events.destinations import Destination
from accord.manifest.model import Broker

__all__ = [
    "BrokerClient",
    "BrokerLost",
    "Received",
    "connected",
    "require_url_of",
    "shown_url",
    "unreachable",
]


@dataclass(frozen=True)
class Received:
    """A message as it came off the broker: raw body, headers and declared content type."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    channel: str | None = None  # the routing key, subject or channel it came on


class BrokerLost(ToolError):
    """The broker went away while messages were awaited."""


def shown_url(url: str) -> str:
    """A broker URL without its user-info, fit for a message (credentials never printed)."""
    scheme, sep, rest = url.rpartition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"


def _quiet_logger() -> logging.Logger:
    """FastStream's per-message log lines would mix with the report: they go nowhere."""
    logger = logging.getLogger("accord.events.broker")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    return logger


def _new_broker(kind: str, url: str) -> Any:
    if kind == "rabbitmq":
        from faststream.rabbit import RabbitBroker

        return RabbitBroker(url, logger=_quiet_logger())
    if kind == "nats":
        from faststream.nats import NatsBroker

        return NatsBroker(url, logger=_quiet_logger())
    if kind == "redis":
        from faststream.redis import RedisBroker

        return RedisBroker(url, logger=_quiet_logger())
    from faststream.kafka import KafkaBroker

    return KafkaBroker(url, logger=_quiet_logger())


def _test_broker(kind: str, broker: Any) -> Any:
    if kind == "rabbitmq":
        from faststream.rabbit import TestRabbitBroker

        return TestRabbitBroker(broker)
    if kind == "nats":
        from faststream.nats import TestNatsBroker

        return TestNatsBroker(broker)
    if kind == "redis":
        from faststream.redis import TestRedisBroker

        return TestRedisBroker(broker)
    from faststream.kafka import TestKafkaBroker

    return TestKafkaBroker(broker)


class BrokerClient:
    """A connected broker: `publish` and `subscribe` by `Destination`."""

    def __init__(self, kind: str, url: str, broker: Any, *, memory: bool) -> None:
        self.kind, self.url, self.memory = kind, url, memory
        self._broker = broker
        self._declared: set[str] = set()

    async def publish(
        self, where: Destination, body: Any, *, headers: Mapping[str, str] | None = None, content_type: str
    ) -> None:
        """Send one message; a JSON body is encoded by FastStream, others are sent as bytes."""
        options: dict[str, Any] = {"headers": dict(headers or {})}
        if not isinstance(body, dict | list) or "json" not in content_type:
            body = body if isinstance(body, bytes) else str(body).encode()
            if self.kind == "rabbitmq":
                options["content_type"] = content_type
            else:  # the other clients carry the content type as a header
                options["headers"]["content-type"] = content_type
        await self._broker.publish(body, **options, **await self._target(where))

    async def _target(self, where: Destination) -> dict[str, Any]:
        if self.kind == "rabbitmq":
            exchange = self._exchange(where)
            if exchange is not None and not self.memory and where.exchange not in self._declared:
                await self._broker.declare_exchange(
                    exchange
                )  # publishing to a missing one closes the channel
                self._declared.add(str(where.exchange))
            return {"routing_key": where.address, "exchange": exchange}
        key = {"nats": "subject", "redis": "channel", "kafka": "topic"}[self.kind]
        return {key: where.address}

    def _exchange(self, where: Destination) -> Any:
        from faststream.rabbit import ExchangeType, RabbitExchange

        if not where.exchange:
            return None
        return RabbitExchange(
            where.exchange, type=ExchangeType(where.exchange_type), durable=where.exchange_durable
        )

    async def subscribe(self, where: Destination) -> asyncio.Queue[Received]:
        """A temporary consumer of `where`; every message it receives is put on the queue."""
        queue: asyncio.Queue[Received] = asyncio.Queue()
        # The raw body, never decoded by FastStream: a body that is not JSON must still arrive.
        subscriber = self._broker.subscriber(
            *self._source(where), persistent=False, decoder=_raw_body, **self._in_order()
        )
        subscriber(_collector(queue))
        await subscriber.start()
        if self.kind == "redis" and not self.memory:
            await asyncio.sleep(0.05)  # a Redis SUBSCRIBE is confirmed asynchronously
        if self.kind == "nats" and not self.memory:
            # SUB is only written; once the server answers a PING after it, it delivers to us.
            await self._broker.connection.flush()
        return queue

    async def subscribe_all(self, exchange: str | None) -> asyncio.Queue[Received] | None:
        """Every message on the broker (RabbitMQ: on `exchange`), or None where that cannot be
        asked for (Kafka). For noticing publishes on channels nobody declared."""
        if self.kind == "kafka" or (self.kind == "rabbitmq" and not exchange):
            return None
        address = {"rabbitmq": "#", "nats": ">"}.get(self.kind)
        if address is not None:
            return await self.subscribe(Destination(self.kind, address, exchange=exchange))
        from faststream.redis import PubSub

        queue: asyncio.Queue[Received] = asyncio.Queue()
        subscriber = self._broker.subscriber(
            channel=PubSub("*", pattern=True), persistent=False, decoder=_raw_body
        )
        subscriber(_collector(queue))
        await subscriber.start()
        await asyncio.sleep(0.05)
        return queue

    def _in_order(self) -> dict[str, Any]:
        """RabbitMQ's client hands each delivery to a task of its own, so a burst can reach the
        queue out of order: on a channel of its own with one unacknowledged message at a time,
        the next is delivered only once the one before has been collected."""
        if self.kind != "rabbitmq" or self.memory:
            return {}
        from faststream.rabbit import Channel

        return {"channel": Channel(prefetch_count=1)}

    def _source(self, where: Destination) -> tuple[Any, ...]:
        if self.kind == "rabbitmq":
            from faststream.rabbit import RabbitQueue

            if not where.exchange:
                return (RabbitQueue(where.address, declare=False),)
            name = f"accord.listen.{where.address}.{uuid.uuid4().hex[:8]}"
            temporary = RabbitQueue(name, exclusive=True, auto_delete=True, routing_key=where.address)
            return (temporary, self._exchange(where))
        return (where.address,)


async def _raw_body(message: Any) -> Any:
    return message.body


def _collector(queue: asyncio.Queue[Received]) -> Any:
    from faststream import Context

    async def collect(message: Any = Context("message")) -> None:  # noqa: B008 - FastStream's injection
        headers = {str(k): str(v) for k, v in (message.headers or {}).items()}
        received = Received(
            bytes(message.body), headers, message.content_type or None, _channel(message.raw_message)
        )
        queue.put_nowait(received)

    return collect


def _channel(raw: Any) -> str | None:
    """Where a raw message of any client came: AMQP routing key, NATS subject, Redis channel, Kafka topic."""
    for name in ("routing_key", "subject", "topic"):
        value = getattr(raw, name, None)
        if isinstance(value, str):
            return value
    value = raw.get("channel") if isinstance(raw, dict) else None
    return value.decode() if isinstance(value, bytes) else value if isinstance(value, str) else None


def require_url_of(kind: str, url: str) -> None:
    """ConfigError (exit 2) for a URL of another broker's scheme, before any connection: its
    client would wait for the timeout and say only that it timed out."""
    problem = Broker(kind, url).url_problem()
    if problem:
        raise ConfigError(f"{shown_url(url)}: {problem}", hint=f"give the {kind} broker's URL")


# What each client says when the broker refuses the user or password of its URL.
_REFUSED = ("ACCESS_REFUSED", "Authorization Violation", "WRONGPASS", "NOAUTH", "invalid username-password")


def unreachable(kind: str, url: str, timeout: float, exc: BaseException) -> ToolError:
    """The error of a broker that did not answer: its URL (without credentials) and the cause."""
    cause = str(exc) or type(exc).__name__
    if any(marker in cause for marker in _REFUSED):
        return ToolError(
            f"the {kind} broker at {shown_url(url)} refused the credentials: {cause}",
            hint="check the user and password in the service's `broker.url` in accord.yaml (or --url)",
        )
    return ToolError(
        f"cannot reach the {kind} broker at {shown_url(url)} within {timeout:g} s: {cause}",
        hint="start the broker, or point the service's `broker.url` in accord.yaml (or --url) at it",
    )


@contextlib.asynccontextmanager
async def connected(
    kind: str, url: str, *, timeout: float, memory: bool = False
) -> AsyncIterator[BrokerClient]:
    """A client of the broker at `url`; `memory`: FastStream's in-memory test broker instead.

    Raises ToolError (exit 2) naming the URL and the cause when no connection is made in time.
    """
    require_url_of(kind, url)
    broker = _new_broker(kind, url)
    if memory:
        async with _test_broker(kind, broker):
            yield BrokerClient(kind, url, broker, memory=True)
        return
    try:
        await asyncio.wait_for(broker.start(), timeout=timeout)
        if not await asyncio.wait_for(broker.ping(timeout=timeout), timeout=timeout):
            raise ConnectionError("no answer to a ping")
    except (OSError, TimeoutError, ConnectionError, Exception) as exc:  # every client raises its own
        with contextlib.suppress(Exception):
            await asyncio.wait_for(broker.stop(), timeout=1.0)
        raise unreachable(kind, url, timeout, exc) from None
    try:
        yield BrokerClient(kind, url, broker, memory=False)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(broker.stop(), timeout=5.0)
