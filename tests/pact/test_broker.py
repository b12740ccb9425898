"""The broker path against an in-test broker (tests/pact/fake_broker.py), and local can-i-deploy."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.verify import VerifyRequest, verify_provider
from accord.manifest import find_workspace
from tests.pact.fake_broker import BrokerState, fake_broker

TOKEN = "s3cret-token-value"


def _use_broker(system: Path, url: str) -> None:
    manifest = system / "accord.yaml"
    text = manifest.read_text().replace(
        "  broker_url: null", f"  broker_url: {url}\n  broker_token_env: SHOP_BROKER_TOKEN"
    )
    manifest.write_text(text)


def _auth(state: BrokerState) -> set[str | None]:
    return {{k.lower(): v for k, v in r[2].items()}.get("authorization") for r in state.requests}


def test_publish_sends_every_pact_with_version_branch_and_token(
    example_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOP_BROKER_TOKEN", TOKEN)
    with fake_broker() as broker:
        _use_broker(example_system, broker.base)
        result = CliRunner().invoke(
            app, ["pact", "publish", "-w", str(example_system), "--version", "1.4.0", "--branch", "main"]
        )
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output
    assert "published notifications-payments.json, orders-payments.json as version 1.4.0 on branch main" in (
        result.output
    )
    bodies = [r[3] for r in broker.seen("POST", "/contracts/publish")]
    assert {b["pacticipantName"] for b in bodies} == {"orders", "notifications"}
    assert {(b["pacticipantVersionNumber"], b["branch"]) for b in bodies} == {("1.4.0", "main")}
    orders = next(b for b in bodies if b["pacticipantName"] == "orders")
    pact = json.loads(base64.b64decode(orders["contracts"][0]["content"]))
    assert pact["provider"]["name"] == "payments"
    assert _auth(broker) == {f"Bearer {TOKEN}"}


def test_can_i_deploy_asks_the_broker_matrix(example_system: Path) -> None:
    runner = CliRunner()
    with fake_broker() as broker:
        _use_broker(example_system, broker.base)
        args = [
            "pact",
            "can-i-deploy",
            "-w",
            str(example_system),
            "--pacticipant",
            "orders",
            "--version",
            "1.4.0",
        ]
        yes = runner.invoke(app, args)
        broker.deployable = False
        no = runner.invoke(app, [*args, "--to-environment", "production"])
    assert yes.exit_code == 0, yes.output
    assert "can-i-deploy orders 1.4.0: yes" in yes.output
    assert no.exit_code == 1
    assert "The verification for the pact between orders and payments failed" in no.output
    queries = [r[1] for r in broker.seen("GET", "/matrix")]
    assert "pacticipant]=orders" in queries[0] and "environment=production" in queries[1]


def test_verify_fetches_pacts_from_the_broker_and_publishes_results(example_system: Path) -> None:
    with fake_broker() as broker:
        _use_broker(example_system, broker.base)
        broker.pacts["orders/payments"] = json.loads(
            (example_system / "pacts" / "orders-payments.json").read_text()
        )
        workspace = find_workspace(explicit=example_system)
        result = verify_provider(workspace, VerifyRequest("payments", provider_version="2.0.1", publish=True))
    assert result.report.findings == []
    assert broker.seen("POST", "/pacts/provider/payments/for-verification")
    published = [r[3] for r in broker.seen("POST", "/verification-results")]
    assert len(published) == 1 and published[0]["success"] is True
    assert published[0]["providerApplicationVersion"] == "2.0.1"


def test_a_failed_publication_of_results_fails_the_verification(example_system: Path) -> None:
    with fake_broker() as broker:
        _use_broker(example_system, broker.base)
        broker.pacts["orders/payments"] = json.loads(
            (example_system / "pacts" / "orders-payments.json").read_text()
        )
        broker.fail_verification_results = True
        workspace = find_workspace(explicit=example_system)
        result = verify_provider(workspace, VerifyRequest("payments", provider_version="2.0.1", publish=True))
    assert result.report.exit_code == 1
    assert [f.rule for f in result.report.findings] == ["pact.publish"]


def test_publish_without_a_broker_is_a_config_error(example_system: Path) -> None:
    result = CliRunner().invoke(app, ["pact", "publish", "-w", str(example_system)])
    assert result.exit_code == 2
    assert "no Pact Broker configured" in result.output
