"""Where an event lives on each broker.

The AsyncAPI channel's bindings decide when present; otherwise the convention the scaffolded
services use: RabbitMQ, one durable topic exchange `events` with the event's name as routing
key (each subscribing service binds its own queue); NATS, the subject; Redis, the pub/sub
channel; Kafka, the topic, each named after the event (the channel address).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.errors import ConfigError

__all__ = ["BROKER_KINDS", "DEFAULT_URLS", "EVENTS_EXCHANGE", "Destination", "destination"]

EVENTS_EXCHANGE = "events"
BROKER_KINDS = ("rabbitmq", "kafka", "nats", "redis")
DEFAULT_URLS = {
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672/",
    "kafka": "127.0.0.1:9092",
    "nats": "nats://127.0.0.1:4222",
    "redis": "redis://127.0.0.1:6379",
}


@dataclass(frozen=True)
class Destination:
    """One event's place on one broker: the routing key, subject, channel or topic."""

    kind: str
    address: str
    exchange: str | None = None  # RabbitMQ: the exchange ("" is the default exchange)
    exchange_type: str = "topic"
    exchange_durable: bool = True

    def describe(self) -> str:
        if self.kind == "rabbitmq":
            if not self.exchange:
                return f"queue {self.address!r} (default exchange)"
            return f"exchange {self.exchange!r} ({self.exchange_type}), routing key {self.address!r}"
        noun = {"nats": "subject", "redis": "channel", "kafka": "topic"}[self.kind]
        return f"{noun} {self.address!r}"


def destination(kind: str, address: str, bindings: dict[str, Any] | None = None) -> Destination:
    """The destination of the channel `address` on a broker of `kind`, from its bindings."""
    if kind not in BROKER_KINDS:
        raise ConfigError(
            f"events need a broker: the service's broker kind is {kind!r}",
            hint=f"set `broker.kind` in accord.yaml to one of {', '.join(BROKER_KINDS)}",
        )
    bindings = bindings or {}
    if kind == "rabbitmq":
        return _amqp(address, _binding(bindings, "amqp"))
    if kind == "kafka":
        topic = _binding(bindings, "kafka").get("topic")
        return Destination(kind, str(topic or address))
    return Destination(kind, address)


def _binding(bindings: dict[str, Any], protocol: str) -> dict[str, Any]:
    value = bindings.get(protocol)
    return value if isinstance(value, dict) else {}


def _amqp(address: str, binding: dict[str, Any]) -> Destination:
    """AMQP channel binding: `is: routingKey` with an `exchange`, or `is: queue` (default exchange)."""
    exchange, queue = _binding(binding, "exchange"), _binding(binding, "queue")
    if binding.get("is") == "queue":
        return Destination("rabbitmq", str(queue.get("name") or address), exchange="")
    if not exchange:
        return Destination("rabbitmq", address, exchange=EVENTS_EXCHANGE)
    return Destination(
        "rabbitmq",
        address,
        exchange=str(exchange.get("name") or EVENTS_EXCHANGE),
        exchange_type=str(exchange.get("type") or "topic"),
        exchange_durable=bool(exchange.get("durable", True)),
    )
