"""`accord pact verify SERVICE --messages broker`: a consumer's message pact judged against what
the provider really publishes on RabbitMQ while it is driven, on a system scaffolded from nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.events.conftest import BROKER_VARIABLES, EventSystem

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PACT = FIXTURES / "events" / "pacts" / "billing-orders.json"


def _system_with_pact(event_system: EventSystem, tmp_path: Path) -> Path:
    """A copy of the system where billing's pact expects orders' `orders.created` with id and name."""
    root = tmp_path / "copy"
    shutil.copytree(event_system.root, root, ignore=shutil.ignore_patterns(".accord", "__pycache__"))
    orders, billing = event_system.name("orders"), event_system.name("billing")
    pact = PACT.read_text().replace("BILLING", billing).replace("ORDERS", orders)
    (root / "pacts").mkdir(exist_ok=True)
    (root / "pacts" / f"{billing}-{orders}.json").write_text(pact)
    return root


def _verify(root: Path, service: str, *more: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    command = [sys.executable, "-m", "accord", "pact", "verify", service, "--messages", "broker", *more]
    return subprocess.run(
        [*command, "--provider-version", "1"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )


def test_an_honest_provider_passes(event_system: EventSystem, tmp_path: Path) -> None:
    root = _system_with_pact(event_system, tmp_path)
    done = _verify(root, event_system.name("orders"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 interaction(s): 1 passed" in done.stderr


def test_a_provider_that_publishes_without_a_field_the_pact_expects_fails(
    event_system: EventSystem, tmp_path: Path
) -> None:
    root = _system_with_pact(event_system, tmp_path)
    orders, billing = event_system.name("orders"), event_system.name("billing")
    events = root / "services" / orders / f"{orders}_service" / "events.py"
    honest = "    await item_created.publish(event)\n"
    assert honest in events.read_text()
    events.write_text(
        events.read_text().replace(honest, '    await item_created.publish({"id": event.id})\n')
    )
    done = _verify(root, orders)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{billing} -> {orders}: 'an item created event'" in done.stdout
    assert "body $.name: the field 'name' is missing" in done.stdout
    assert f"{billing}-{orders}.json" in done.stdout
    assert "1 interaction(s): 1 failed" in done.stderr


def test_a_message_never_published_fails_naming_the_interaction(
    event_system: EventSystem, tmp_path: Path
) -> None:
    root = _system_with_pact(event_system, tmp_path)
    orders, billing = event_system.name("orders"), event_system.name("billing")
    events = root / "services" / orders / f"{orders}_service" / "events.py"
    honest = "    await item_created.publish(event)\n"
    events.write_text(events.read_text().replace(honest, "    del event  # publishes nothing\n"))
    done = _verify(root, orders)
    assert done.returncode == 1, done.stdout + done.stderr
    expected = (
        f"{billing} -> {orders}: 'an item created event': body $: the provider published no message "
        f"on {orders}.created while it was driven"
    )
    assert expected in done.stdout


STATES = """
from pathlib import Path

from PACKAGE import events

LOG = Path(__file__).resolve().parents[3] / "states.log"


def provider_state(state, action, parameters=None):
    with LOG.open("a") as log:
        log.write(f"{action} {state} {parameters}\\n")
    events.TAG["tag"] = parameters["tag"] if action == "setup" else None
"""


def test_provider_states_are_set_up_around_the_drive_that_publishes(
    event_system: EventSystem, tmp_path: Path
) -> None:
    root = _system_with_pact(event_system, tmp_path)
    orders, billing = event_system.name("orders"), event_system.name("billing")
    pact_file = root / "pacts" / f"{billing}-{orders}.json"
    pact = json.loads(pact_file.read_text())
    (interaction,) = pact["interactions"]
    interaction["providerStates"] = [{"name": "items are tagged", "params": {"tag": "blue"}}]
    interaction["contents"]["content"]["tag"] = "blue"  # no matching rule: exactly this value
    pact_file.write_text(json.dumps(pact))
    package = root / "services" / orders / f"{orders}_service"
    events = package / "events.py"
    honest = "    await item_created.publish(event)\n"
    tagged = (
        "    tag = {'tag': TAG['tag']} if TAG['tag'] else {}\n"
        "    await item_created.publish({**event.model_dump(mode='json'), **tag})\n"
    )
    events.write_text(events.read_text().replace(honest, tagged) + "\nTAG = {'tag': None}\n")
    (package / "states.py").write_text(STATES.replace("PACKAGE", f"{orders}_service"))

    untagged = _verify(root, orders)
    assert untagged.returncode == 1, untagged.stdout + untagged.stderr
    assert "needs provider state 'items are tagged', but no state handler is set" in untagged.stdout
    assert "body $.tag" in untagged.stdout

    done = _verify(root, orders, "--states", f"{orders}_service.states:provider_state")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 interaction(s): 1 passed" in done.stderr
    calls = (root / "states.log").read_text().splitlines()
    assert calls == ["setup items are tagged {'tag': 'blue'}", "teardown items are tagged {'tag': 'blue'}"]
