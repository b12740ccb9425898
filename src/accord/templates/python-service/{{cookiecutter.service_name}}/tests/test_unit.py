"""Unit tests of the HTTP API and the service's building blocks."""

from __future__ import annotations

import json
import logging
{%- if cookiecutter.broker != "none" %}
import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
{%- endif %}

from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.log import JsonFormatter
from {{ cookiecutter.package_name }}.settings import Settings

ROUTE = "{{ cookiecutter.route }}"
{%- if cookiecutter.broker != "none" %}
ROOT = Path(__file__).resolve().parent.parent
BROKER_URL = {{ {"rabbitmq": "amqp://127.0.0.1:{port}/", "kafka": "127.0.0.1:{port}", "nats": "nats://127.0.0.1:{port}", "redis": "redis://127.0.0.1:{port}"}[cookiecutter.broker] | tojson }}
{%- endif %}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
{%- if "http" in cookiecutter.api %}


def test_create_then_read_an_item(client: TestClient) -> None:
    created = client.post(f"{ROUTE}/items", json={"name": "first"})
    assert created.status_code == 201
    item = created.json()
    assert item["name"] == "first"
    assert client.get(f"{ROUTE}/items/{item['id']}").json() == item
    assert item in client.get(f"{ROUTE}/items").json()


def test_unknown_item_is_404(client: TestClient) -> None:
    assert client.get(f"{ROUTE}/items/no-such-item").status_code == 404


def test_invalid_item_is_rejected(client: TestClient) -> None:
    assert client.post(f"{ROUTE}/items", json={"name": ""}).status_code == 422
    assert client.post(f"{ROUTE}/items", json={"title": "x"}).status_code == 422
{%- endif %}


def test_settings_come_from_the_environment(monkeypatch: object) -> None:
    monkeypatch.setenv("PORT", "9123")  # type: ignore[attr-defined]
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")  # type: ignore[attr-defined]
    settings = Settings()
    assert settings.port == 9123
    assert settings.log_level == "DEBUG"


def test_logs_are_json_lines() -> None:
    record = logging.LogRecord("svc", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    record.item_id = "7"
    entry = json.loads(JsonFormatter("{{ cookiecutter.service_name }}").format(record))
    assert entry["message"] == "hello world"
    assert entry["level"] == "info"
    assert entry["service"] == "{{ cookiecutter.service_name }}"
    assert entry["item_id"] == "7"
{%- if cookiecutter.broker != "none" %}


def _start(broker_url: str, tmp_path: Path) -> tuple[subprocess.Popen[bytes], str, Path]:
    """The service as a process, pointed at `broker_url`; its log goes to a file."""
    port = _free_port()
    log = tmp_path / "service.log"
    env = {**os.environ, "BROKER_CONNECT": "true", "BROKER_MODE": "real", "BROKER_URL": broker_url}
    env |= {"BROKER_CONNECT_TIMEOUT": "1", "LOG_LEVEL": "INFO"}
    command = [sys.executable, "-m", "uvicorn", "{{ cookiecutter.package_name }}.app:app", "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}", log


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_health(base: str) -> None:
    deadline = time.monotonic() + 40  # start-up imports FastStream{% if "grpc" in cookiecutter.api %} and grpcio{% endif %}; shared CI cores are slow
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError("the service never answered /healthz")


@pytest.mark.parametrize("broker", ["closed", "silent"])
def test_a_broker_that_is_down_or_silent_leaves_the_service_alive_but_not_ready(
    broker: str, tmp_path: Path
) -> None:
    # "closed": nothing listens on the port; "silent": a socket accepts and never answers.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        if broker == "silent":
            listener.listen()
        else:
            listener.close()
        process, base, log = _start(BROKER_URL.format(port=port), tmp_path)
        try:
            _wait_for_health(base)
            deadline = time.monotonic() + 30  # one attempt, its timeout, and a slow machine
            while "broker unreachable, retrying" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert "broker unreachable, retrying" in log.read_text()
            assert httpx.get(f"{base}/healthz", timeout=5).status_code == 200
            assert httpx.get(f"{base}/readyz", timeout=5).status_code == 503
{%- if "http" in cookiecutter.api %}
            created = httpx.post(f"{base}{ROUTE}/items", json={"name": "bolt"}, timeout=5)
            assert created.status_code == 503
            assert created.json() == {"detail": "not connected to the broker yet"}
{%- endif %}
        finally:
            process.terminate()
            process.wait(timeout=20)
    assert "Traceback" not in log.read_text()
{%- endif %}
