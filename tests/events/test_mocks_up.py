"""`accord mocks up SERVICE` stands in for the publishers of the events SERVICE subscribes to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accord.manifest import find_workspace
from tests.events.conftest import BROKER_VARIABLES, EventSystem
from tests.events.test_publish_listen import _received, _wait_ready

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_mocks_up_delivers_the_subscribed_events_to_the_real_subscriber(
    event_system: EventSystem, tmp_path: Path
) -> None:
    from accord.apps import serve_app_process

    billing, orders_event = event_system.name("billing"), event_system.event("orders")
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    served = serve_app_process(
        f"{billing}_service.app:app", event_system.path("billing"), env=env, log_file=tmp_path / "billing.log"
    )
    with served as url:
        _wait_ready(url)
        command = [sys.executable, "-c", "import time; time.sleep(3)"]
        done = subprocess.run(
            [sys.executable, "-m", "accord", "mocks", "up", billing, "--events-every", "0.5", "--", *command],
            cwd=event_system.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        orders = event_system.name("orders")
        assert f"event: accord events publish {orders_event} --service {orders}" in done.stderr
        received = _received(f"{url}/{billing}/events")
    assert received, "nothing arrived"
    for entry in received:
        assert isinstance(entry, dict) and entry["event"] == orders_event
        assert set(entry["body"]) >= {"id", "name"}  # conforming to orders' ItemCreated


def test_a_service_without_dependencies_nor_events_is_still_refused(event_system: EventSystem) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "accord", "mocks", "up", event_system.name("orders")],
        cwd=event_system.root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    refusal = "has no HTTP or gRPC dependencies (`depends_on` is empty) and subscribes to no event"
    assert refusal in done.stderr


def test_a_mocked_operation_that_emits_an_event_publishes_it_built_from_the_request(
    event_system: EventSystem, tmp_path: Path
) -> None:
    from accord.events import ListenOptions
    from tests.events.conftest import Listener

    root = tmp_path / "copy"
    shutil.copytree(event_system.root, root, ignore=shutil.ignore_patterns(".accord", "__pycache__"))
    orders, billing = event_system.name("orders"), event_system.name("billing")
    contract = root / "services" / orders / "openapi.yaml"
    text = contract.read_text()
    contract.write_text(
        text.replace(
            "      operationId: createItem\n",
            f"      operationId: createItem\n      x-accord-emits: [{orders}.created]\n",
        )
    )
    manifest = root / "accord.yaml"
    entry = f"\n  {billing}:\n    path: services/{billing}\n"
    manifest.write_text(manifest.read_text().replace(entry, f"{entry}    depends_on: [{orders}]\n"))
    workspace = find_workspace(explicit=root)
    listener = Listener(workspace, f"{orders}.created", ListenOptions(count=1, timeout=60)).start()

    variable = f"{orders.upper()}_URL"
    script = (
        "import os, httpx, time\n"
        f"r = httpx.post(os.environ['{variable}'] + '/{orders}/items', json={{'name': 'from-the-request'}})\n"
        "assert r.status_code == 201, r.text\n"
        "time.sleep(2)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-m", "accord", "mocks", "up", billing, "--", sys.executable, "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = listener.join()
    assert (result.received, result.conforming) == (1, 1), result.report.findings
