"""A system scaffolded from an empty folder by accord itself: orders publishes over RabbitMQ and
billing subscribes; inventory publishes over NATS and shipping subscribes; stock over Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from accord.events import ListenOptions, ListenResult, listen_event
from accord.manifest import Workspace, find_workspace
from tests.rabbitmq import delete_queues

BROKER_VARIABLES = ("BROKER_MODE", "BROKER_URL", "BROKER_CONNECT")


def accord(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-m", "accord", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"accord {' '.join(args)}: {done.stdout}\n{done.stderr}"
    return done


@dataclass(frozen=True)
class EventSystem:
    root: Path
    suffix: str  # keeps queues, subjects and channels apart from other runs

    def name(self, service: str) -> str:
        return f"{service}{self.suffix}"

    def event(self, service: str) -> str:
        return f"{self.name(service)}.created"

    @property
    def workspace(self) -> Workspace:
        return find_workspace(explicit=self.root)

    def path(self, service: str) -> Path:
        return self.root / "services" / self.name(service)


@pytest.fixture(scope="session")
def event_system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EventSystem]:
    root = tmp_path_factory.mktemp("events") / "system"
    root.mkdir()
    made = EventSystem(root, uuid.uuid4().hex[:6])
    accord(root, "init")
    scaffold = ("scaffold", "service")
    accord(root, *scaffold, made.name("orders"), "--no-input")
    accord(root, *scaffold, made.name("billing"), "--no-input", "--subscribe", made.event("orders"))
    accord(root, *scaffold, made.name("inventory"), "--no-input", "--broker", "nats")
    accord(
        root,
        *scaffold,
        made.name("shipping"),
        "--no-input",
        "--broker",
        "nats",
        "--subscribe",
        made.event("inventory"),
    )
    accord(root, *scaffold, made.name("stock"), "--no-input", "--broker", "redis")
    yield made
    # billing's durable queue outlives its app on the shared broker; this run's names are its own.
    delete_queues([f"{made.name('billing')}.{made.event('orders')}"])


class Listener:
    """`listen_event` in a thread of its own; `start` returns once its consumer is subscribed."""

    def __init__(self, workspace: Workspace, event: str, options: ListenOptions) -> None:
        self.ready = threading.Event()
        self.result: ListenResult | None = None
        self.error: BaseException | None = None
        options = ListenOptions(**{**options.__dict__, "on_ready": lambda _: self.ready.set()})
        self._thread = threading.Thread(target=self._run, args=(workspace, event, options), daemon=True)

    def _run(self, workspace: Workspace, event: str, options: ListenOptions) -> None:
        try:
            self.result = listen_event(workspace, event, options)
        except BaseException as exc:  # handed to the test
            self.error = exc
        finally:
            self.ready.set()

    def start(self) -> Listener:
        self._thread.start()
        assert self.ready.wait(30), "the listener never subscribed"
        return self

    def join(self) -> ListenResult:
        self._thread.join(60)
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


@pytest.fixture
def listening() -> Iterator[type[Listener]]:
    yield Listener
