"""`accord contracts validate` on .proto files: protoc's errors as findings (exit 1) with file,
line and column, in every format; the services of accord.yaml with their import roots."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.validate import validate_paths
from tests.conftest import FIXTURES

runner = CliRunner()
LOADER = FIXTURES / "proto" / "loader"


def test_good_protos_pass_and_a_folder_is_searched() -> None:
    report = validate_paths([LOADER / "good"])
    assert report.findings == [] and len(report.checked) == 2


def test_each_broken_file_gives_its_findings_with_lines() -> None:
    report = validate_paths([LOADER / "broken" / name for name in ("syntax.proto", "types.proto")])
    found = {(f.rule, f.line, f.column) for f in report.findings}
    assert ("proto.syntax", 7, 1) in found
    assert report.exit_code == 1


def test_an_unused_import_is_a_warning() -> None:
    report = validate_paths([LOADER / "broken" / "unused.proto"])
    assert [(f.rule, f.severity.value) for f in report.findings] == [("proto.unused-import", "warning")]
    assert report.exit_code == 0


def test_the_cli_reports_proto_findings_in_sarif_and_junit() -> None:
    broken = str(LOADER / "broken" / "imports.proto")
    sarif = runner.invoke(app, ["contracts", "validate", broken, "--format", "sarif", "--no-cache"])
    assert sarif.exit_code == 1, sarif.output
    result = json.loads(sarif.stdout)["runs"][0]["results"][0]
    assert result["ruleId"] == "proto.import-not-found"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    junit = runner.invoke(app, ["contracts", "validate", broken, "--format", "junit"])
    assert junit.exit_code == 1 and "proto.import-not-found" in junit.stdout


def test_the_services_of_the_manifest_are_validated_with_their_import_roots(tmp_path: Path) -> None:
    shutil.copytree(LOADER / "good", tmp_path / "third_party")
    shutil.copy(LOADER / "broken" / "types.proto", tmp_path / "types.proto")
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: shop\nservices:\n  orders:\n    grpc:\n"
        "      protos: [third_party/acme/orders/v1/orders.proto]\n      import_roots: [third_party]\n"
        "  billing:\n    grpc: types.proto\n"
    )
    result = runner.invoke(app, ["contracts", "validate", "--workspace", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {(f["rule"], Path(f["file"]).name, f["line"]) for f in findings} == {
        ("proto.unknown-type", "types.proto", 6),
        ("proto.unknown-type", "types.proto", 7),
    }


def test_a_missing_proto_is_an_input_error() -> None:
    result = runner.invoke(app, ["contracts", "validate", str(LOADER / "absent.proto")])
    assert result.exit_code == 2 and "no such file" in result.output
