"""Every registry of checks is listed the same way: `--list-rules` (or `--list-checks`) on each
check command, a table of id, severity and why, or `--format json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.ci import STEPS
from accord.cli.app import app
from accord.contracts.diff.registry import CHECKS as DIFF_CHECKS
from accord.contracts.lint import LINT_RULES, PROTO_LINT_RULES
from accord.contracts.pact.check_rules import CHECKS as PACT_CHECKS
from accord.contracts.provider_rules import CONFORMANCE_RULES, GRPC_RULES, RESILIENCE_RULES
from accord.contracts.registry import Registry
from accord.contracts.validation_rules import RULES
from accord.events.compat import COMPAT_RULES
from accord.events.rules import DRIVEN_RULES, LISTEN_RULES, MESSAGE_RULES, RUN_RULES
from accord.graph.events import EVENT_RULES
from accord.report import Severity

runner = CliRunner()

# Each command's registries, the json `kind` it lists them as and one rule id (lint lists its
# OpenAPI/AsyncAPI rules and its .proto rules as one; `events check` its contract rules and the
# manifest's wiring rules; `events listen` the rules of each message and of the run; `contracts
# test` its HTTP, --chaos and gRPC checks and those of the events it drives).
COMMANDS = [
    (["contracts", "validate"], (RULES,), "validate", "structure"),
    (["contracts", "lint"], (LINT_RULES, PROTO_LINT_RULES), "lint", "operation-id-unique"),
    (["contracts", "diff"], (DIFF_CHECKS,), "diff", "path-removed"),
    (["pact", "check"], (PACT_CHECKS,), "pact check", "pact-check.response-body"),
    (["ci"], (STEPS,), "ci", "pact-check"),
    (["events", "check"], (COMPAT_RULES, EVENT_RULES), "events check", "events.incompatible"),
    (["events", "listen"], (LISTEN_RULES, MESSAGE_RULES, RUN_RULES), "events listen", "event.not-received"),
    (
        ["contracts", "test"],
        (CONFORMANCE_RULES, RESILIENCE_RULES, GRPC_RULES, MESSAGE_RULES, RUN_RULES, DRIVEN_RULES),
        "contracts test",
        "resilience.retry-storm",
    ),
]


@pytest.mark.parametrize(
    ("command", "registries", "kind", "known"), COMMANDS, ids=[" ".join(c[0]) for c in COMMANDS]
)
@pytest.mark.parametrize("flag", ["--list-rules", "--list-checks"])
def test_every_registry_is_listed_alike(
    command: list[str], registries: tuple[Registry[Any], ...], kind: str, known: str, flag: str
) -> None:
    as_json = runner.invoke(app, [*command, flag, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    listed = json.loads(as_json.stdout)
    assert listed["kind"] == kind
    rows = listed["rules"]
    assert [row["id"] for row in rows] == sorted(i for each in registries for i in each.load().ids())
    assert all(row["rationale"] and Severity(row["severity"]) for row in rows)
    by_id = {row["id"]: row for row in rows}
    owner = next(each for each in registries if known in each)
    assert by_id[known]["severity"] == owner.get(known).severity.value
    table = runner.invoke(app, [*command, flag])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert len(lines) == len(rows)
    line = next(line for line in lines if line.split()[0] == known)
    assert line.split()[1] == by_id[known]["severity"]
    assert by_id[known]["rationale"] in line


def test_ci_steps_say_what_they_check() -> None:
    assert STEPS.get("pact-check").rationale.startswith("Every consumer pact")
    assert STEPS.ids() == ["validate", "lint", "events", "diff", "pact-check", "contracts-test", "chaos"]


def test_a_registry_loads_its_modules_once_and_refuses_an_id_twice() -> None:
    registry: Registry[Any] = Registry("demo", modules=["accord.contracts.lint.rules_info"])
    assert registry.load() is registry
    with pytest.raises(ValueError, match="registered twice"):
        registry.rule("x", Severity.info, "why")(print)
        registry.rule("x", Severity.info, "why")(print)


def test_events_listen_without_an_event_says_what_to_name(tmp_path: Path) -> None:
    done = runner.invoke(app, ["events", "listen", "--workspace", str(tmp_path)])
    assert done.exit_code == 2
    assert "name the event to listen to" in done.output
    assert "Traceback" not in done.output


def test_contracts_test_declares_every_check_schemathesis_runs() -> None:
    """A schemathesis upgrade that adds a check must add its rule (and its why) here too."""
    from schemathesis.config._checks import _BUILTIN_CHECK_NAMES

    declared = {rule.id for rule in CONFORMANCE_RULES}
    assert declared == {f"conformance.{name}" for name in _BUILTIN_CHECK_NAMES} | {"conformance.error"}
