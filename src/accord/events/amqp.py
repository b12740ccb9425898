"""Many messages to RabbitMQ with publisher confirms: AMQP 0-9-1 frames encoded by pamqp.

aio-pika and aiormq spend about 80 µs of Python on each confirmed publish (a message object, a
channel lock, two futures, a socket write), which held `events publish --count` to a few
thousand messages a second on a small machine. Here each message is encoded once by pamqp (the
codec aiormq itself uses) and written without waiting; the broker's confirms, one or `multiple`
at a time, are counted as they come. Every message is confirmed, or the publish fails: a nack,
a closed channel or a lost connection is an error. Only what a publisher needs: PLAIN login, a
virtual host, TLS for amqps://, one channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import struct
import uuid
from collections.abc import Sequence
from typing import TypeVar
from urllib.parse import SplitResult, unquote, urlsplit

from pamqp import commands as spec
from pamqp import frame, header
from pamqp.base import Frame
from pamqp.body import ContentBody
from pamqp.common import FieldTable

from accord.errors import ToolError
from accord.events.destinations import Destination

__all__ = ["WINDOW", "AmqpConnection", "publish_confirmed"]

WINDOW = 2048  # publishes awaiting their confirm at most; more only fill the broker's buffers
CHANNEL = 1
FRAME_HEADER = struct.Struct(">BHI")  # type, channel, size; then the payload and a frame-end byte
Received = frame.FrameTypes
M = TypeVar("M", bound=Frame)
# A refused login is then said (403 ACCESS_REFUSED) rather than the connection just closed.
CLIENT: FieldTable = {"product": "accord", "capabilities": {"authentication_failure_close": True}}


class AmqpConnection:
    """One connection to the broker with one channel in confirm mode."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.frame_max = 131072

    @classmethod
    async def open(cls, url: str) -> AmqpConnection:
        """Connect, log in and open the channel (the caller bounds the time it may take)."""
        address = urlsplit(url)
        secure = address.scheme == "amqps"
        reader, writer = await asyncio.open_connection(
            address.hostname or "localhost",
            address.port or (5671 if secure else 5672),
            ssl=ssl.create_default_context() if secure else None,
        )
        connection = cls(reader, writer)
        try:
            await connection._handshake(address)
        except BaseException:
            writer.close()
            raise
        return connection

    async def _handshake(self, address: SplitResult) -> None:
        self.writer.write(frame.marshal(header.ProtocolHeader(), 0))
        await self._expect(spec.Connection.Start)
        login = f"\0{unquote(address.username or 'guest')}\0{unquote(address.password or 'guest')}"
        self.send(0, spec.Connection.StartOk(client_properties=CLIENT, response=login))
        tune = await self._expect(spec.Connection.Tune)
        self.frame_max = tune.frame_max or self.frame_max
        # No heartbeats: the connection lives as long as one publish, which is never idle.
        self.send(
            0, spec.Connection.TuneOk(channel_max=tune.channel_max, frame_max=self.frame_max, heartbeat=0)
        )
        await self.call(
            0, spec.Connection.Open(virtual_host=unquote(address.path[1:]) or "/"), spec.Connection.OpenOk
        )
        await self.call(CHANNEL, spec.Channel.Open(), spec.Channel.OpenOk)
        await self.call(CHANNEL, spec.Confirm.Select(), spec.Confirm.SelectOk)

    def send(self, channel: int, method: Frame) -> None:
        self.writer.write(frame.marshal(method, channel))

    async def receive(self) -> Received:
        """The next frame from the broker; ConnectionError when the connection ends."""
        try:
            head = await self.reader.readexactly(FRAME_HEADER.size)
            rest = await self.reader.readexactly(FRAME_HEADER.unpack(head)[2] + 1)
        except asyncio.IncompleteReadError:
            raise ConnectionError("the broker closed the connection") from None
        return frame.unmarshal(head + rest)[2]

    async def call(self, channel: int, method: Frame, answer: type[M]) -> M:
        self.send(channel, method)
        return await self._expect(answer)

    async def _expect(self, answer: type[M]) -> M:
        received = await self.receive()
        if isinstance(received, answer):
            return received
        raise refused(received)

    async def declare_exchange(self, where: Destination) -> None:
        """As the services declare it: publishing to a missing exchange closes the channel."""
        if where.exchange:
            declare = spec.Exchange.Declare(
                exchange=where.exchange, exchange_type=where.exchange_type, durable=where.exchange_durable
            )
            await self.call(CHANNEL, declare, spec.Exchange.DeclareOk)

    async def close(self) -> None:
        """Say goodbye and wait (briefly) for the broker's answer; a dead connection just closes."""
        with contextlib.suppress(Exception):
            self.send(0, spec.Connection.Close(reply_code=200, reply_text="done", class_id=0, method_id=0))
            async with asyncio.timeout(1):
                while not isinstance(await self.receive(), spec.Connection.CloseOk):
                    pass
        self.writer.close()
        with contextlib.suppress(Exception):
            await self.writer.wait_closed()


def refused(received: Received) -> ToolError:
    """The error of an answer the broker should not have given: mostly a closed channel or
    connection, whose reply code and text say why (an exchange declared otherwise, a vhost
    that does not exist, access refused)."""
    if isinstance(received, spec.Connection.Close | spec.Channel.Close):
        return ToolError(f"the rabbitmq broker refused: {received.reply_code} {received.reply_text}")
    return ToolError(f"the rabbitmq broker answered {type(received).__name__} unexpectedly")


class Confirms:
    """The broker numbers a confirm channel's publishes 1, 2, ... and acks each, or all up to
    one with `multiple`; a nack, or anything that ends the channel, fails the publish."""

    def __init__(self) -> None:
        self.sent = 0
        self.confirmed = 0  # every tag up to this one is confirmed
        self.above: set[int] = set()  # tags confirmed one by one beyond `confirmed`
        self.failure: Exception | None = None
        self.changed = asyncio.Event()

    @property
    def in_flight(self) -> int:
        return self.sent - self.confirmed - len(self.above)

    def ack(self, tag: int, *, multiple: bool) -> None:
        if multiple:
            self.confirmed = max(self.confirmed, tag)
            self.above = {t for t in self.above if t > self.confirmed}
        else:
            self.above.add(tag)
        while self.confirmed + 1 in self.above:
            self.confirmed += 1
            self.above.remove(self.confirmed)
        self.changed.set()

    def fail(self, error: Exception) -> None:
        self.failure = self.failure or error
        self.changed.set()

    async def until_at_most(self, in_flight: int) -> None:
        while self.failure is None and self.in_flight > in_flight:
            self.changed.clear()
            await self.changed.wait()
        if self.failure is not None:
            raise self.failure


async def publish_confirmed(
    connection: AmqpConnection,
    where: Destination,
    messages: Sequence[tuple[bytes, dict[str, str]]],
    *,
    content_type: str,
) -> None:
    """Send every message in order, at most WINDOW unconfirmed; returns once all are confirmed."""
    publish = frame.marshal(
        spec.Basic.Publish(exchange=where.exchange or "", routing_key=where.address), CHANNEL
    )
    confirms = Confirms()
    listening = asyncio.create_task(_listen(connection, confirms))
    try:
        for body, headers in messages:
            connection.writer.write(publish + _content(body, headers, content_type, connection.frame_max))
            confirms.sent += 1
            await connection.writer.drain()  # at once, unless the broker reads slower than we write
            if confirms.in_flight >= WINDOW:
                await confirms.until_at_most(WINDOW // 2)
        await confirms.until_at_most(0)
    finally:
        listening.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await listening


async def _listen(connection: AmqpConnection, confirms: Confirms) -> None:
    try:
        while True:
            received = await connection.receive()
            if isinstance(received, spec.Basic.Ack):
                confirms.ack(received.delivery_tag, multiple=received.multiple)
            elif isinstance(received, spec.Basic.Nack):
                confirms.fail(_nacked(received.delivery_tag, multiple=received.multiple))
            else:
                confirms.fail(refused(received))
    except ConnectionError as exc:
        confirms.fail(ToolError(f"lost the connection to the rabbitmq broker: {exc}"))


def _nacked(tag: int, *, multiple: bool) -> ToolError:
    also = " and those before it not yet confirmed" if multiple else ""
    return ToolError(
        f"the rabbitmq broker refused message {tag}{also} (counting from 1)",
        hint="a queue bound to the destination may refuse new messages (x-overflow: reject-publish)",
    )


def _content(body: bytes, headers: dict[str, str], content_type: str, frame_max: int) -> bytes:
    """The content header and body frames of one message, properties as aio-pika gives them."""
    table: FieldTable = {**headers}
    properties = spec.Basic.Properties(
        content_type=content_type, headers=table or None, delivery_mode=1, message_id=uuid.uuid4().hex
    )
    frames = [frame.marshal(header.ContentHeader(0, len(body), properties), CHANNEL)]
    step = frame_max - 8  # a frame's header and end byte count against frame_max
    frames += (frame.marshal(ContentBody(body[i : i + step]), CHANNEL) for i in range(0, len(body), step))
    return b"".join(frames)
