"""What a verification leaves out is said, not silent: missing state handlers, no version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.verify import VerifyRequest, verify_provider
from accord.manifest import find_workspace

STATES_LINE = "    pact_states: payments_service.pact_states:provider_state\n"


def _without_state_handler(system: Path) -> None:
    manifest = system / "accord.yaml"
    assert STATES_LINE in manifest.read_text()
    manifest.write_text(manifest.read_text().replace(STATES_LINE, ""))


def test_provider_states_without_a_handler_are_named(example_system: Path) -> None:
    _without_state_handler(example_system)
    result = verify_provider(find_workspace(explicit=example_system), VerifyRequest("payments"))
    warned = {f.message for f in result.report.findings if f.rule == "pact.states"}
    assert (
        "orders -> payments: 'a request for a settled payment' needs provider state 'a payment exists', "
        "but no state handler is set: the provider is verified in whatever state it is in "
        "(pass --states module:function)"
    ) in warned
    assert len(warned) == 3  # two states of orders, one of notifications
    assert {f.severity.value for f in result.report.findings if f.rule == "pact.states"} == {"warning"}
    # ...and the 404 that follows is no longer unexplained.
    assert any("expected 200 but was 404" in f.message for f in result.report.findings)


def test_strict_states_fails_the_verification(example_system: Path) -> None:
    _without_state_handler(example_system)
    args = ["pact", "verify", "payments", "-w", str(example_system), "--strict-states", "-f", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    states = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "pact.states"]
    assert len(states) == 3 and {f["severity"] for f in states} == {"error"}


def test_a_verification_outside_git_says_it_is_unversioned(example_system: Path) -> None:
    runner = CliRunner()
    unversioned = runner.invoke(app, ["pact", "verify", "payments", "-w", str(example_system)])
    named = runner.invoke(
        app, ["pact", "verify", "payments", "-w", str(example_system), "--provider-version", "1.2.3"]
    )
    note = "note: not a git repository: the provider version is recorded as 'unversioned'"
    assert unversioned.exit_code == 0 and note in unversioned.stderr
    assert named.exit_code == 0 and note not in named.stderr


def test_can_i_deploy_refuses_an_empty_version(example_system: Path) -> None:
    args = ["pact", "can-i-deploy", "--pacticipant", "payments", "--version", " ", "-w", str(example_system)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "--version is empty: can-i-deploy needs the version you mean to deploy" in result.output


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ("--messages", "'bogus' is not `broker` or a message producers spec (module:mapping)"),
        ("--states", "'bogus' is not a state handler spec"),
        ("--app", "'bogus' is not an app spec"),
    ],
)
def test_a_misspelt_spec_is_refused_even_when_no_pact_needs_it(
    example_system: Path, option: str, said: str
) -> None:
    # orders is the provider of no pact in the example: nothing would have read the option.
    args = ["pact", "verify", "orders", "-w", str(example_system), option, "bogus"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert f"error: {said}" in result.stderr and "module:attribute" in result.stderr
    assert "Traceback" not in result.output
