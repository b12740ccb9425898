"""`pact check` reads a pact as the consumer wrote it: the fields it names, not all the provider sends."""

from __future__ import annotations

from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.check import check_pacts
from tests.pact.conftest import PACT_FIXTURES

FEWER = PACT_FIXTURES / "fewer-fields"


def test_a_response_may_leave_out_fields_but_a_request_may_not() -> None:
    report = check_pacts(None, [FEWER / "shelf-stock.json"], FEWER / "openapi.yaml")
    found = sorted(((f.rule, f.line, f.message) for f in report.findings), key=lambda f: f[1] or 0)
    assert found == [
        (
            "pact-check.response-body",
            61,
            "shelf -> stock: 'a request for an item, reading a status of the wrong type': "
            "response body $: {'id': 'i-1', 'status': 7} is not valid under any of the given schemas",
        ),
        (
            "pact-check.request-body",
            75,
            "shelf -> stock: 'a new item sent without its quantity': "
            "request body $: 'quantity' is a required property",
        ),
    ]


def test_cli_pact_check_passes_a_consumer_that_reads_fewer_fields() -> None:
    result = CliRunner().invoke(
        app, ["pact", "check", str(FEWER / "shelf-stock.json"), "--openapi", str(FEWER / "openapi.yaml")]
    )
    assert result.exit_code == 1
    assert "'a request for an item, reading id and status'" not in result.output
    assert "'a new item, reading its id only'" not in result.output
    assert "is a required property" in result.output and "'quantity'" in result.output
