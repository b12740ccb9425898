"""Which broker an app under test gets: the configured one when it answers, else the in-memory one."""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.apps import free_port
from accord.contracts.provider_runtime import BrokerMode, RuntimeOptions, broker_unreachable, surroundings
from accord.manifest import Broker


@pytest.fixture
def listening() -> Iterator[int]:
    """A port something accepts connections on, as a broker would."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.mark.parametrize(
    ("kind", "url"),
    [
        ("rabbitmq", "amqp://guest:guest@127.0.0.1:{port}/"),
        ("kafka", "127.0.0.1:{port}"),
        ("kafka", "127.0.0.1:{port},127.0.0.2:9092"),
        ("nats", "nats://127.0.0.1:{port}"),
    ],
)
def test_a_listening_broker_is_reachable(listening: int, kind: str, url: str) -> None:
    assert broker_unreachable(kind, url.format(port=listening)) is None


def test_a_closed_port_is_unreachable_with_the_reason() -> None:
    assert broker_unreachable("redis", f"redis://127.0.0.1:{free_port()}") == "Connection refused"


@pytest.mark.parametrize(
    ("url", "reason"),
    [("amqp://127.0.0.1:99999/", "has no valid port"), ("http:///nowhere", "names no host and port")],
)
def test_a_malformed_url_is_unreachable_with_the_reason(url: str, reason: str) -> None:
    problem = broker_unreachable("rabbitmq", url)
    assert problem is not None and reason in problem


def run_mode(broker: Broker | None, mode: BrokerMode) -> tuple[str | None, list[str]]:
    with surroundings("orders", broker, (), RuntimeOptions(broker=mode)) as found:
        return os.environ.get("BROKER_MODE"), found.notes


def test_auto_falls_back_to_memory_with_one_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROKER_MODE", raising=False)
    monkeypatch.delenv("BROKER_URL", raising=False)
    url = f"127.0.0.1:{free_port()}"
    mode, notes = run_mode(Broker("kafka", url), BrokerMode.auto)
    assert mode == "memory"
    assert notes == [
        f"kafka broker at {url} unreachable (Connection refused); the apps use the in-memory broker"
    ]


def test_auto_keeps_a_reachable_broker_and_the_users_own_setting(
    monkeypatch: pytest.MonkeyPatch, listening: int
) -> None:
    monkeypatch.delenv("BROKER_URL", raising=False)
    monkeypatch.delenv("BROKER_MODE", raising=False)
    assert run_mode(Broker("nats", f"nats://127.0.0.1:{listening}"), BrokerMode.auto) == (None, [])
    monkeypatch.setenv("BROKER_MODE", "real")
    assert run_mode(Broker("kafka", f"127.0.0.1:{free_port()}"), BrokerMode.auto) == ("real", [])


def test_explicit_modes_and_brokerless_services(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BROKER_MODE", raising=False)
    assert run_mode(Broker("rabbitmq", "amqp://127.0.0.1:1/"), BrokerMode.memory) == ("memory", [])
    assert run_mode(Broker("rabbitmq", "amqp://127.0.0.1:1/"), BrokerMode.real) == ("real", [])
    assert run_mode(Broker("none"), BrokerMode.memory) == (None, [])
    assert run_mode(None, BrokerMode.memory) == (None, [])
    assert "BROKER_MODE" not in os.environ  # set for the run only


def _broker_url_seen(broker: Broker, mode: BrokerMode) -> str | None:
    with surroundings("orders", broker, (), RuntimeOptions(broker=mode)):
        return os.environ.get("BROKER_URL")


def test_on_the_real_broker_the_app_is_given_the_url_accord_probed(
    monkeypatch: pytest.MonkeyPatch, listening: int
) -> None:
    """accord probes and listens on accord.yaml's broker URL: the app gets the same one, not the
    default it was generated with; a BROKER_URL the user set wins; the in-memory broker needs none."""
    monkeypatch.delenv("BROKER_MODE", raising=False)
    monkeypatch.delenv("BROKER_URL", raising=False)
    url = f"nats://127.0.0.1:{listening}"
    assert _broker_url_seen(Broker("nats", url), BrokerMode.auto) == url
    assert _broker_url_seen(Broker("nats", url), BrokerMode.real) == url
    assert _broker_url_seen(Broker("nats", url), BrokerMode.memory) is None
    assert "BROKER_URL" not in os.environ  # set for the run only
    monkeypatch.setenv("BROKER_URL", "nats://elsewhere:4222")
    assert _broker_url_seen(Broker("nats", url), BrokerMode.real) == "nats://elsewhere:4222"


def test_the_apps_stdout_and_logging_go_to_its_log_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    handlers = root.handlers[:]
    options = RuntimeOptions(log_dir=tmp_path / "logs")
    with surroundings("orders", None, (), options) as found:
        # What a generated app does as it starts: a JSON log handler on stdout.
        root.handlers[:] = [logging.StreamHandler(sys.stdout)]
        root.warning('{"message": "started"}')
        print("a stray print")
    assert found.logs == [tmp_path / "logs" / "orders.log"]
    assert found.logs[0].read_text() == '{"message": "started"}\na stray print\n'
    assert root.handlers == handlers
