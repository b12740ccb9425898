"""`pact check`: pacts against the provider's OpenAPI, offline, with one finding per incompatibility."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.check import check_pacts
from accord.manifest import find_workspace
from tests.conftest import EXAMPLE
from tests.pact.conftest import PACT_FIXTURES

PAYMENTS_OPENAPI = EXAMPLE / "services" / "payments" / "openapi.yaml"
INCOMPATIBLE = PACT_FIXTURES / "orders-payments-incompatible.json"


def _by_rule(report_findings: list) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in report_findings:
        found.setdefault(finding.rule, []).append(finding.message)
    return found


def test_every_kind_of_incompatibility_is_one_finding_at_its_line() -> None:
    report = check_pacts(None, [INCOMPATIBLE], PAYMENTS_OPENAPI)
    found = _by_rule(report.findings)
    assert found["pact-check.path"] == [
        "orders -> payments: 'a request for a refund': /refunds matches no path of the provider's contract"
    ]
    assert "DELETE /payments/{paymentId} is not an operation" in found["pact-check.method"][0]
    assert any("'x-1' does not match '^p-[0-9]+$'" in m for m in found["pact-check.parameter"])
    assert any("'expand' is not declared" in m for m in found["pact-check.parameter"])
    assert found["pact-check.request-body"] == [
        "orders -> payments: 'a request to charge in yen': request body $.amount.currency: "
        "'JPY' is not one of ['EUR', 'USD', 'GBP']"
    ]
    assert "status 202 is not declared for POST /payments" in found["pact-check.status"][0]
    receipt = "orders -> payments: 'a request for a refunded payment with its receipt'"
    assert found["pact-check.response-body"] == [
        f"{receipt}: response body $.id: 'pay_1a' does not match '^p-[0-9]+$'",
        f"{receipt}: response body $.status: 'refunded' is not one of ['pending', 'settled', 'failed']",
    ]
    assert found["pact-check.undeclared-field"] == [
        f"{receipt}: the consumer relies on $.receipt_url, "
        "which the provider's response schema does not declare"
    ]
    assert found["pact-check.matcher"] == [
        f"{receipt}: $.amount.value: the consumer expects decimals; the provider declares integers",
        f"{receipt}: $.status: the regex '^refund(ed)?$' matches none of the values the provider declares "
        "(['pending', 'settled', 'failed'])",
    ]
    lines = INCOMPATIBLE.read_text().splitlines()
    refund = next(f for f in report.findings if f.rule == "pact-check.path")
    assert refund.line is not None and '"path": "/refunds"' in lines[refund.line - 1]
    assert report.exit_code == 1


def test_matching_rules_are_taken_into_account_and_a_compatible_v3_pact_passes() -> None:
    # `status` holds "whatever" under a type matcher: any string will do, so it is compatible.
    report = check_pacts(None, [PACT_FIXTURES / "orders-payments-compatible-v3.json"], PAYMENTS_OPENAPI)
    assert report.findings == []
    assert report.exit_code == 0


def test_the_example_pacts_pass_against_their_providers_from_the_manifest() -> None:
    report = check_pacts(find_workspace(explicit=EXAMPLE), [])
    assert report.findings == []
    assert sorted(report.checked) == [
        "examples/shop/pacts/notifications-payments.json",
        "examples/shop/pacts/orders-payments.json",
    ]


def test_cli_check_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(app, ["pact", "check", "-w", str(EXAMPLE)])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(
        app, ["pact", "check", str(INCOMPATIBLE), "--openapi", str(PAYMENTS_OPENAPI), "-f", "json"]
    )
    assert bad.exit_code == 1
    payload = json.loads(bad.stdout)
    # One finding per incompatibility, each at the line and JSON pointer of what the pact says.
    found = [(f["rule"], f["severity"], f["line"], f["pointer"]) for f in payload["findings"]]
    assert found == [
        ("pact-check.path", "error", 8, "/interactions/0/request/path"),
        ("pact-check.method", "error", 14, "/interactions/1/request/method"),
        ("pact-check.parameter", "error", 20, "/interactions/2/request/path"),
        ("pact-check.parameter", "error", 20, "/interactions/2/request/query"),
        ("pact-check.request-body", "error", 30, "/interactions/3/request/body"),
        ("pact-check.status", "error", 36, "/interactions/3/response/status"),
        ("pact-check.response-body", "error", 45, "/interactions/4/response/body"),
        ("pact-check.response-body", "error", 45, "/interactions/4/response/body"),
        ("pact-check.undeclared-field", "error", 45, "/interactions/4/response/body"),
        ("pact-check.matcher", "error", 56, "/interactions/4/response/matchingRules"),
        ("pact-check.matcher", "error", 56, "/interactions/4/response/matchingRules"),
    ]
    assert payload["summary"]["error"] == len(found) and payload["summary"]["failed"] is True
    broken = runner.invoke(
        app, ["pact", "check", str(PACT_FIXTURES / "broken.json"), "--openapi", str(PAYMENTS_OPENAPI)]
    )
    assert broken.exit_code == 2
    assert "broken.json:6" in broken.output and "invalid JSON" in broken.output
    not_a_pact = tmp_path / "x.json"
    not_a_pact.write_text('{"consumer": {"name": "a"}, "interactions": []}')
    result = runner.invoke(app, ["pact", "check", str(not_a_pact), "--openapi", str(PAYMENTS_OPENAPI)])
    assert result.exit_code == 2 and "provider.name" in result.output
