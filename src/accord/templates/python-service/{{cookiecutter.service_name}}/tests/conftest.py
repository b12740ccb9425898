"""Test setup: the app in process{% if cookiecutter.broker != "none" %}, with FastStream's in-memory test broker instead of a real one{% endif %}."""

from __future__ import annotations

import os
{%- if cookiecutter.broker != "none" %}
import asyncio
{%- endif %}
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

{%- if cookiecutter.broker != "none" %}

# Before the app is imported: tests never reach a real broker.
os.environ["BROKER_CONNECT"] = "false"
{%- endif %}
os.environ.setdefault("LOG_LEVEL", "WARNING")
{%- if "grpc" in cookiecutter.api %}
os.environ["GRPC_PORT"] = "0"  # each test app's gRPC server on a free port
{%- endif %}

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def contract_path() -> Path:
    return ROOT / "openapi.yaml"
{%- if cookiecutter.broker != "none" %}


class InMemoryBroker:
    """The service's broker patched by FastStream to deliver messages in memory."""

    def __init__(self, runner: asyncio.Runner) -> None:
        self.runner = runner

    def publish(self, body: object, **destination: object) -> None:
        from {{ cookiecutter.package_name }} import events

        self.runner.run(events.broker.publish(body, **destination))


@pytest.fixture
def test_broker() -> Iterator[InMemoryBroker]:
    from faststream.{{ {"rabbitmq": "rabbit", "kafka": "kafka", "nats": "nats", "redis": "redis"}[cookiecutter.broker] }} import Test{{ {"rabbitmq": "Rabbit", "kafka": "Kafka", "nats": "Nats", "redis": "Redis"}[cookiecutter.broker] }}Broker as TestBroker

    from {{ cookiecutter.package_name }} import events

    events.received.clear()
    patched = TestBroker(events.broker)
    with asyncio.Runner() as runner:
        runner.run(patched.__aenter__())
        try:
            yield InMemoryBroker(runner)
        finally:
            runner.run(patched.__aexit__(None, None, None))
{%- endif %}


@pytest.fixture
def client({% if cookiecutter.broker != "none" %}test_broker: InMemoryBroker{% endif %}) -> Iterator[TestClient]:
    from {{ cookiecutter.package_name }}.app import app

    with TestClient(app) as test_client:
        yield test_client
