"""stdout carries only the report in every machine format; the apps' own logs are kept in files."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.runtime.conftest import FAST, System

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture
def noisy(system: System) -> System:
    """Two services that log a JSON line on stdout at start-up and for every item created."""
    system.scaffold("orders", "--subscribe", "stock.created")
    system.scaffold("stock")
    system.depends_on("orders", "stock")
    return system


def test_ci_json_and_sarif_are_parseable_with_noisy_services(noisy: System) -> None:
    as_json = noisy.accord("ci", "--max-examples", "3", "--format", "json")
    assert as_json.code == 0, as_json.stdout[:2000] + as_json.stderr
    report = json.loads(as_json.stdout)
    assert not [f for f in report["findings"] if f["rule"].startswith("contracts-test/")]

    as_sarif = noisy.accord("ci", "--max-examples", "3", "--steps", "contracts-test", "--format", "sarif")
    assert as_sarif.code == 0, as_sarif.stdout[:2000] + as_sarif.stderr
    assert json.loads(as_sarif.stdout)["runs"][0]["results"] == []

    logs = noisy.root / ".accord" / "logs"
    assert '"message": "item created"' in (logs / "orders.log").read_text()
    assert '"message": "item created"' in (logs / "stock.log").read_text()
    assert '"message": "started"' in (logs / "orders--stock.log").read_text()


def test_contracts_test_junit_is_parseable_with_noisy_services(noisy: System) -> None:
    run = noisy.accord("contracts", "test", "--max-examples", "3", "--format", "junit")
    assert run.code == 0, run.stdout[:2000] + run.stderr
    suites = ElementTree.fromstring(run.stdout)
    assert suites.tag == "testsuites"


def test_a_failing_provider_points_at_its_apps_output(noisy: System) -> None:
    app = noisy.root / "services" / "stock" / "stock_service" / "app.py"
    # The contract says POST answers 201; the edited app answers 200.
    app.write_text(app.read_text().replace("status_code=201", "status_code=200"))

    run = noisy.accord("contracts", "test", "stock", *FAST)

    assert run.code == 1
    assert json.loads(run.stdout)["summary"]["failed"] is True
    log = Path(".accord") / "logs" / "stock.log"
    assert f"note: stock: the output of its app is kept in {log}" in run.stderr.splitlines()
