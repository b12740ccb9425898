"""A new user's first hour: an empty folder, three services, their own tests, then accord's checks."""

from __future__ import annotations

import json

import pytest

from tests.runtime.conftest import System
from tests.scaffold.test_generated_services import run_service_tests


@pytest.mark.slow
@pytest.mark.integration
def test_three_services_in_a_chain_pass_their_tests_contracts_test_and_ci(system: System) -> None:
    # front calls middle, middle calls back; events go over the system's RabbitMQ.
    back = system.scaffold("back", "--subscribe", "front.created")
    middle = system.scaffold("middle", "--subscribe", "back.created")
    front = system.scaffold("front")
    system.depends_on("front", "middle")
    system.depends_on("middle", "back")

    own = run_service_tests([back, middle, front])
    assert own.returncode == 0, own.stdout[-4000:] + own.stderr[-2000:]

    tested = system.accord("contracts", "test", "--max-examples", "5", "--format", "json")
    assert tested.code == 0, tested.stdout[:3000] + tested.stderr
    assert json.loads(tested.stdout)["findings"] == []
    assert "note:" not in tested.stderr  # RabbitMQ is there: the real broker was used

    ci = system.accord("ci", "--format", "json")
    assert ci.code == 0, ci.stdout[:3000] + ci.stderr
    report = json.loads(ci.stdout)
    assert report["summary"]["failed"] is False
    # an OpenAPI and an AsyncAPI contract per service, and accord.yaml (the events step)
    assert report["summary"]["files"] == 7
    assert report["summary"]["error"] == 0
