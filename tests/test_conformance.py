"""Provider conformance with schemathesis: real apps in process and behind a real uvicorn server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from accord.apps import free_port, load_app, serve_app
from accord.contracts.conformance import (
    ConformanceRun,
    EngineOptions,
    Provider,
    check_conformance,
    check_provider,
    select_providers,
)
from accord.errors import ConfigError, ContractError, InputError, ToolError
from accord.manifest import find_workspace
from accord.report import Finding
from tests.conftest import FIXTURES

CONFORMANCE = FIXTURES / "conformance"
INVENTORY = CONFORMANCE / "inventory" / "openapi.yaml"
QUICK = EngineOptions(max_examples=8, seed=7)
NO_STATEFUL = EngineOptions(phases=("examples", "coverage", "fuzzing"), max_examples=5, seed=7)


@pytest.fixture(scope="module")
def broken_run() -> ConformanceRun:
    """The inventory provider, which breaks its contract three ways, tested once in process."""
    workspace = find_workspace(explicit=CONFORMANCE)
    return check_conformance(select_providers(workspace), QUICK)


def by_operation(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in findings:
        operation = finding.message.split(":", 1)[0]
        found.setdefault(operation, set()).add(finding.rule)
    return found


def test_a_broken_provider_fails_with_the_check_that_caught_each_violation(
    broken_run: ConformanceRun,
) -> None:
    report = broken_run.report()
    assert report.exit_code == 1
    found = by_operation(report.findings)
    assert "conformance.status_code_conformance" in found["POST /items"]  # 200 instead of 201
    assert "conformance.response_schema_conformance" in found["GET /items/{itemId}"]  # no price
    assert "conformance.not_a_server_error" in found["GET /stock"]  # ZeroDivisionError
    missing = next(f for f in report.findings if f.rule == "conformance.response_schema_conformance")
    assert '"price" is a required property' in missing.message


def test_each_failure_carries_a_curl_line_and_points_at_the_operation(broken_run: ConformanceRun) -> None:
    findings = broken_run.report().findings
    crash = next(f for f in findings if f.rule == "conformance.not_a_server_error")
    assert "reproduce: curl -X GET" in crash.message
    assert "warehouses=0" in crash.message
    assert crash.pointer == "/paths/~1stock/get"
    assert crash.file is not None and crash.file.endswith("inventory/openapi.yaml")
    lines = INVENTORY.read_text().splitlines()
    # The finding points at the operation's key, under its path.
    assert crash.line is not None and lines[crash.line - 1].strip() == "get:"
    assert lines[crash.line - 2].strip() == "/stock:"
    assert all("reproduce: curl " in f.message for f in findings)


def test_the_result_counts_what_was_exercised(broken_run: ConformanceRun) -> None:
    (result,) = broken_run.results
    assert result.provider.name == "inventory"
    assert result.operations == 3
    assert result.cases > 20
    assert result.seed == 7
    assert result.failed


def test_the_same_seed_replays_the_same_failures(broken_run: ConformanceRun) -> None:
    workspace = find_workspace(explicit=CONFORMANCE)
    again = check_conformance(select_providers(workspace), QUICK)
    assert again.report().sorted_findings() == broken_run.report().sorted_findings()


def test_checks_option_limits_what_is_checked() -> None:
    provider = Provider("inventory", INVENTORY, app="inventory_app:app", search_path=INVENTORY.parent)
    only = EngineOptions(phases=("coverage",), checks=("not_a_server_error",), max_examples=5, seed=7)
    result = check_provider(provider, only)
    assert {f.rule for f in result.findings} == {"conformance.not_a_server_error"}


def test_example_payments_keeps_its_contract_in_process(example_system: Path) -> None:
    workspace = find_workspace(explicit=example_system)
    (provider,) = select_providers(workspace, "payments")
    result = check_provider(provider, QUICK)
    # The showcase's payments builds payment.settled for its pacts but never sends it on a broker:
    # driven on the real RabbitMQ, that is the one (warning) finding.
    assert [(f.rule, f.severity.value) for f in result.findings] == [("event.not-published", "warning")]
    assert result.operations == 2
    assert result.cases > 20


def test_example_orders_gets_payments_served_for_it(
    example_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PAYMENTS_URL", raising=False)
    workspace = find_workspace(explicit=example_system)
    (provider,) = select_providers(workspace, "orders")
    assert provider.dependencies[0].env == "PAYMENTS_URL"
    result = check_provider(provider, NO_STATEFUL)
    # The showcase's orders never sends order.created on a broker: the one (warning) finding.
    assert [(f.rule, f.severity.value) for f in result.findings] == [("event.not-published", "warning")]
    assert result.operations == 3
    assert "PAYMENTS_URL" not in os.environ


def test_orders_fails_when_payments_is_down(example_system: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A variable the user set wins over the served dependency: here it points at a closed port.
    monkeypatch.setenv("PAYMENTS_URL", f"http://127.0.0.1:{free_port()}")
    workspace = find_workspace(explicit=example_system)
    (provider,) = select_providers(workspace, "orders")
    result = check_provider(provider, EngineOptions(phases=("examples", "coverage"), max_examples=3, seed=1))
    found = by_operation(result.findings)
    assert "conformance.not_a_server_error" in found["POST /orders"]
    # In-process curl lines point at where the service listens (port 8001 in accord.yaml).
    assert "http://127.0.0.1:8001/orders" in result.findings[0].message


def test_a_wsgi_app_is_tested_in_process() -> None:
    contract = CONFORMANCE / "ping" / "openapi.yaml"
    (provider,) = select_providers(None, contract=contract, app="ping_wsgi:app")
    assert provider.name == "ping"
    keyed = EngineOptions(max_examples=5, seed=7, headers={"X-Api-Key": "secret"})
    result = check_provider(provider, keyed)
    assert result.findings == ()
    assert result.cases > 0


@pytest.mark.integration
def test_base_url_against_a_real_uvicorn_server() -> None:
    app = load_app("inventory_app:app", INVENTORY.parent)
    with serve_app(app) as base_url:
        (provider,) = select_providers(None, contract=INVENTORY, base_url=base_url)
        result = check_provider(provider, NO_STATEFUL)
    found = by_operation(result.findings)
    assert "conformance.status_code_conformance" in found["POST /items"]
    assert "conformance.not_a_server_error" in found["GET /stock"]
    crash = next(f for f in result.findings if f.rule == "conformance.not_a_server_error")
    assert f"{base_url}/stock?warehouses=0" in crash.message


def test_an_unreachable_base_url_is_a_tool_error() -> None:
    provider = Provider("inventory", INVENTORY, base_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(ToolError, match="cannot reach"):
        check_provider(provider, QUICK)


@pytest.mark.parametrize(
    ("contract", "error", "message"),
    [
        ("broken/missing.yaml", InputError, "contract not found"),
        ("broken/bad-yaml.yaml", InputError, "invalid YAML"),
        ("broken/no-version.yaml", InputError, "not an OpenAPI or AsyncAPI document"),
        ("broken/events.yaml", ContractError, "need an OpenAPI contract"),
    ],
)
def test_broken_contracts_are_input_errors(contract: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        select_providers(None, contract=CONFORMANCE / contract, app="inventory_app:app")


def test_a_broken_contract_error_names_the_line() -> None:
    with pytest.raises(InputError) as caught:
        select_providers(None, contract=CONFORMANCE / "broken" / "bad-yaml.yaml", app="x:y")
    assert caught.value.line == 10


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("broken/no-app.yaml", "no service in accord.yaml has an OpenAPI contract and an `app` or `url`"),
        ("broken/bad-app.yaml", "cannot import 'no_such_inventory_module'"),
    ],
)
def test_broken_manifests_are_config_errors(manifest: str, message: str) -> None:
    workspace = find_workspace(explicit=CONFORMANCE / manifest)
    with pytest.raises(ConfigError, match=message):
        check_conformance(select_providers(workspace), QUICK)


def test_option_mistakes_are_config_errors(example_system: Path) -> None:
    workspace = find_workspace(explicit=example_system)
    with pytest.raises(ConfigError, match="no OpenAPI contract"):
        select_providers(workspace, "notifications")
    with pytest.raises(ConfigError, match="not both"):
        select_providers(workspace, "payments", base_url="http://127.0.0.1:1", app="a:b")
    with pytest.raises(ConfigError, match="name the SERVICE"):
        select_providers(workspace, app="a:b")
    with pytest.raises(ConfigError, match="no service named"):
        select_providers(workspace, "billing")
    with pytest.raises(ConfigError, match="unknown check 'no_such_check'"):
        check_conformance([], EngineOptions(checks=("no_such_check",)))
