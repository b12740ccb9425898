"""The workspace is looked up once, at the command line: no accord.yaml is "no workspace",
a broken one is an error (exit 2, naming the file and line) for every command that looks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import ConfigError
from accord.manifest import find_workspace

runner = CliRunner()

CONTRACT = {
    "openapi": "3.0.3",
    "info": {"title": "orders", "version": "1", "description": "Orders.", "license": {"name": "MIT"}},
    "paths": {},
}
PACT = {
    "consumer": {"name": "web"},
    "provider": {"name": "orders"},
    "interactions": [],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}

# Every command that reads accord.yaml, with arguments that need no manifest where there are such.
COMMANDS = [
    ["templates", "list"],
    ["templates", "show", "python-service"],
    ["contracts", "validate"],
    ["contracts", "validate", "api.yaml"],
    ["contracts", "validate", "--lint", "api.yaml"],
    ["contracts", "lint"],
    ["contracts", "lint", "api.yaml"],
    ["contracts", "diff", "api.yaml", "api.yaml"],
    ["contracts", "diff", "--base-ref", "HEAD"],
    ["contracts", "test", "orders"],
    ["pact", "check"],
    ["pact", "check", "web-orders.json", "--openapi", "api.yaml"],
    ["pact", "verify", "orders"],
    ["pact", "publish"],
    ["pact", "can-i-deploy", "--pacticipant", "web", "--version", "1"],
    ["mocks", "serve", "orders"],
    ["mocks", "up", "orders"],
    ["gateway", "render"],
    ["graph"],
    ["ci"],
    ["scaffold", "service", "billing"],
    ["scaffold", "update", "orders"],
]

BROKEN = {
    "syntax": ("system: [shop\n", 3),
    "schema": ("services: [orders]\n", 3),
}


def _system(tmp_path: Path, broken: str) -> Path:
    assert runner.invoke(app, ["init", str(tmp_path), "--system", "shop"]).exit_code == 0
    manifest = tmp_path / "accord.yaml"
    manifest.write_text("version: 1\n" + ("system: shop\n" if broken == "schema" else "") + BROKEN[broken][0])
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(CONTRACT))
    (tmp_path / "web-orders.json").write_text(json.dumps(PACT))
    return manifest


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_broken_manifest_is_an_error_for_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], broken: str
) -> None:
    _system(tmp_path, broken)
    (tmp_path / "deep").mkdir()
    monkeypatch.chdir(tmp_path / "deep")  # found upwards, as from any folder of the system
    command = [str(tmp_path / a) if a.endswith((".yaml", ".json")) else a for a in command]
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert f"accord.yaml:{BROKEN[broken][1]}" in result.output
    assert "Traceback" not in result.output


def test_a_folder_without_manifest_is_no_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert find_workspace(required=False) is None
    with pytest.raises(ConfigError, match=r"no accord\.yaml found"):
        find_workspace()
    (tmp_path / "api.yaml").write_text(yaml.safe_dump(CONTRACT))
    listed = runner.invoke(app, ["templates", "list"])
    assert listed.exit_code == 0, listed.output
    assert "python-service" in listed.stdout
    validated = runner.invoke(app, ["contracts", "validate", "api.yaml"])
    assert validated.exit_code == 0, validated.output


def test_a_folder_named_like_the_manifest_is_a_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").mkdir()
    with pytest.raises(ConfigError) as caught:
        find_workspace(tmp_path, required=False)
    assert "accord.yaml" in str(caught.value.file or caught.value.message)


def test_an_explicit_workspace_must_hold_a_manifest_even_when_optional(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no accord\.yaml in"):
        find_workspace(explicit=tmp_path, required=False)


def test_what_a_missing_manifest_tells_the_user(tmp_path: Path) -> None:
    (tmp_path / "system").mkdir()
    with pytest.raises(ConfigError) as explicit:
        find_workspace(explicit=tmp_path / "system")
    assert explicit.value.message == f"no accord.yaml in {tmp_path / 'system'}"
    assert explicit.value.hint == "run `accord init` there, or point --workspace at the folder that holds it"
    with pytest.raises(ConfigError) as searched:
        find_workspace(tmp_path / "system")
    assert searched.value.message == f"no accord.yaml found in {tmp_path / 'system'} or any folder above it"
    assert searched.value.hint == "run `accord init` to create one, or pass --workspace DIR"


def test_an_explicit_manifest_file_is_the_workspace(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path), "--system", "shop"]).exit_code == 0
    found = find_workspace(explicit=tmp_path / "accord.yaml")
    assert (found.root, found.manifest.system) == (tmp_path.resolve(), "shop")
    assert find_workspace(tmp_path / "deeper" / "still", required=False) == found


def test_a_broken_manifest_error_keeps_line_column_and_hint(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text("version: 1\nsystem: shop\nservices:\n  orders: {path: [x}\n")
    with pytest.raises(ConfigError) as caught:
        find_workspace(tmp_path, required=False)
    assert (caught.value.file, caught.value.line) == (str(tmp_path / "accord.yaml"), 4)
    assert caught.value.column is not None
