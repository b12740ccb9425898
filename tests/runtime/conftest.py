"""A user's own system, built from an empty folder by accord itself, and accord run on it as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.rabbitmq import RABBITMQ, delete_queues

# Variables a developer may have set that would change which broker the apps under test use.
BROKER_VARIABLES = ("BROKER_MODE", "BROKER_URL", "BROKER_CONNECT")
KAFKA = {"kind": "kafka", "url": "127.0.0.1:9092"}  # nothing listens there on this machine
# A short, replayable `contracts test` with the report on stdout.
FAST = ("--max-examples", "3", "--seed", "1", "--format", "json")


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


class System:
    """A system folder made by `accord init`; every accord call is a real process, like a user's."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.suffix = uuid.uuid4().hex[:6]  # keeps queues and routing keys apart from other runs

    def accord(self, *args: str, timeout: float = 300) -> Run:
        env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
        command = [sys.executable, "-m", "accord", *args]
        done = subprocess.run(
            command, cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str) -> Run:
        run = self.accord(*args)
        assert run.code == 0, f"accord {' '.join(args)}: exit {run.code}\n{run.stdout}\n{run.stderr}"
        return run

    def scaffold(self, name: str, *options: str) -> Path:
        self.ok("scaffold", "service", name, "--no-input", *options)
        self._fresh_queues(name, options)
        return self.root / "services" / name

    def _fresh_queues(self, name: str, options: tuple[str, ...]) -> None:
        """Start a RabbitMQ subscriber without the backlog of earlier runs on this shared broker.

        Its queue (`SERVICE.EVENT`) is durable, and these systems reuse fixed names: messages
        that other runs published to the event since (a benchmark's 10,000) would all reach the
        app at start-up and keep it too busy to answer its HTTP tests in time.
        """

        def values(option: str) -> list[str]:
            return [options[i + 1] for i, given in enumerate(options[:-1]) if given == option]

        events = values("--subscribe")
        if not events or values("--broker") not in ([], ["rabbitmq"]):
            return
        text = (self.root / "accord.yaml").read_text()
        if "kind: rabbitmq" not in text or RABBITMQ not in text:
            return  # the system's broker was changed to another one
        delete_queues([f"{name}.{event}" for event in events])

    def use_broker(self, kind: str, url: str) -> None:
        """The system's broker, edited in accord.yaml as a user would before scaffolding."""
        manifest = self.root / "accord.yaml"
        text = manifest.read_text()
        start = text.index("\nbroker:\n")
        end = text.index("\n\n", start + 1)
        manifest.write_text(f"{text[:start]}\nbroker:\n  kind: {kind}\n  url: {url}{text[end:]}")

    def depends_on(self, service: str, *dependencies: str) -> None:
        """Add `depends_on: [...]` to a service's entry in accord.yaml."""
        manifest = self.root / "accord.yaml"
        text = manifest.read_text()
        entry = f"\n  {service}:\n    path: services/{service}\n"
        assert entry in text, f"{service} is not in accord.yaml"
        addition = f"{entry}    depends_on: [{', '.join(dependencies)}]\n"
        manifest.write_text(text.replace(entry, addition))


@pytest.fixture
def system(tmp_path: Path) -> System:
    root = tmp_path / "system"
    root.mkdir()
    made = System(root)
    made.ok("init")
    return made
