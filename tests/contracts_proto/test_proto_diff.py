"""`accord contracts diff` on .proto files: findings that point at the line, categories, the
accepted-changes file, --base-ref over a service's proto folder, and broken files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.diff import diff_paths
from tests.conftest import FIXTURES

runner = CliRunner()
DIFF = FIXTURES / "proto" / "diff"
V1, V2 = FIXTURES / "proto" / "loader" / "good", DIFF / "v2"
ORDERS = "acme/orders/v1/orders.proto"


def test_two_versions_of_a_folder_give_each_break_at_its_line() -> None:
    changes = diff_paths(V1, V2).changes
    found = {(c.check, c.side.value, c.document.locate(c.pointer).line) for c in changes}
    assert found == {
        ("proto-rpc-streaming-changed", "new", 11),
        ("proto-field-renamed", "new", 17),
        ("proto-field-removed", "old", 25),
    }
    removed = next(c for c in changes if c.check == "proto-field-removed")
    assert removed.operation == "acme.orders.v1.GetOrderResponse"
    assert removed.document.name == str(V1 / ORDERS)


def test_the_category_decides_what_breaks() -> None:
    wire = {c.check for c in diff_paths(V1 / ORDERS, V2 / ORDERS, category="wire").changes}
    assert wire == {"proto-rpc-streaming-changed", "proto-field-removed"}  # a rename keeps the wire


def test_the_cli_reports_in_every_format_and_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["contracts", "diff", str(V1), str(V2), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {f["rule"] for f in findings} >= {"proto-field-renamed"}
    renamed = next(f for f in findings if f["rule"] == "proto-field-renamed")
    assert (renamed["line"], renamed["column"], renamed["pointer"]) == (17, 3, "/message_type/0/field/0")
    sarif = runner.invoke(app, ["contracts", "diff", str(V1), str(V2), "--format", "sarif"])
    assert json.loads(sarif.stdout)["runs"][0]["results"]


def test_unchanged_protos_exit_0_and_an_unknown_category_exits_2() -> None:
    assert runner.invoke(app, ["contracts", "diff", str(V1), str(V1)]).exit_code == 0
    result = runner.invoke(app, ["contracts", "diff", str(V1), str(V2), "--category", "json"])
    assert result.exit_code == 2


def test_accepted_changes_are_not_breaking_any_more(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yaml"
    base = ["contracts", "diff", str(V1), str(V2), "--accepted", str(accepted)]
    written = runner.invoke(app, [*base, "--accept", "--reason", "v2 of the orders API"])
    assert written.exit_code == 0, written.output
    assert "operation: acme.orders.v1.GetOrderResponse" in accepted.read_text()
    again = runner.invoke(app, [*base, "--format", "json"])
    assert again.exit_code == 0, again.output
    assert {f["severity"] for f in json.loads(again.stdout)["findings"]} == {"info"}


def test_a_broken_proto_is_an_input_error_with_its_line(tmp_path: Path) -> None:
    broken = FIXTURES / "proto/loader/broken/syntax.proto"
    result = runner.invoke(app, ["contracts", "diff", str(broken), str(V2 / ORDERS)])
    assert result.exit_code == 2
    assert f"{broken}:7:1" in result.output and "Traceback" not in result.output


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A system whose orders service names its proto folder in accord.yaml, committed."""
    root = tmp_path / "shop"
    assert runner.invoke(app, ["init", str(root), "--system", "shop"]).exit_code == 0
    shutil.copytree(V1, root / "services/orders/proto")
    legacy = root / "services/orders/proto/acme/orders/v1/legacy.proto"
    legacy.write_text('syntax = "proto3";\npackage acme.orders.v1;\nmessage LegacyOrder {}\n')
    manifest = root / "accord.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "services: {}", "services:\n  orders:\n    grpc: services/orders/proto\n"
        )
    )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "orders v1")
    return root


def test_base_ref_compares_every_service_proto_with_the_commit(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    assert runner.invoke(app, ["contracts", "diff", "--base-ref", "main"]).exit_code == 0
    shutil.copy(V2 / ORDERS, repo / "services/orders/proto" / ORDERS)
    (repo / "services/orders/proto/acme/orders/v1/legacy.proto").unlink()
    result = runner.invoke(app, ["contracts", "diff", "--base-ref", "main", "--format", "json"])
    assert result.exit_code == 1, result.output
    found = {(f["rule"], f["file"]) for f in json.loads(result.stdout)["findings"]}
    assert ("proto-file-removed", "main:services/orders/proto/acme/orders/v1/legacy.proto") in found
    assert ("proto-field-renamed", f"services/orders/proto/{ORDERS}") in found
    wire = runner.invoke(
        app, ["contracts", "diff", "--base-ref", "main", "--category", "wire", "--format", "json"]
    )
    assert "proto-field-renamed" not in {f["rule"] for f in json.loads(wire.stdout)["findings"]}


def test_base_ref_of_one_proto_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    target = repo / "services/orders/proto" / ORDERS
    shutil.copy(V2 / ORDERS, target)
    result = runner.invoke(app, ["contracts", "diff", "--base-ref", "main", str(target), "--format", "json"])
    assert result.exit_code == 1, result.output
