"""`accord mocks up SERVICE` stands in for the publishers of the events SERVICE subscribes to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert "has no HTTP dependencies (`depends_on` is empty) and subscribes to no event" in done.stderr
