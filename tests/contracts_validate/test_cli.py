"""`accord contracts validate` through the CLI: wiring, exit codes, formats (snapshots), workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from accord.cli.app import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validate"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["contracts", "validate", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_example_system_validates_with_no_finding(
    example_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_system)
    code, output = run("--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["findings"] == []
    assert payload["summary"]["files"] == 5


def test_workspace_option_and_folder_argument(example_system: Path) -> None:
    code, output = run("--workspace", str(example_system))
    assert code == 0 and "5 file(s)" in output
    code, output = run(str(example_system))
    assert code == 0 and "5 file(s)" in output  # accord.yaml and other YAML are skipped


def test_invalid_contract_exits_1_with_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "bad")
    code, output = run("path-params.yaml")
    assert code == 1
    assert "7:5" in output and "path-params" in output


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github"])
def test_output_formats(fmt: str, monkeypatch: pytest.MonkeyPatch, snapshot: SnapshotAssertion) -> None:
    monkeypatch.chdir(FIXTURES / "bad")
    code, output = run("--format", fmt, "--no-cache", "path-params.yaml", "duplicate-parameter.yaml")
    assert code == 1
    assert output.replace(_version(), "VERSION") == snapshot


def _version() -> str:
    from accord import __version__

    return __version__


def test_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "bad")
    target = tmp_path / "report.sarif"
    code, output = run("--format", "sarif", "--output", str(target), "ref-placement.yaml")
    assert code == 1
    assert "report written to" in output
    sarif = json.loads(target.read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "ref-placement"


def test_list_rules() -> None:
    code, output = run("--list-rules")
    assert code == 0
    for rule_id in ("structure", "unresolved-ref", "example-invalid", "path-params", "required-undefined"):
        assert rule_id in output


def test_no_manifest_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = run("--workspace", str(tmp_path))
    assert code == 2
    assert "accord.yaml" in output


def test_lint_flag_adds_the_lint_rules_in_the_same_run() -> None:
    lint_fixture = FIXTURES.parent / "lint" / "rules" / "no-query-in-path" / "fail.yaml"
    code, output = run("--lint", "--no-cache", "--format", "json", str(lint_fixture))
    payload = json.loads(output)
    assert payload["summary"]["tool"] == "validate+lint"
    assert "no-query-in-path" in {f["rule"] for f in payload["findings"]}
    assert code == 1  # an error-level lint finding fails the hook
    code, output = run("--no-cache", "--format", "json", str(lint_fixture))
    assert "no-query-in-path" not in {f["rule"] for f in json.loads(output)["findings"]}


def test_fail_on_warning_makes_a_warning_fail_validate() -> None:
    contract = (
        Path(__file__).resolve().parents[1] / "fixtures" / "validate" / "bad" / "required-undefined.yaml"
    )
    default = CliRunner().invoke(app, ["contracts", "validate", "--no-cache", str(contract)])
    strict = CliRunner().invoke(
        app, ["contracts", "validate", "--no-cache", "--fail-on", "warning", str(contract)]
    )
    assert default.exit_code == 0, default.output
    assert strict.exit_code == 1, strict.output
    assert "required-undefined" in strict.output
