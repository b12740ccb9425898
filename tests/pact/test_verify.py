"""`pact verify` end to end: real consumer tests write pacts, the real pact core verifies them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.matrix import matrix_path, read_matrix
from accord.contracts.pact.verify import VerifyRequest, verify_provider
from accord.manifest import find_workspace
from tests.pact.conftest import run_consumer_tests


def test_consumer_tests_write_pacts_that_the_example_provider_passes(example_system: Path) -> None:
    shutil.rmtree(example_system / "pacts")
    done = run_consumer_tests(example_system)
    assert done.returncode == 0, done.stdout + done.stderr
    pact = json.loads((example_system / "pacts" / "orders-payments.json").read_text())
    assert {i["description"] for i in pact["interactions"]} == {
        "a request to charge an order",
        "a request for a settled payment",
        "a request for a payment that does not exist",
    }
    workspace = find_workspace(explicit=example_system)
    result = verify_provider(workspace, VerifyRequest("payments", provider_version="1.0.0"))
    assert result.report.findings == []
    assert result.report.exit_code == 0
    rows = read_matrix(matrix_path(workspace))
    assert {(r.consumer, r.provider, r.provider_version, r.success) for r in rows} == {
        ("orders", "payments", "1.0.0", True),
        ("notifications", "payments", "1.0.0", True),
    }


def test_a_broken_provider_fails_naming_consumer_interaction_and_difference(
    example_system: Path, pact_fixtures: Path
) -> None:
    workspace = find_workspace(explicit=example_system)
    result = verify_provider(workspace, VerifyRequest("payments", app="broken_payments:app"))
    assert result.report.exit_code == 1
    messages = [f.message for f in result.report.findings]
    assert (
        "orders -> payments: 'a request to charge an order' (given 'no payments exist'): "
        "status: expected 201 but was 200"
    ) in messages
    body = next(f for f in result.report.findings if f.rule == "pact.body")
    assert "'a request for a settled payment'" in body.message and "status" in body.message
    pact_text = (example_system / "pacts" / "orders-payments.json").read_text().splitlines()
    assert body.file is not None and body.file.endswith("orders-payments.json")
    # The finding points at the interaction in the pact file.
    assert body.line is not None and pact_text[body.line - 1].strip() == "{"
    assert '"a request for a settled payment"' in pact_text[body.line]
    assert [r.success for r in read_matrix(matrix_path(workspace)) if r.consumer == "orders"] == [False]


def test_provider_states_are_called_with_their_parameters(example_system: Path, pact_fixtures: Path) -> None:
    import provider_hooks  # type: ignore[import-not-found]

    provider_hooks.calls.clear()
    workspace = find_workspace(explicit=example_system)
    request = VerifyRequest("payments", app="broken_payments:app", states="provider_hooks:remember_state")
    verify_provider(workspace, request)
    assert ("a payment exists", "setup", {"id": "p-1", "order_id": "o-1", "status": "settled"}) in (
        provider_hooks.calls
    )
    assert ("no payments exist", "teardown", {}) in provider_hooks.calls


def test_a_message_producer_that_breaks_the_pact_fails(example_system: Path, pact_fixtures: Path) -> None:
    workspace = find_workspace(explicit=example_system)
    result = verify_provider(workspace, VerifyRequest("payments", messages="provider_hooks:wrong_messages"))
    failing = [f for f in result.report.findings if f.severity == "error"]
    assert len(failing) == 1
    assert failing[0].rule == "pact.body"
    assert failing[0].message.startswith("notifications -> payments: 'a payment.settled event'")
    assert "$.order_id" in failing[0].message


def test_cli_verify_exit_codes_and_json(example_system: Path, pact_fixtures: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["pact", "verify", "payments", "-w", str(example_system)])
    assert ok.exit_code == 0, ok.output
    assert "pact verify: passed - 2 file(s)" in ok.output
    bad = runner.invoke(
        app,
        [
            "pact",
            "verify",
            "payments",
            "-w",
            str(example_system),
            "--app",
            "broken_payments:app",
            "-f",
            "json",
        ],
    )
    assert bad.exit_code == 1
    payload = json.loads(bad.stdout)
    assert payload["summary"]["failed"] is True
    assert {f["rule"] for f in payload["findings"]} == {"pact.status", "pact.body"}


def test_cli_verify_a_broken_pact_file_is_exit_2(example_system: Path) -> None:
    (example_system / "pacts" / "orders-payments.json").write_text(
        '{"consumer": {"name": "orders"},\n  "provider": '
    )
    result = CliRunner().invoke(app, ["pact", "verify", "payments", "-w", str(example_system)])
    assert result.exit_code == 2
    assert "orders-payments.json:2" in result.output and "invalid JSON" in result.output
    assert "Traceback" not in result.output


def test_cli_verify_without_a_way_to_reach_the_provider_is_exit_2(example_system: Path) -> None:
    manifest = example_system / "accord.yaml"
    manifest.write_text(manifest.read_text().replace("    app: payments_service.app:app\n", ""))
    result = CliRunner().invoke(app, ["pact", "verify", "payments", "-w", str(example_system)])
    assert result.exit_code == 2
    assert "--base-url URL or --app module:app" in result.output


@pytest.mark.parametrize("url", ["notaurl", "ftp://127.0.0.1:1", "http://"])
def test_cli_verify_a_base_url_that_is_no_http_url_is_exit_2(example_system: Path, url: str) -> None:
    args = ["pact", "verify", "payments", "-w", str(example_system), "--base-url", url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: --base-url {url!r} is not an http(s) URL\n  hint: e.g. --base-url http://127.0.0.1:8000\n"
    )
    assert not (example_system / ".accord" / "pact-matrix.json").exists()  # nothing recorded
