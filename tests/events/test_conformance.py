"""`accord contracts test SERVICE` checks the service's events on the real broker: what it
publishes while driven, and how its handlers take conforming messages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.events.conftest import BROKER_VARIABLES, EventSystem

pytestmark = [pytest.mark.integration, pytest.mark.slow]

FAST = ("--max-examples", "3", "--seed", "1", "--format", "json")


@pytest.fixture
def copy(event_system: EventSystem, tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(event_system.root, root, ignore=shutil.ignore_patterns(".accord", "__pycache__"))
    return root


def contracts_test(root: Path, service: str) -> tuple[int, dict[str, object], str]:
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    done = subprocess.run(
        [sys.executable, "-m", "accord", "contracts", "test", service, *FAST],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}, done.stderr


def rules(report: dict[str, object]) -> list[str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [str(f["rule"]) for f in findings]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize("service", ["orders", "inventory"])
def test_a_scaffolded_publisher_passes_on_its_real_broker(
    copy: Path, event_system: EventSystem, service: str
) -> None:
    code, report, err = contracts_test(copy, event_system.name(service))
    assert code == 0, (report, err)
    assert rules(report) == []  # not even event.not-published: its messages were seen


def test_a_publisher_that_leaves_out_a_required_field(copy: Path, event_system: EventSystem) -> None:
    orders = event_system.name("orders")
    events = copy / "services" / orders / f"{orders}_service" / "events.py"
    edit(events, "    await item_created.publish(event)", '    await item_created.publish({"id": event.id})')

    code, report, _ = contracts_test(copy, orders)

    assert code == 1
    assert set(rules(report)) == {"event.payload-schema"}
    findings = report["findings"]
    assert isinstance(findings, list)
    first = findings[0]
    assert str(first["file"]).endswith(f"{orders}/asyncapi.yaml")
    assert "'name' is a required property" in str(first["message"]).replace('"', "'")
    assert 'payload: {"id":' in str(first["message"])


def test_a_subscriber_whose_handler_raises_on_a_valid_message(copy: Path, event_system: EventSystem) -> None:
    billing = event_system.name("billing")
    events = copy / "services" / billing / f"{billing}_service" / "events.py"
    edit(
        events,
        '        received.append({"event": event, "body": body})',
        '        raise ValueError(f"cannot bill {body}")',
    )

    code, report, _ = contracts_test(copy, billing)

    assert code == 1
    assert rules(report) == ["event.handler-error"]
    findings = report["findings"]
    assert isinstance(findings, list)
    message = str(findings[0]["message"])
    assert (
        f"{billing} subscribes to {event_system.event('orders')}: the handler raised ValueError: cannot bill"
        in message
    )
    assert f"{billing}_service/events.py:" in message and " in handle)" in message
    assert "payload: {" in message
    assert str(findings[0]["file"]).endswith(f"{billing}/asyncapi.yaml")


def test_a_publish_on_a_channel_the_contract_does_not_declare(copy: Path, event_system: EventSystem) -> None:
    inventory = event_system.name("inventory")
    events = copy / "services" / inventory / f"{inventory}_service" / "events.py"
    edit(
        events,
        "    await item_created.publish(event)",
        "    await item_created.publish(event)\n"
        f'    await broker.publish({{"id": event.id}}, subject="{inventory}.audited")',
    )

    code, report, _ = contracts_test(copy, inventory)

    assert code == 1
    assert rules(report) == ["event.undeclared-channel"]
    findings = report["findings"]
    assert isinstance(findings, list)
    assert f"published on '{inventory}.audited', which its AsyncAPI contract does not declare" in str(
        findings[0]["message"]
    )


def test_fuzzing_the_served_app_keeps_uvicorn_warnings_off_the_terminal(example_system: Path) -> None:
    # With a reachable broker the app is served on a real port; schemathesis' malformed requests
    # made uvicorn print "Invalid HTTP request received." on every run of the tour.
    code, report, err = contracts_test(example_system, "payments")
    assert code == 0, (report, err)
    # the shop's apps declare events and publish none (another run on the shared broker may)
    assert set(rules(report)) <= {"event.not-published"}
    assert "Invalid HTTP request" not in err
    assert "WARNING" not in err
