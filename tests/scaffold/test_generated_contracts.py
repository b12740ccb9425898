"""A freshly scaffolded service's contracts pass accord's own checks: validate, and lint at warning level."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

BROKERS = ["none", "rabbitmq", "kafka", "nats", "redis"]
GATEWAYS = [
    "nginx",
    "kong",
    "traefik",
    "gateway-api",
    "caddy",
    "krakend",
    "none",
]


def _scaffold_and_check(folder: Path, *options: str) -> None:
    runner = CliRunner()
    init = runner.invoke(app, ["init", str(folder), "--system", "own"])
    assert init.exit_code == 0, init.output
    scaffold = ["scaffold", "service", "orders", "-w", str(folder), "--no-input", *options]
    events = ["--subscribe", "payments.created", "--subscribe", "stock-levels.changed"]
    created = runner.invoke(app, [*scaffold, *events])
    assert created.exit_code == 0, created.output
    contracts = sorted(p.name for p in (folder / "services" / "orders").glob("*api.yaml"))
    lint = runner.invoke(app, ["contracts", "lint", "-w", str(folder), "--fail-on", "warning"])
    assert lint.exit_code == 0, lint.output
    assert " warning " not in lint.output and " error " not in lint.output
    assert f"passed - {len(contracts)} file(s), 0 error(s), 0 warning(s)" in lint.output
    validate = runner.invoke(app, ["contracts", "validate", "-w", str(folder)])
    assert validate.exit_code == 0, validate.output
    assert f"passed - {len(contracts)} file(s), 0 error(s), 0 warning(s)" in validate.output


@pytest.mark.parametrize("broker", BROKERS)
def test_every_broker_passes_lint_and_validate(tmp_path: Path, broker: str) -> None:
    _scaffold_and_check(tmp_path / "own", "--broker", broker)
    has_events = broker != "none"
    assert (tmp_path / "own" / "services" / "orders" / "asyncapi.yaml").is_file() is has_events


@pytest.mark.parametrize("gateway", GATEWAYS)
def test_every_gateway_passes_lint_and_validate(tmp_path: Path, gateway: str) -> None:
    _scaffold_and_check(tmp_path / "own", "--gateway", gateway)


def test_subscribed_events_name_their_operations(tmp_path: Path) -> None:
    import yaml

    _scaffold_and_check(tmp_path / "own", "--broker", "nats")
    contract = yaml.safe_load((tmp_path / "own" / "services" / "orders" / "asyncapi.yaml").read_text())
    assert sorted(contract["operations"]) == [
        "receivePaymentsCreated",
        "receiveStockLevelsChanged",
        "sendItemCreated",
    ]
    address = contract["channels"]["receivedPaymentsCreated"]["address"]
    assert address == "payments.created"


def test_krakend_routes_the_new_services_operations(tmp_path: Path) -> None:
    import json

    # KrakenD's endpoints come from the contract, read from the rendering before it is moved into place.
    _scaffold_and_check(tmp_path / "own", "--gateway", "krakend")
    config = json.loads((tmp_path / "own" / "gateway" / "krakend.json").read_text())
    routed = sorted((e["method"], e["endpoint"]) for e in config["endpoints"])
    assert routed == [
        ("GET", "/orders/events"),
        ("GET", "/orders/items"),
        ("GET", "/orders/items/{item_id}"),
        ("POST", "/orders/items"),
    ]
