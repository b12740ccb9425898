"""Broker wiring with FastStream ({{ cookiecutter.broker }}): what this service publishes and receives.

Keep asyncapi.yaml in step with this module: tests/test_events.py compares them.
"""

from __future__ import annotations

import logging
from typing import Any

{% if cookiecutter.broker == "rabbitmq" -%}
from faststream.rabbit import ExchangeType, RabbitBroker, RabbitExchange, RabbitQueue
{%- elif cookiecutter.broker == "kafka" -%}
from faststream.kafka import KafkaBroker
{%- elif cookiecutter.broker == "nats" -%}
from faststream.nats import NatsBroker
{%- elif cookiecutter.broker == "redis" -%}
from faststream.redis import RedisBroker
{%- endif %}

from {{ cookiecutter.package_name }}.models import ItemCreated
from {{ cookiecutter.package_name }}.settings import get_settings

SERVICE = "{{ cookiecutter.service_name }}"
ITEM_CREATED = "{{ cookiecutter.service_name }}.created"
# Events of other services this one listens to.
SUBSCRIBES: tuple[str, ...] = ({% for event in cookiecutter.subscribes.split(",") if event.strip() %}"{{ event.strip() }}", {% endfor %})

logger = logging.getLogger(__name__)
{% if cookiecutter.broker == "rabbitmq" %}
broker = RabbitBroker(get_settings().broker_url, logger=logger)
# One topic exchange for the system's events: every subscribing service gets its own queue.
EVENTS = RabbitExchange("events", type=ExchangeType.TOPIC, durable=True)
item_created = broker.publisher(
    ITEM_CREATED, exchange=EVENTS, schema=ItemCreated, title=ITEM_CREATED, description="An item was created."
)
{% elif cookiecutter.broker == "kafka" %}
broker = KafkaBroker(get_settings().broker_url, logger=logger)
item_created = broker.publisher(ITEM_CREATED, schema=ItemCreated, description="An item was created.")
{% elif cookiecutter.broker == "nats" %}
broker = NatsBroker(get_settings().broker_url, logger=logger)
item_created = broker.publisher(ITEM_CREATED, schema=ItemCreated, description="An item was created.")
{% elif cookiecutter.broker == "redis" %}
broker = RedisBroker(get_settings().broker_url, logger=logger)
item_created = broker.publisher(ITEM_CREATED, schema=ItemCreated, description="An item was created.")
{% endif %}
# What this service received, newest last (replace with your own handling).
received: list[dict[str, Any]] = []


def _subscribe(event: str) -> Any:
{%- if cookiecutter.broker == "rabbitmq" %}
    source = broker.subscriber(RabbitQueue(f"{SERVICE}.{event}", routing_key=event, durable=True), EVENTS)
{%- elif cookiecutter.broker == "kafka" %}
    source = broker.subscriber(event, group_id=SERVICE)
{%- elif cookiecutter.broker == "nats" %}
    source = broker.subscriber(event, queue=SERVICE)
{%- elif cookiecutter.broker == "redis" %}
    source = broker.subscriber(event)
{%- endif %}

    @source
    async def handle(body: dict[str, Any]) -> None:
        logger.info("event received", extra={"event": event})
        received.append({"event": event, "body": body})

    return handle


subscribers = {event: _subscribe(event) for event in SUBSCRIBES}


def in_memory() -> Any:
    """The broker patched by FastStream to deliver messages in memory: no broker server needed."""
{%- if cookiecutter.broker == "rabbitmq" %}
    from faststream.rabbit import TestRabbitBroker as TestBroker
{%- elif cookiecutter.broker == "kafka" %}
    from faststream.kafka import TestKafkaBroker as TestBroker
{%- elif cookiecutter.broker == "nats" %}
    from faststream.nats import TestNatsBroker as TestBroker
{%- elif cookiecutter.broker == "redis" %}
    from faststream.redis import TestRedisBroker as TestBroker
{%- endif %}

    return TestBroker(broker)


def shown_url() -> str:
    """The broker's URL without its user-info, fit for a log line."""
    url = get_settings().broker_url
    scheme, sep, rest = url.rpartition("://")
    return f"{scheme}{sep}{rest.rpartition('@')[2]}"


async def publish_item_created(event: ItemCreated) -> None:
    await item_created.publish(event)


def asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI 3.0 document FastStream derives from the code above."""
    from faststream.specification import AsyncAPI

    spec = AsyncAPI(broker, title=SERVICE, schema_version="3.0.0").to_specification()
    document: dict[str, Any] = spec.to_jsonable()
    return document
