"""`accord ci` validates and lints every service's `.proto` files with its import roots."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from tests.conftest import FIXTURES

runner = CliRunner()
LOADER = FIXTURES / "proto" / "loader"


def test_ci_validates_and_lints_the_protos_of_the_manifest(tmp_path: Path) -> None:
    assert runner.invoke(app, ["init", str(tmp_path), "--system", "shop"]).exit_code == 0
    shutil.copytree(LOADER / "good", tmp_path / "proto")
    shutil.copy(LOADER / "broken" / "types.proto", tmp_path / "proto" / "types.proto")
    manifest = tmp_path / "accord.yaml"
    grpc = "services:\n  orders:\n    grpc: proto\n"
    manifest.write_text(manifest.read_text().replace("services: {}", grpc))
    result = runner.invoke(app, ["ci", "-w", str(tmp_path), "--steps", "validate,lint", "-f", "json"])
    assert result.exit_code == 1, result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert {"validate/proto.unknown-type", "lint/input-error"} <= rules  # lint cannot read it either
    (tmp_path / "proto" / "types.proto").unlink()
    clean = runner.invoke(app, ["ci", "-w", str(tmp_path), "--steps", "validate,lint", "-f", "json"])
    assert clean.exit_code == 0, clean.output
    assert json.loads(clean.stdout)["summary"]["files"] >= 2
