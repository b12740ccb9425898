"""Stand in for the publishers of every event a service subscribes to (`accord mocks up`): say
how to trigger each, and publish conforming messages of each every few seconds if asked."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
from dataclasses import dataclass, field

from accord.events.catalog import EventMessage, event_catalog
from accord.events.client import BrokerClient, connected
from accord.events.payloads import sample
from accord.events.publish import broker_url, destination_of
from accord.manifest import Workspace

__all__ = ["PeriodicPublisher", "StandIn", "stand_in"]


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
