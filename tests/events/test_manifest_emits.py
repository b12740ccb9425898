"""`emits:` in accord.yaml: a mocked operation publishes its event after answering, as with
`x-accord-emits` on the operation, on the real RabbitMQ of a system scaffolded from nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from accord.events import ListenOptions
from accord.manifest import find_workspace
from tests.events.conftest import BROKER_VARIABLES, EventSystem, Listener

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _with_emits(event_system: EventSystem, tmp_path: Path, operation: str) -> Path:
    """A copy of the system where orders' mock emits `orders.created` after `operation`, and
    billing calls orders; the OpenAPI contract itself says nothing of events."""
    root = tmp_path / "copy"
    shutil.copytree(event_system.root, root, ignore=shutil.ignore_patterns(".accord", "__pycache__"))
    orders, billing = event_system.name("orders"), event_system.name("billing")
    assert "x-accord-emits" not in (root / "services" / orders / "openapi.yaml").read_text()
    manifest = root / "accord.yaml"
    text = manifest.read_text()
    entry = f"\n  {billing}:\n    path: services/{billing}\n"
    text = text.replace(entry, f"{entry}    depends_on: [{orders}]\n")
    own = f"    publishes: [{orders}.created]\n"
    assert own in text
    text = text.replace(own, f'{own}    emits: {{"{operation}": [{orders}.created]}}\n')
    manifest.write_text(text)
    return root


def _listener(root: Path, event: str) -> Listener:
    return Listener(find_workspace(explicit=root), event, ListenOptions(count=1, timeout=60)).start()


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    command = [sys.executable, "-m", "accord", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_mocks_up_publishes_the_event_the_manifest_says_an_operation_emits(
    event_system: EventSystem, tmp_path: Path
) -> None:
    orders, billing = event_system.name("orders"), event_system.name("billing")
    root = _with_emits(event_system, tmp_path, f"POST /{orders}/items")
    listener = _listener(root, f"{orders}.created")
    script = (
        "import os, httpx, time\n"
        f"r = httpx.post(os.environ['{orders.upper()}_URL'] + '/{orders}/items', json={{'name': 'asked'}})\n"
        "assert r.status_code == 201, r.text\n"
        "time.sleep(2)\n"
    )
    done = _run(root, "mocks", "up", billing, "--", sys.executable, "-c", script)
    assert done.returncode == 0, done.stderr
    result = listener.join()
    assert (result.received, result.conforming) == (1, 1), result.report.findings


def test_mocks_serve_publishes_it_too_named_by_operation_id(
    event_system: EventSystem, tmp_path: Path
) -> None:
    orders = event_system.name("orders")
    root = _with_emits(event_system, tmp_path, "createItem")
    listener = _listener(root, f"{orders}.created")
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    command = [sys.executable, "-m", "accord", "mocks", "serve", orders, "--port", "0"]
    server = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        while "listening on" not in line:
            assert line, "the mock stopped before listening"
            line = server.stderr.readline()
        url = line.split("listening on ")[1].split()[0]
        answer = httpx.post(f"{url}/{orders}/items", json={"name": "asked"}, timeout=10)
        assert answer.status_code == 201, answer.text
        result = listener.join()
    finally:
        server.terminate()
        server.wait(30)
    assert (result.received, result.conforming) == (1, 1), result.report.findings


def test_an_operation_the_contract_does_not_have_is_refused_with_its_line(
    event_system: EventSystem, tmp_path: Path
) -> None:
    orders, billing = event_system.name("orders"), event_system.name("billing")
    root = _with_emits(event_system, tmp_path, "POST /payments")
    done = _run(root, "mocks", "up", billing, "--", sys.executable, "-c", "pass")
    assert done.returncode == 2, done.stderr
    assert f"services.{orders}.emits names 'POST /payments', which is not an operation of" in done.stderr
    assert "createItem" in done.stderr  # the operations it could have named
    lines = (root / "accord.yaml").read_text().splitlines()
    # the manifest's own emits: line, not the starter manifest's comment that shows one
    line = next(n for n, text in enumerate(lines, 1) if text.lstrip().startswith("emits:"))
    assert f"accord.yaml:{line}" in done.stderr
    assert "Traceback" not in done.stderr
