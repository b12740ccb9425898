"""Malformed pact files are refused with exit 2 naming file, line and interaction (never exit 70)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.files import load_pact_file
from tests.conftest import EXAMPLE
from tests.pact.conftest import PACT_FIXTURES

HOSTILE = PACT_FIXTURES / "hostile"
PAYMENTS_OPENAPI = EXAMPLE / "services" / "payments" / "openapi.yaml"


@pytest.mark.parametrize(
    ("fixture", "where", "what"),
    [
        (
            "response-string.json",
            "35:7: interaction 'a response that is text'",
            "'200 OK' is not of type 'object'",
        ),
        (
            "response-list.json",
            "35:7: interaction 'a response that is a list'",
            "[404] is not of type 'object'",
        ),
        ("status-string.json", "21:9: interaction 'a status that is text'", "'abc' is not of type 'integer'"),
        ("status-null.json", "21:9: interaction 'a status that is null'", "None is not of type 'integer'"),
        ("status-fraction.json", "21:9: interaction 'a status with a fraction'", "200.5 is not of type"),
        ("status-huge.json", "21:9: interaction 'a status beyond any integer'", "the maximum of 599"),
        (
            "headers-list.json",
            "22:9: interaction 'headers that are a list'",
            "at interactions/0/response/headers",
        ),
        (
            "matching-rules-list.json",
            "22:9: interaction 'matching rules that are a list'",
            "['$.id'] is not of type 'object'",
        ),
        (
            "content-type-number.json",
            "27:11: interaction 'a body whose content type is a number'",
            "response/body/contentType: 42 is not of type 'string'",
        ),
    ],
)
def test_pact_check_refuses_a_malformed_pact_at_its_line(fixture: str, where: str, what: str) -> None:
    result = CliRunner().invoke(
        app, ["pact", "check", str(HOSTILE / fixture), "--openapi", str(PAYMENTS_OPENAPI)]
    )
    assert result.exit_code == 2, result.output
    assert f"{fixture}:{where}: does not follow the Pact Specification" in result.output
    assert what in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "pact",
    [
        EXAMPLE / "pacts" / "orders-payments.json",
        EXAMPLE / "pacts" / "notifications-payments.json",
        PACT_FIXTURES / "orders-payments-compatible-v3.json",
        PACT_FIXTURES / "orders-payments-v2.json",
    ],
    ids=lambda p: p.name,
)
def test_pacts_written_by_pact_follow_the_schema(pact: Path) -> None:
    assert load_pact_file(pact).interactions
