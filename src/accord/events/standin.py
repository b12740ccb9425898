"""Stand in for the publishers of every event a service subscribes to (`accord mocks up`): say
how to trigger each, and publish conforming messages of each every few seconds if asked."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import random
import threading
from dataclasses import dataclass, field

from accord.events.catalog import EventCatalog, EventMessage, event_catalog
from accord.events.client import BrokerClient, connected
from accord.events.payloads import payload_problems, sample
from accord.events.publish import broker_url, destination_of
from accord.manifest import Workspace

__all__ = ["EventEmitter", "PeriodicPublisher", "StandIn", "stand_in"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StandIn:
    """The messages to publish for `service`: for each event it receives, a publisher's message
    (its own declared message when no service's AsyncAPI sends the event)."""

    service: str
    events: tuple[EventMessage, ...]

    def triggers(self) -> list[str]:
        return [
            f"accord events publish {m.event}" + (f" --service {m.service}" if m.action == "send" else "")
            for m in self.events
        ]


def stand_in(workspace: Workspace, service: str) -> StandIn:
    workspace.service(service)  # an unknown name is a clear error
    catalog = event_catalog(workspace)
    chosen = []
    for own in catalog.of_service(service, "receive"):
        publishers = catalog.senders(own.event)
        chosen.append(publishers[0] if publishers else own)
    return StandIn(service, tuple(chosen))


@dataclass
class PeriodicPublisher:
    """Publishes one generated message of each event every `every` seconds, in a thread of its
    own, until `stop`; a broker that cannot be reached ends it with `error` set."""

    stand_in: StandIn
    every: float
    seed: int = 0
    published: int = 0
    error: Exception | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="accord-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        try:
            asyncio.run(self._loop())
        except Exception as exc:  # handed to the caller, who reports it
            self.error = exc

    async def _loop(self) -> None:
        rng = random.Random(self.seed)  # noqa: S311 - test data
        clients: dict[tuple[str, str], BrokerClient] = {}
        async with contextlib.AsyncExitStack() as stack:
            for message in self.stand_in.events:
                key = (message.broker.kind, broker_url(message))
                if key not in clients:
                    clients[key] = await stack.enter_async_context(connected(*key, timeout=5.0))
            while not self._stop.is_set():
                for message in self.stand_in.events:
                    body, headers = sample(message, generate=not message.examples(), rng=rng)
                    client = clients[(message.broker.kind, broker_url(message))]
                    await client.publish(
                        destination_of(message), body, headers=headers, content_type=message.content_type
                    )
                    self.published += 1
                await asyncio.to_thread(self._stop.wait, self.every)


class EventEmitter:
    """After a mocked operation that declares `x-accord-emits: [EVENT]` answered, publish a
    conforming EVENT message built from the request where the schemas share field names
    (a generated payload with the request's values laid over it, kept only if it conforms)."""

    def __init__(self, catalog: EventCatalog, seed: int = 0) -> None:
        self.catalog = catalog
        self.rng = random.Random(seed)  # noqa: S311 - test data
        self.published = 0
        self._loop = asyncio.new_event_loop()
        self._clients: dict[tuple[str, str], BrokerClient] = {}
        self._stack = contextlib.AsyncExitStack()
        self._thread = threading.Thread(target=self._loop.run_forever, name="accord-emits", daemon=True)
        self._pending: list[concurrent.futures.Future[None]] = []

    def __enter__(self) -> EventEmitter:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        # Messages of the last answers are still on their way (the first connects the client).
        concurrent.futures.wait(self._pending, timeout=15)
        asyncio.run_coroutine_threadsafe(self._stack.aclose(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __call__(self, event: str, request: object) -> None:
        senders = self.catalog.senders(event)
        if not senders:
            log.warning("x-accord-emits: no AsyncAPI contract sends %s; nothing published", event)
            return
        message = senders[0]
        body = self._payload(message, request)
        self._pending.append(asyncio.run_coroutine_threadsafe(self._publish(message, body), self._loop))
        self._pending = [f for f in self._pending if not f.done()]

    def _payload(self, message: EventMessage, request: object) -> object:
        generated, _ = sample(message, generate=True, rng=self.rng)
        if not (isinstance(generated, dict) and isinstance(request, dict)):
            return generated
        merged = {**generated, **{k: v for k, v in request.items() if k in generated}}
        return merged if not payload_problems(message, merged) else generated

    async def _publish(self, message: EventMessage, body: object) -> None:
        key = (message.broker.kind, broker_url(message))
        try:
            if key not in self._clients:
                self._clients[key] = await self._stack.enter_async_context(connected(*key, timeout=5.0))
            await self._clients[key].publish(destination_of(message), body, content_type=message.content_type)
            self.published += 1
            log.info("published %s after the mocked operation", message.event)
        except Exception as exc:  # the mock keeps answering; the log says why nothing arrived
            log.error("x-accord-emits: publishing %s failed: %s", message.event, exc)
