"""`accord contracts diff` through the CLI: exit codes, formats, accepted changes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from accord.cli.app import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "diff"
PAIR = FIXTURES / "checks" / "request-property-added-required"
BROKEN = FIXTURES / "broken"


def diff(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["contracts", "diff", *map(str, args)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _relative(text: str) -> str:
    relative = str(FIXTURES.relative_to(Path.cwd())) if FIXTURES.is_relative_to(Path.cwd()) else str(FIXTURES)
    return text.replace(str(FIXTURES), "<fixtures>").replace(relative, "<fixtures>")


def test_breaking_change_exits_1_and_nothing_breaking_exits_0() -> None:
    code, output = diff(PAIR / "old.yaml", PAIR / "new.yaml")
    assert code == 1
    assert "POST /pets: request body application/json $.owner: required property added" in output
    info_only = FIXTURES / "checks" / "response-property-added"
    assert diff(info_only / "old.yaml", info_only / "new.yaml")[0] == 0


def test_fail_on_warning() -> None:
    folder = FIXTURES / "checks" / "response-enum-value-added"
    assert diff(folder / "old.yaml", folder / "new.yaml")[0] == 0
    assert diff(folder / "old.yaml", folder / "new.yaml", "--fail-on", "warning")[0] == 1


def test_markdown_change_log(snapshot: SnapshotAssertion) -> None:
    folder = FIXTURES / "checks" / "response-required-property-removed"
    code, output = diff(folder / "old.yaml", folder / "new.yaml", "--format", "markdown")
    assert code == 1
    assert _relative(output) == snapshot


def test_json_report(snapshot: SnapshotAssertion) -> None:
    code, output = diff(PAIR / "old.yaml", PAIR / "new.yaml", "--format", "json")
    assert code == 1
    payload = json.loads(output)
    assert payload["summary"]["error"] == 1
    assert _relative(output) == snapshot


@pytest.mark.parametrize("fmt", ["junit", "sarif", "github", "human"])
def test_other_formats_name_the_check(fmt: str) -> None:
    code, output = diff(PAIR / "old.yaml", PAIR / "new.yaml", "--format", fmt)
    assert code == 1
    assert "request-property-added-required" in output


def test_list_checks() -> None:
    code, output = diff("--list-checks")
    assert code == 0
    lines = output.splitlines()
    assert len(lines) >= 40
    assert any(line.startswith("request-parameter-added-required") and " error " in line for line in lines)
    code, output = diff("--list-checks", "--format", "json")
    rows = {row["id"]: row for row in json.loads(output)["rules"]}
    assert rows["path-removed"]["severity"] == "error"
    assert rows["path-removed"]["rationale"].startswith("every client calling the path gets 404")
    # Each check says why it has its level.
    assert "no client was written for" in rows["response-union-branch-added"]["rationale"]
    assert rows["request-if-added"]["severity"] == "error"
    assert "values clients send today may be refused" in rows["request-if-added"]["rationale"]


def test_accept_records_the_breaking_changes_and_ci_passes_afterwards(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yaml"
    code, output = diff(
        PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", accepted, "--accept", "--reason", "v2, see #12"
    )
    assert code == 0
    assert "1 change(s) recorded" in output
    assert yaml.safe_load(accepted.read_text()) == {
        "accepted": [
            {
                "check": "request-property-added-required",
                "operation": "POST /pets",
                "path": "$.owner",
                "reason": "v2, see #12",
            }
        ]
    }
    code, output = diff(PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", accepted, "--format", "markdown")
    assert code == 0
    assert "#### Accepted breaking changes (1)" in output and "accepted: v2, see #12" in output
    # accepting again adds nothing twice
    diff(PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", accepted, "--accept")
    assert accepted.read_text().count("request-property-added-required") == 1


def test_an_acceptance_for_another_operation_does_not_hide_the_change(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text("accepted:\n  - {check: request-property-added-required, operation: PUT /pets}\n")
    assert diff(PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", accepted)[0] == 1
    accepted.write_text(
        "accepted:\n  - {check: request-property-added-required, operation: post /pets, path: $.owner}\n"
    )
    assert diff(PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", accepted)[0] == 0


def test_manifest_names_the_accepted_file(example_system: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = example_system / "accord.yaml"
    manifest.write_text(
        manifest.read_text() + "diff:\n  accepted: accepted-changes.yaml\n  fail_on: warning\n"
    )
    (example_system / "accepted-changes.yaml").write_text(
        "accepted:\n  - {check: request-property-added-required, operation: POST /pets, reason: agreed}\n"
    )
    monkeypatch.chdir(example_system)
    assert diff(PAIR / "old.yaml", PAIR / "new.yaml")[0] == 0
    folder = FIXTURES / "checks" / "response-enum-value-added"
    assert diff(folder / "old.yaml", folder / "new.yaml")[0] == 1  # fail_on: warning from the manifest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((BROKEN / "bad-yaml.yaml", PAIR / "new.yaml"), "bad-yaml.yaml:"),
        ((BROKEN / "not-a-contract.yaml", PAIR / "new.yaml"), "not an OpenAPI or AsyncAPI document"),
        ((PAIR / "old.yaml", BROKEN / "missing.yaml"), "no such file"),
        ((BROKEN / "dangling-ref.yaml", BROKEN / "dangling-ref.yaml"), "dangling-ref.yaml:11"),
        ((PAIR / "old.yaml", BROKEN / "asyncapi.yaml"), "cannot compare openapi-3.0"),
        ((PAIR / "old.yaml",), "expected OLD and NEW contract files, got 1 path(s)"),
        (
            (FIXTURES / "hostile" / "old.yaml", FIXTURES / "hostile" / "dynamic.yaml"),
            "dynamic.yaml:9: $dynamicRef '#nowhere': no schema of this document declares",
        ),
        (
            (PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", BROKEN / "bad-accepted.yaml"),
            "bad-accepted.yaml:2:5",
        ),
        (
            (PAIR / "old.yaml", PAIR / "new.yaml", "--accepted", BROKEN / "none.yaml"),
            "none.yaml: no such file",
        ),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: tuple[Path | str, ...], message: str) -> None:
    code, output = diff(*args)
    assert code == 2
    assert message in output


def test_accept_never_writes_on_bad_input(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yaml"
    assert diff(BROKEN / "bad-yaml.yaml", PAIR / "new.yaml", "--accepted", accepted, "--accept")[0] == 2
    assert not accepted.exists()


def test_accept_then_ci_reads_the_default_file(example_system: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(example_system)
    assert diff(PAIR / "old.yaml", PAIR / "new.yaml", "--accept")[0] == 0
    assert (example_system / "accord-accepted.yaml").is_file()
    code, output = diff(PAIR / "old.yaml", PAIR / "new.yaml", "--format", "github")
    assert code == 0
    assert "::notice " in output and "accepted (accepted with --accept)" in output
