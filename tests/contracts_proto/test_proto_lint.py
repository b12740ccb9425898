"""Every proto lint rule against its failing and passing fixture (tests/fixtures/lint/proto-rules/
RULE/), the `lint:` configuration applied to .proto files, and the CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.lint import PROTO_LINT_RULES
from accord.contracts.lint.proto_engine import lint_protos
from accord.contracts.proto.sources import ProtoSources
from tests.conftest import FIXTURES

RULES = FIXTURES / "lint" / "proto-rules"
runner = CliRunner()


def lines_of(path: Path, rule: str) -> list[int]:
    return sorted({f.line or 0 for f in lint_protos(ProtoSources((path,), ())) if f.rule == rule})


def test_every_rule_has_fixtures_and_every_fixture_a_rule() -> None:
    assert sorted(p.name for p in RULES.iterdir()) == sorted(PROTO_LINT_RULES.ids())
    for rule in PROTO_LINT_RULES.ids():
        assert (RULES / rule / "fail.proto").is_file() and list((RULES / rule).rglob("pass.proto")), rule


@pytest.mark.parametrize("rule", sorted(PROTO_LINT_RULES.ids()))
def test_the_failing_fixture_is_flagged_on_the_marked_lines_and_the_passing_one_not(rule: str) -> None:
    fail = RULES / rule / "fail.proto"
    marked = [n for n, line in enumerate(fail.read_text().splitlines(), 1) if re.search(r"// expect$", line)]
    assert marked and lines_of(fail, rule) == marked
    [passing] = (RULES / rule).rglob("pass.proto")
    assert lines_of(passing, rule) == []


def test_the_manifest_sets_levels_and_ignores_for_protos(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "proto/loader/good", tmp_path / "proto")
    shutil.copy(RULES / "proto-comment-missing/fail.proto", tmp_path / "proto/acme/orders/v1/bare.proto")
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: shop\n"
        "lint:\n  rules: {proto-comment-missing: error}\n"
        "  ignore: [{path: proto/acme/orders/v1/bare.proto, rules: [proto-package-directory-match]}]\n"
        "services:\n  orders:\n    grpc: proto\n"
    )
    result = runner.invoke(app, ["contracts", "lint", "--workspace", str(tmp_path), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert {(f["rule"], f["severity"], f["line"]) for f in findings} == {
        ("proto-comment-missing", "error", 5),
        ("proto-comment-missing", "error", 7),
    }


def test_an_unknown_proto_rule_in_the_manifest_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").write_text(
        "version: 1\nsystem: shop\nlint:\n  rules: {proto-coment-missing: off}\n"
    )
    result = runner.invoke(app, ["contracts", "lint", "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    assert "proto-comment-missing" in result.output


def test_list_rules_names_the_proto_rules() -> None:
    result = runner.invoke(app, ["contracts", "lint", "--list-rules", "--format", "json"])
    ids = {rule["id"] for rule in json.loads(result.stdout)["rules"]}
    assert set(PROTO_LINT_RULES.ids()) <= ids


def test_a_broken_proto_is_refused_with_its_line() -> None:
    broken = FIXTURES / "proto/loader/broken/types.proto"
    result = runner.invoke(app, ["contracts", "lint", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:6:3" in result.output
