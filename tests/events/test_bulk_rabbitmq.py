"""Many messages to the real RabbitMQ through `publish_direct`: every one arrives, in order, with
its content type and headers; what the broker refuses is an error. The queues and exchanges
are made for each test and deleted after it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
import pytest

from accord.errors import ToolError
from accord.events.amqp import Confirms
from accord.events.bulk import publish_direct
from accord.events.destinations import Destination

pytestmark = pytest.mark.integration

URL = "amqp://guest:guest@127.0.0.1:5672/"


@asynccontextmanager
async def bound_queue(
    where: Destination, arguments: Mapping[str, Any] | None = None
) -> AsyncIterator[aio_pika.abc.AbstractQueue]:
    """A queue bound to `where` (its exchange declared as the publisher declares it), deleted after."""
    connection = await aio_pika.connect(URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(f"accord-test-{uuid.uuid4().hex[:8]}", arguments=arguments)
        exchange_type = aio_pika.ExchangeType(where.exchange_type)
        assert where.exchange
        exchange = await channel.declare_exchange(
            where.exchange, exchange_type, durable=where.exchange_durable
        )
        await queue.bind(exchange, where.address)
        try:
            yield queue
        finally:
            await queue.delete(if_unused=False, if_empty=False)
            await exchange.delete()


async def drain(queue: aio_pika.abc.AbstractQueue, count: int) -> list[aio_pika.abc.AbstractIncomingMessage]:
    received = []
    async with queue.iterator() as messages:
        async for message in messages:
            await message.ack()
            received.append(message)
            if len(received) == count:
                break
    return received


def destination(exchange_type: str = "topic") -> Destination:
    name = uuid.uuid4().hex[:8]
    return Destination(
        "rabbitmq", f"bulk.{name}", f"accord-test-{name}", exchange_type, exchange_durable=False
    )


def test_every_message_arrives_in_order_with_its_content_type_and_headers() -> None:
    where = destination()
    sent = [({"id": str(i), "name": "x" * (i % 7)}, {"x-seq": str(i)} if i % 3 else {}) for i in range(2000)]

    async def run() -> list[aio_pika.abc.AbstractIncomingMessage]:
        async with bound_queue(where) as queue:
            await publish_direct("rabbitmq", URL, where, sent, content_type="application/json", timeout=5)
            return await asyncio.wait_for(drain(queue, len(sent)), timeout=60)

    received = asyncio.run(run())

    assert [m.body for m in received] == [
        f'{{"id":"{i}","name":"{"x" * (i % 7)}"}}'.encode() for i in range(2000)
    ]
    assert {m.content_type for m in received} == {"application/json"}
    assert [m.headers for m in received] == [headers for _, headers in sent]
    assert len({m.message_id for m in received}) == len(sent)


def test_a_body_larger_than_a_frame_arrives_whole() -> None:
    where = destination()
    body = bytes(range(256)) * 2000  # 512,000 bytes: several frames of the broker's frame_max

    async def run() -> bytes:
        async with bound_queue(where) as queue:
            await publish_direct(
                "rabbitmq", URL, where, [(body, {})], content_type="application/octet-stream", timeout=5
            )
            (message,) = await asyncio.wait_for(drain(queue, 1), timeout=30)
            return message.body

    assert asyncio.run(run()) == body


def test_messages_the_broker_refuses_are_an_error() -> None:
    # A queue that takes 10 and refuses the rest: the broker nacks those publishes.
    where = destination()
    full = {"x-max-length": 10, "x-overflow": "reject-publish"}

    async def run() -> None:
        async with bound_queue(where, full):
            await publish_direct(
                "rabbitmq", URL, where, [(b"{}", {})] * 50, content_type="application/json", timeout=5
            )

    with pytest.raises(ToolError, match="the rabbitmq broker refused message"):
        asyncio.run(run())


def test_an_exchange_declared_otherwise_is_an_error_with_the_brokers_reason() -> None:
    where = destination("fanout")

    async def run() -> None:
        async with bound_queue(where):
            topic = Destination("rabbitmq", where.address, where.exchange, "topic", exchange_durable=False)
            await publish_direct(
                "rabbitmq", URL, topic, [(b"{}", {})], content_type="application/json", timeout=5
            )

    with pytest.raises(ToolError, match="406 PRECONDITION_FAILED - inequivalent arg 'type'"):
        asyncio.run(run())


def test_a_queue_through_the_default_exchange() -> None:
    async def run() -> list[bytes]:
        connection = await aio_pika.connect(URL)
        async with connection:
            queue = await (await connection.channel()).declare_queue(f"accord-test-{uuid.uuid4().hex[:8]}")
            try:
                where = Destination("rabbitmq", queue.name, exchange="")
                sent = [(str(i).encode(), {}) for i in range(100)]
                await publish_direct("rabbitmq", URL, where, sent, content_type="text/plain", timeout=5)
                return [m.body for m in await asyncio.wait_for(drain(queue, 100), timeout=30)]
            finally:
                await queue.delete(if_unused=False, if_empty=False)

    assert asyncio.run(run()) == [str(i).encode() for i in range(100)]


def test_confirms_one_by_one_out_of_order_and_multiple_count_each_message_once() -> None:
    async def run() -> list[int]:
        confirms = Confirms()
        confirms.sent = 6
        seen = [confirms.in_flight]
        for tag, multiple in ((2, False), (3, False), (1, False), (5, False), (4, True), (6, False)):
            confirms.ack(tag, multiple=multiple)
            seen.append(confirms.in_flight)
        await asyncio.wait_for(confirms.until_at_most(0), timeout=1)
        return seen

    assert asyncio.run(run()) == [6, 5, 4, 3, 2, 1, 0]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("amqp://guest:wrong@127.0.0.1:5672/", "403 ACCESS_REFUSED"),
        (
            "amqp://guest:guest@127.0.0.1:5672/no-such-vhost",
            "530 NOT_ALLOWED - vhost no-such-vhost not found",
        ),
    ],
)
def test_a_broker_that_refuses_the_connection_is_a_tool_error_with_its_reason(url: str, reason: str) -> None:
    where = destination()
    with pytest.raises(ToolError, match=reason):
        asyncio.run(
            publish_direct("rabbitmq", url, where, [(b"{}", {})], content_type="text/plain", timeout=5)
        )


def test_the_default_virtual_host_spelled_out_in_the_url() -> None:
    where = destination()

    async def run() -> int:
        async with bound_queue(where) as queue:
            url = "amqp://guest:guest@127.0.0.1:5672/%2F"
            await publish_direct(
                "rabbitmq", url, where, [(b"{}", {})] * 3, content_type="text/plain", timeout=5
            )
            return len(await asyncio.wait_for(drain(queue, 3), timeout=30))

    assert asyncio.run(run()) == 3
