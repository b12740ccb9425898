"""Every combination of the template's options yields a service whose own tests pass right away."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accord.scaffold import ScaffoldRequest, scaffold_service
from tests.scaffold.conftest import workspace

BROKERS = ["none", "rabbitmq", "kafka", "nats", "redis"]
OTEL = ["no", "yes"]


def run_service_tests(services: list[Path]) -> subprocess.CompletedProcess[str]:
    """The services' own pytest suites, in one run (packages side by side on PYTHONPATH)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(s) for s in services)}
    # One rootdir and no service's own ini: otherwise test ids (and conftests) of services collide.
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib"]
    command += ["-c", os.devnull, "--rootdir", str(services[0].parent)]
    command += ["-W", "ignore::DeprecationWarning", *(str(s / "tests") for s in services)]
    return subprocess.run(
        command, cwd=services[0].parent, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_every_option_combination_passes_its_own_tests(system: Path) -> None:
    services = []
    for broker, otel in itertools.product(BROKERS, OTEL):
        name = f"svc-{broker}-otel-{otel}"
        request = ScaffoldRequest(
            name, broker=broker, values={"otel": otel}, subscribes=("orders.created", "payments.settled")
        )
        services.append(scaffold_service(workspace(system), request).path)
    result = run_service_tests(services)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert " failed" not in result.stdout
    # Each service ran its unit and contract tests; broker services their broker tests too.
    assert "passed" in result.stdout.splitlines()[-1]
