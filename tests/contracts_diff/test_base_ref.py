"""`--base-ref`: OLD comes from git (a real repository made for the test)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.diff import diff_paths_against_ref, diff_workspace_against_ref
from accord.errors import InputError
from accord.manifest import find_workspace

runner = CliRunner()


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(example_system: Path) -> Path:
    git(example_system, "init", "-q", "-b", "main")
    git(example_system, "add", "-A")
    git(example_system, "commit", "-q", "-m", "shop")
    return example_system


def _change_shop(repo: Path) -> None:
    orders = repo / "services" / "orders" / "openapi.yaml"
    orders.write_text(
        orders.read_text().replace(
            "quantity: {type: integer, minimum: 1}", "quantity: {type: integer, minimum: 1, maximum: 99}"
        )
    )
    # payments' events contract is gone, a shipping service with a contract is new
    manifest = repo / "accord.yaml"
    text = manifest.read_text().replace("    asyncapi: services/payments/asyncapi.yaml\n", "")
    text += "  shipping:\n    path: services/shipping\n    openapi: services/shipping/openapi.yaml\n"
    manifest.write_text(text)
    (repo / "services" / "payments" / "asyncapi.yaml").unlink()
    (repo / "services" / "shipping").mkdir()
    (repo / "services" / "shipping" / "openapi.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: Shipping, version: '1'}\npaths: {}\n"
    )


def test_every_contract_of_the_manifest_against_the_base(repo: Path) -> None:
    _change_shop(repo)
    result = diff_workspace_against_ref(find_workspace(repo), "main")
    findings = {f.rule: f for f in result.report().findings}
    assert set(findings) == {"request-maximum-set", "contract-added", "contract-removed"}
    assert findings["request-maximum-set"].message == (
        "POST /orders: request body application/json $.items[].quantity: maximum changed from none to 99"
    )
    assert findings["contract-removed"].file == "main:services/payments/asyncapi.yaml"
    assert findings["contract-removed"].severity.value == "error"
    assert findings["contract-added"].file is not None and findings["contract-added"].file.endswith(
        "shipping/openapi.yaml"
    )


def test_unchanged_workspace_reports_nothing(repo: Path) -> None:
    assert diff_workspace_against_ref(find_workspace(repo), "main").changes == []


def test_paths_against_the_base_and_removals_point_into_the_old_version(repo: Path) -> None:
    orders = repo / "services" / "orders" / "openapi.yaml"
    orders.write_text(
        orders.read_text().replace("        '404':\n          $ref: '#/components/responses/NotFound'\n", "")
    )
    git(repo, "commit", "-q", "-am", "no 404")
    orders.write_text(
        orders.read_text()
        .replace("  /orders/{orderId}:", "  /orders/{id}:")
        .replace("name: orderId", "name: id")
    )
    result = diff_paths_against_ref([orders], "HEAD~1", repo)
    report = result.report()
    (removed,) = [f for f in report.findings if f.rule == "response-non-success-status-removed"]
    assert removed.file == "HEAD~1:services/orders/openapi.yaml"
    assert removed.line == 79  # the 404 that the old version listed
    assert {f.rule for f in report.findings} == {
        "response-non-success-status-removed",
        "path-parameter-renamed",
    }


def test_cli_in_ci_mode(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _change_shop(repo)
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["contracts", "diff", "--base-ref", "main", "--format", "github"])
    assert result.exit_code == 1, result.output
    # A removal lies in the old version: annotated on the file as it is now, the old line said
    # in the message (GitHub shows no annotation on `main:services/...`, not a file of the checkout).
    assert (
        "::error file=services/payments/asyncapi.yaml,title=contract-removed::"
        "contract removed (asyncapi-3) (in main, line 1)\n" in result.output
    )
    assert "title=request-maximum-set" in result.output


def test_unknown_ref_and_not_a_repository(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError, match="unknown git ref 'origin/nope'"):
        diff_workspace_against_ref(find_workspace(repo), "origin/nope")
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "a.yaml").write_text("openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths: {}\n")
    monkeypatch.chdir(outside)
    result = runner.invoke(app, ["contracts", "diff", "--base-ref", "main", "a.yaml"])
    assert result.exit_code == 2
    assert "not inside a git repository" in result.output
    assert "Traceback" not in result.output


def test_json_output_of_base_ref(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _change_shop(repo)
    monkeypatch.chdir(repo)
    result = runner.invoke(
        app, ["contracts", "diff", "--base-ref", "main", "-f", "json", "--fail-on", "warning"]
    )
    payload = json.loads(result.output)
    assert payload["summary"]["error"] == 2 and payload["summary"]["failed"] is True


def test_sarif_places_a_removal_on_the_file_as_it_is_now(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _change_shop(repo)
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["contracts", "diff", "--base-ref", "main", "--format", "sarif"])
    assert result.exit_code == 1, result.output
    (removed,) = [
        r for r in json.loads(result.stdout)["runs"][0]["results"] if r["ruleId"] == "contract-removed"
    ]
    assert removed["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "services/payments/asyncapi.yaml"}}}
    ]
    assert removed["message"]["text"] == "contract removed (asyncapi-3) (in main, line 1)"
