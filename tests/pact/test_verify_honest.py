"""`pact verify` passes only what it verified: malformed pacts are refused, every interaction
gets a verdict, and the matrix (hence can-i-deploy) records only real results."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.files import load_pact_file
from accord.contracts.pact.findings import interaction_verdicts, verification_findings
from accord.contracts.pact.matrix import matrix_path, read_matrix
from accord.contracts.pact.verify import VerifyRequest, verify_provider
from accord.manifest import find_workspace
from tests.pact.conftest import PACT_FIXTURES

HOSTILE = PACT_FIXTURES / "hostile"
ONE_FAILS = PACT_FIXTURES / "orders-payments-one-fails.json"
MUST_FAIL = "a request for a payment that does not exist, expecting 200"


@pytest.mark.parametrize(
    ("fixture", "interaction", "line", "what"),
    [
        ("status-string.json", "a status that is text", 21, "'abc' is not of type 'integer'"),
        ("status-null.json", "a status that is null", 21, "None is not of type 'integer'"),
        ("status-fraction.json", "a status with a fraction", 21, "200.5 is not of type 'integer'"),
        ("status-huge.json", "a status beyond any integer", 21, "greater than the maximum of 599"),
    ],
)
def test_a_pact_with_a_status_that_is_no_status_is_exit_2_and_records_nothing(
    example_system: Path, fixture: str, interaction: str, line: int, what: str
) -> None:
    shutil.copy(HOSTILE / fixture, example_system / "pacts" / "orders-payments.json")
    runner = CliRunner()
    result = runner.invoke(app, ["pact", "verify", "payments", "-w", str(example_system)])
    assert result.exit_code == 2, result.output
    assert f"orders-payments.json:{line}:" in result.output
    assert f"interaction {interaction!r}" in result.output and what in result.output
    assert "passed" not in result.output and "Traceback" not in result.output
    assert not matrix_path(find_workspace(explicit=example_system)).exists()
    deploy = runner.invoke(
        app,
        [
            "pact",
            "can-i-deploy",
            "--pacticipant",
            "payments",
            "--version",
            "unversioned",
            "-w",
            str(example_system),
        ],
    )
    # can-i-deploy reads the same pact, and refuses it the same way: never a "yes".
    assert deploy.exit_code == 2
    assert f"interaction {interaction!r}" in deploy.output and "yes" not in deploy.output


def test_every_interaction_gets_a_verdict_and_a_failing_one_is_reported(example_system: Path) -> None:
    shutil.copy(ONE_FAILS, example_system / "pacts" / "orders-payments.json")
    workspace = find_workspace(explicit=example_system)
    result = verify_provider(workspace, VerifyRequest("payments", provider_version="2.0.0"))
    verdicts = {(v.consumer, v.description): v.verdict for v in result.interactions}
    assert verdicts == {
        ("orders", "a request for a payment that does not exist"): "passed",
        ("orders", MUST_FAIL): "failed",
        ("notifications", "a payment.settled event"): "passed",
    }
    assert [f.message for f in result.report.findings] == [
        f"orders -> payments: {MUST_FAIL!r} (given 'no payments exist'): status: expected 200 but was 404"
    ]
    rows = {r.consumer: r.success for r in read_matrix(matrix_path(workspace))}
    assert rows == {"orders": False, "notifications": True}


def test_cli_verify_counts_every_interaction(example_system: Path) -> None:
    shutil.copy(ONE_FAILS, example_system / "pacts" / "orders-payments.json")
    result = CliRunner().invoke(app, ["pact", "verify", "payments", "-w", str(example_system), "-f", "json"])
    assert result.exit_code == 1
    assert "3 interaction(s): 1 failed, 2 passed" in result.stderr
    assert json.loads(result.stdout)["summary"]["error"] == 1


def test_an_interaction_the_verifier_never_reports_is_a_failure_not_a_pass() -> None:
    pact = load_pact_file(ONE_FAILS)
    # What the verifier returns when it judged only the first interaction (e.g. it crashed).
    results = {
        "result": True,
        "interactionResults": [
            {
                "consumer": "orders",
                "description": "a request for a payment that does not exist",
                "providerStates": ["no payments exist"],
                "pending": False,
                "result": "OK",
            }
        ],
    }
    verdicts = [(v.description, v.verdict) for v in interaction_verdicts([pact], results)]
    assert verdicts == [
        ("a request for a payment that does not exist", "passed"),
        (MUST_FAIL, "not verified"),
    ]
    findings = verification_findings("payments", results, [pact], "")
    assert [(f.rule, f.severity.value, f.line) for f in findings] == [("pact.unverified", "error", 24)]
    assert findings[0].message == (
        f"orders -> payments: {MUST_FAIL!r}: the verifier reported no result for this interaction, "
        "so it is not verified"
    )
