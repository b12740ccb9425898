"""`accord contracts lint` through the CLI: wiring, exit codes, formats, --list-rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.lint import LINT_RULES, PROTO_LINT_RULES
from tests.conftest import FIXTURES

LINT = FIXTURES / "lint"
runner = CliRunner()


def test_lints_every_contract_of_the_manifest(example_system: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example_system / "services")
    result = runner.invoke(app, ["contracts", "lint", "--format", "json", "--fail-on", "warning"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["summary"]["files"] == 5
    assert payload["summary"]["error"] == payload["summary"]["warning"] == 0
    assert set(payload["findings"][0]) == {"rule", "severity", "message", "file", "line", "column", "pointer"}


def test_findings_at_fail_on_exit_1_and_below_exit_0() -> None:
    path = str(LINT / "rules" / "operation-summary" / "fail.yaml")
    assert runner.invoke(app, ["contracts", "lint", path]).exit_code == 0
    result = runner.invoke(app, ["contracts", "lint", path, "--fail-on", "warning"])
    assert result.exit_code == 1
    assert "operation-summary" in result.output and "fail.yaml" in result.output


def test_sarif_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "accord.sarif"
    path = str(LINT / "rules" / "no-ref-siblings" / "fail.yaml")
    result = runner.invoke(app, ["contracts", "lint", path, "--format", "sarif", "--output", str(out)])
    assert result.exit_code == 1
    sarif = json.loads(out.read_text())
    [finding] = sarif["runs"][0]["results"]
    assert finding["ruleId"] == "no-ref-siblings"
    assert finding["locations"][0]["physicalLocation"]["region"]["startLine"] == 31


def test_github_annotations() -> None:
    path = str(LINT / "rules" / "tags-declared" / "fail.yaml")
    result = runner.invoke(app, ["contracts", "lint", path, "--format", "github"])
    assert result.output.startswith("::warning file=")
    assert "title=tags-declared" in result.output


@pytest.mark.parametrize("name", ["not-a-contract.yaml", "bad-yaml.yaml", "empty.yaml", "missing.yaml"])
def test_broken_file_exits_2_without_traceback(tmp_path: Path, name: str) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["contracts", "lint", str(LINT / "broken" / name), "-o", str(out), "-f", "json"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert name in result.output
    assert not out.exists()


def test_unknown_rule_in_config_exits_2(example_system: Path) -> None:
    manifest = example_system / "accord.yaml"
    manifest.write_text(manifest.read_text() + (LINT / "config" / "unknown-rule.yaml").read_text())
    result = runner.invoke(app, ["contracts", "lint", "--workspace", str(example_system)])
    assert result.exit_code == 2
    assert "unknown rule 'info-licence'" in result.output


def test_list_rules_table_and_json() -> None:
    result = runner.invoke(app, ["contracts", "lint", "--list-rules"])
    assert result.exit_code == 0
    assert "operation-id-unique" in result.output
    result = runner.invoke(app, ["contracts", "lint", "--list-rules", "--format", "json"])
    rules = json.loads(result.output)["rules"]
    assert [r["id"] for r in rules] == sorted(LINT_RULES.ids() + PROTO_LINT_RULES.ids())
    assert all(r["severity"] in ("error", "warning", "info") and r["rationale"] for r in rules)


def test_folders_and_workspace_config_apply_to_explicit_paths(example_system: Path) -> None:
    manifest = example_system / "accord.yaml"
    manifest.write_text(manifest.read_text() + (LINT / "config" / "severities.yaml").read_text())
    result = runner.invoke(
        app, ["contracts", "lint", str(example_system / "services"), "-w", str(example_system), "-f", "json"]
    )
    payload = json.loads(result.output)
    assert payload["summary"]["files"] == 5
    rules = {f["rule"] for f in payload["findings"]}
    assert "info-license" not in rules and "schema-property-description" not in rules


@pytest.mark.parametrize("command", ["lint", "validate"])
def test_a_folder_without_contracts_or_a_missing_path_is_bad_input(tmp_path: Path, command: str) -> None:
    """A typo in a CI step must not lint nothing and pass: validate and lint collect alike."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.yaml").write_text("title: not a contract\n")
    empty = runner.invoke(app, ["contracts", command, str(tmp_path / "empty")])
    assert empty.exit_code == 2
    assert "this folder holds no OpenAPI or AsyncAPI contract and no .proto file" in empty.output
    missing = runner.invoke(app, ["contracts", command, str(tmp_path / "opnapi.yaml")])
    assert missing.exit_code == 2
    assert "opnapi.yaml: no such file or folder" in missing.output
    assert "Traceback" not in empty.output + missing.output


def test_a_report_that_cannot_be_written_is_bad_input(tmp_path: Path) -> None:
    """`-o` naming a folder, or a path under a file: exit 2 naming it, nothing left behind."""
    contract = str(LINT / "rules" / "operation-summary" / "fail.yaml")
    (tmp_path / "reports").mkdir()
    (tmp_path / "notes.txt").write_text("mine\n")
    into_folder = runner.invoke(app, ["contracts", "lint", contract, "-o", str(tmp_path / "reports")])
    assert into_folder.exit_code == 2
    assert "reports: this is a folder, not a file to write" in into_folder.output
    under_file = runner.invoke(
        app, ["contracts", "lint", contract, "-o", str(tmp_path / "notes.txt" / "out.sarif")]
    )
    assert under_file.exit_code == 2
    assert "out.sarif: cannot write this file: " in under_file.output
    assert "notes.txt is a file, not a folder" in under_file.output
    assert "Traceback" not in into_folder.output + under_file.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notes.txt", "reports"]
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_a_report_onto_a_fifo_leaves_it_a_fifo(tmp_path: Path) -> None:
    """`-o` naming a device or a FIFO (`/dev/null`, a pipe) is refused: renaming the report over it
    would replace the node itself (as root, /dev/null became a regular file)."""
    import os
    import stat

    contract = str(LINT / "rules" / "operation-summary" / "fail.yaml")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    (tmp_path / "link").symlink_to(fifo)
    for target in (fifo, tmp_path / "link"):
        result = runner.invoke(app, ["contracts", "lint", contract, "-o", str(target)])
        assert result.exit_code == 2, result.output
        assert f"{target}: not a regular file: accord writes only files it can replace whole" in result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert (tmp_path / "link").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "pipe"]
