"""From an empty folder: init, two scaffolded services that pass their tests, talk through
RabbitMQ and answer through a real nginx. Needs RabbitMQ on 127.0.0.1:5672 and /usr/sbin/nginx."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from accord.apps import free_port
from accord.cli.app import app
from tests.scaffold.test_generated_services import run_service_tests

NGINX = "/usr/sbin/nginx"


def wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@contextmanager
def running(command: list[str], cwd: Path, env: dict[str, str], ready_url: str) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(ready_url, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def serve(service: Path, package: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        f"{package}.app:app",
        "--port",
        str(port),
        "--app-dir",
        str(service),
    ]


@pytest.mark.integration
@pytest.mark.slow
def test_empty_folder_to_two_services_talking_through_rabbitmq_behind_nginx(tmp_path: Path) -> None:
    runner = CliRunner()
    system = tmp_path / "shop"
    assert runner.invoke(app, ["init", str(system)]).exit_code == 0
    orders_port, billing_port, gateway_port = free_port(), free_port(), free_port()
    common = ["--workspace", str(system), "--no-input", "--broker", "rabbitmq", "--gateway", "nginx"]
    steps = [
        ["scaffold", "service", "orders", "--port", str(orders_port), *common],
        [
            "scaffold",
            "service",
            "billing",
            "--port",
            str(billing_port),
            "--subscribe",
            "orders.created",
            *common,
        ],
        ["gateway", "render", "--workspace", str(system), "--listen", str(gateway_port)],
    ]
    for argv in steps:
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, result.output

    services = [system / "services" / "orders", system / "services" / "billing"]
    tests = run_service_tests(services)
    assert tests.returncode == 0, tests.stdout[-4000:]

    env = {**os.environ, "LOG_LEVEL": "WARNING"}
    prefix = tmp_path / "nginx"
    (prefix / "tmp").mkdir(parents=True)
    nginx = [NGINX, "-p", str(prefix), "-c", str(system / "gateway" / "nginx.conf"), "-g", "daemon off;"]
    gateway = f"http://127.0.0.1:{gateway_port}"
    with (
        running(
            serve(services[0], "orders_service", orders_port),
            system,
            env,
            f"http://127.0.0.1:{orders_port}/readyz",
        ),
        running(
            serve(services[1], "billing_service", billing_port),
            system,
            env,
            f"http://127.0.0.1:{billing_port}/readyz",
        ),
        running(nginx, system, env, f"{gateway}/_gateway/health"),
    ):
        name = f"parcel-{uuid.uuid4().hex[:8]}"
        created = httpx.post(f"{gateway}/orders/items", json={"name": name}, timeout=5)
        assert created.status_code == 201, created.text
        item = created.json()
        assert httpx.get(f"{gateway}/orders/items/{item['id']}", timeout=5).json() == item
        expected = {"event": "orders.created", "body": {"id": item["id"], "name": name}}
        deadline = time.monotonic() + 15
        received: list[dict[str, object]] = []
        while expected not in received and time.monotonic() < deadline:
            received = httpx.get(f"{gateway}/billing/events", timeout=5).json()
            time.sleep(0.1)
        assert expected in received
