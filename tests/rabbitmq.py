"""The machine's shared RabbitMQ, as the tests leave it: queues they made are deleted."""

from __future__ import annotations

import asyncio

RABBITMQ = "amqp://guest:guest@127.0.0.1:5672/"  # the system's broker as `accord init` writes it


def delete_queues(names: list[str]) -> None:
    """Delete the named queues; one that is not there is fine (RabbitMQ says nothing)."""

    async def delete() -> None:
        import aio_pika

        connection = await aio_pika.connect(RABBITMQ, timeout=10)
        async with connection:
            channel = await connection.channel()
            for queue in names:
                await channel.queue_delete(queue)

    asyncio.run(delete())
