"""`scaffold service` killed by SIGKILL at each step: a complete service, or none after the next run.

The pipeline stops at the step ACCORD_TEST_PAUSE_AT names (and does nothing else with it): the
test waits for it to get there, kills the real process with SIGKILL, checks what the kill left,
then runs scaffold again and checks that the debris is gone and the half-done service undone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.manifest import init_manifest, load_manifest
from tests.scaffold.conftest import snapshot

BEFORE_COMMIT = ["staged", "install-0", "install-1", "install-2", "register"]


def scaffold(system: Path, name: str) -> None:
    result = CliRunner().invoke(app, ["scaffold", "service", name, "-w", str(system), "--no-input"])
    assert result.exit_code == 0, result.output


def kill_at(system: Path, step: str) -> None:
    """Start `scaffold service payments`, wait until it pauses at `step`, SIGKILL it."""
    env = {**os.environ, "ACCORD_TEST_PAUSE_AT": step}
    args = [
        sys.executable,
        "-m",
        "accord",
        "scaffold",
        "service",
        "payments",
        "-w",
        str(system),
        "--no-input",
    ]
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not list((system / ".accord" / "tmp").glob("run-*/paused")):
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, f"never reached {step}"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def state(system: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(system).items() if not k.startswith(".accord/tmp/")}


def registered(system: Path) -> bool:
    return "payments" in load_manifest(system / "accord.yaml").services


@pytest.mark.slow
@pytest.mark.parametrize("step", BEFORE_COMMIT)
def test_killed_before_registration_is_undone_by_the_next_run(
    system: Path, tmp_path: Path, step: str
) -> None:
    reference = tmp_path / "reference" / "shop"  # the same system, never touched by payments
    init_manifest(reference, "shop")
    for folder in (system, reference):
        scaffold(folder, "orders")
    kill_at(system, step)
    assert not registered(system)  # never registered without its gateway route and files
    for folder in (system, reference):
        scaffold(folder, "stock")  # the next run cleans up
    assert state(system) == state(reference)
    assert not (system / "services" / "payments").exists()
    assert not (system / ".accord" / "scaffold" / "payments").exists()
    assert "/payments" not in (system / "gateway" / "nginx.conf").read_text()
    assert list((system / ".accord" / "tmp").iterdir()) == []


@pytest.mark.slow
def test_killed_after_registration_leaves_a_complete_service(system: Path) -> None:
    scaffold(system, "orders")
    kill_at(system, "registered")
    assert registered(system)
    assert (system / "services" / "payments" / "payments_service" / "app.py").is_file()
    assert (system / ".accord" / "scaffold" / "payments" / "openapi.yaml").is_file()
    assert 'location "/payments/"' in (system / "gateway" / "nginx.conf").read_text()
    scaffold(system, "stock")
    assert registered(system) and (system / "services" / "payments").is_dir()
    assert list((system / ".accord" / "tmp").iterdir()) == []


def test_debris_of_dead_runs_is_cleaned_and_live_runs_are_kept(system: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    tmp = system / ".accord" / "tmp"
    debris = [tmp / f"run-{dead.pid}-x1", tmp / f".accord-render-{dead.pid}-x2", tmp / ".accord-render-old"]
    live = tmp / f"run-{os.getpid()}-x3"
    for folder in (*debris, live):
        (folder / "orders").mkdir(parents=True)
        (folder / "orders" / "README.md").write_text("half a service")
    an_hour_ago = time.time() - 3600
    os.utime(debris[2], (an_hour_ago, an_hour_ago))  # no pid in its name: stale by age
    scaffold(system, "orders")
    assert sorted(tmp.iterdir()) == [live]
