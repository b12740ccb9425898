"""`contracts test` runs a service whose broker is unreachable on FastStream's in-memory broker."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from tests.rabbitmq import RABBITMQ
from tests.runtime.conftest import FAST, KAFKA, System

pytestmark = pytest.mark.slow  # each test runs accord in a process of its own, as a user does


def test_kafka_services_without_a_kafka_server_fall_back_to_memory(system: System) -> None:
    system.use_broker(KAFKA["kind"], KAFKA["url"])
    system.scaffold("ka")
    system.scaffold("kb", "--subscribe", "ka.created")
    system.depends_on("kb", "ka")  # ka is tested, then served for kb: three apps, one note

    run = system.accord("contracts", "test", *FAST)

    assert run.code == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["findings"] == []
    notes = [line for line in run.stderr.splitlines() if line.startswith("note:")]
    fallback = "kafka broker at 127.0.0.1:9092 unreachable (Connection refused)"
    assert notes == [f"note: {fallback}; the apps use the in-memory broker"]


def test_broker_memory_is_chosen_without_a_note(system: System) -> None:
    system.use_broker(KAFKA["kind"], KAFKA["url"])
    system.scaffold("ka")

    run = system.accord("contracts", "test", "ka", "--broker", "memory", *FAST)

    assert run.code == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["findings"] == []
    assert "note:" not in run.stderr


def test_broker_real_without_a_server_is_exit_2_naming_it(system: System) -> None:
    """Asked for the real broker, which is down: testing the HTTP part alone would pass without
    a word that the events went unchecked, so nothing runs."""
    system.use_broker(KAFKA["kind"], KAFKA["url"])
    system.scaffold("ka")

    run = system.accord("contracts", "test", "ka", "--broker", "real", *FAST)

    assert run.code == 2
    assert run.stdout == ""
    assert "--broker real: the kafka broker at 127.0.0.1:9092 cannot be reached" in run.stderr
    assert "so the events of ka cannot be checked" in run.stderr
    assert "pass --broker auto (or memory) to test the HTTP part alone" in run.stderr
    assert "Traceback" not in run.stderr


class Tap:
    """A queue bound to the system's `events` exchange: what reaches the real RabbitMQ server."""

    def __init__(self, routing_key: str) -> None:
        self.routing_key = routing_key
        self.queue = f"accord-test-tap-{routing_key}"

    def bind(self) -> None:
        asyncio.run(self._call(purge=False))

    def count(self) -> int:
        return asyncio.run(self._call(purge=True))

    async def _call(self, *, purge: bool) -> int:
        import aio_pika

        connection = await aio_pika.connect(RABBITMQ)
        async with connection:
            channel = await connection.channel()
            exchange = await channel.declare_exchange("events", aio_pika.ExchangeType.TOPIC, durable=True)
            queue = await channel.declare_queue(self.queue, auto_delete=False)
            await queue.bind(exchange, self.routing_key)
            if not purge:
                return 0
            count = queue.declaration_result.message_count or 0
            await queue.delete(if_unused=False, if_empty=False)
            return count


@pytest.fixture
def rabbit_service(system: System) -> Iterator[tuple[System, str, Tap]]:
    name = f"rb{system.suffix}"
    system.scaffold(name, "--broker", "rabbitmq")
    tap = Tap(f"{name}.created")
    tap.bind()
    yield system, name, tap
    tap.count()  # deletes the queue


@pytest.mark.integration
def test_a_rabbitmq_service_publishes_to_the_real_broker_by_default(
    rabbit_service: tuple[System, str, Tap],
) -> None:
    system, name, tap = rabbit_service

    run = system.accord("contracts", "test", name, *FAST)

    assert run.code == 0, run.stdout + run.stderr
    assert "note:" not in run.stderr
    assert tap.count() > 0


@pytest.mark.integration
def test_a_rabbitmq_service_in_memory_publishes_nothing_to_the_server(
    rabbit_service: tuple[System, str, Tap],
) -> None:
    system, name, tap = rabbit_service

    run = system.accord("contracts", "test", name, "--broker", "memory", *FAST)

    assert run.code == 0, run.stdout + run.stderr
    assert json.loads(run.stdout)["findings"] == []
    assert tap.count() == 0


def test_ci_falls_back_to_memory_and_takes_the_broker_option(system: System) -> None:
    system.use_broker(KAFKA["kind"], KAFKA["url"])
    system.scaffold("ka")
    step = ("ci", "--steps", "contracts-test", "--max-examples", "3", "--format", "json")

    auto = system.accord(*step)
    memory = system.accord(*step, "--broker", "memory")

    assert auto.code == 0, auto.stdout + auto.stderr
    assert json.loads(auto.stdout)["findings"] == []
    assert "note: kafka broker at 127.0.0.1:9092 unreachable" in auto.stderr
    assert memory.code == 0, memory.stdout + memory.stderr
    assert json.loads(memory.stdout)["findings"] == []
    assert "note:" not in memory.stderr
