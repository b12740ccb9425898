"""`contracts test` serves the services a provider depends on, each in a process of its own."""

from __future__ import annotations

import json

import pytest

from tests.runtime.conftest import FAST, System

pytestmark = pytest.mark.slow  # each test runs accord in a process of its own, as a user does


@pytest.mark.integration
def test_a_dependency_that_subscribes_to_events_is_served_for_its_dependant(system: System) -> None:
    alpha, beta = f"alpha{system.suffix}", f"beta{system.suffix}"
    system.scaffold(alpha, "--subscribe", f"{beta}.created")
    system.scaffold(beta)
    system.depends_on(beta, alpha)

    run = system.accord("contracts", "test", *FAST)

    assert run.code == 0, run.stderr
    assert "different loop" not in run.stderr
    report = json.loads(run.stdout)
    assert report["findings"] == []
    assert report["summary"]["failed"] is False
    # alpha was tested itself, then served again (its broker connected) while beta was tested.
    served = system.root / ".accord" / "logs" / f"{beta}--{alpha}.log"
    assert "waiting for messages" in served.read_text()


@pytest.mark.integration
def test_a_dependency_that_cannot_start_is_reported_with_its_own_error(system: System) -> None:
    system.scaffold("alpha")
    system.scaffold("beta")
    system.depends_on("beta", "alpha")
    # A bug of the team's: alpha's app refuses to start without a setting nobody gave it.
    app = system.root / "services" / "alpha" / "alpha_service" / "app.py"
    app.write_text(app.read_text() + '\nraise RuntimeError("DATABASE_URL is not set")\n')

    run = system.accord("contracts", "test", "beta", *FAST)

    assert run.code == 2
    assert "error: alpha_service.app:app did not start: " in run.stderr
    assert "RuntimeError: DATABASE_URL is not set" in run.stderr
    assert "is the port taken" not in run.stderr
    assert "Traceback" not in run.stderr
    assert "its whole output: " in run.stderr
    assert ".accord/logs/beta--alpha.log" in run.stderr
