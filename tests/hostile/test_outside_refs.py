"""`$ref`s and manifest paths that lead outside the workspace are refused without being read.

The file beside the workspace is a FIFO: a command that opened it would block until stopped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import accord, copy_fixture, make_special

OUTSIDE = "leads outside"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = copy_fixture("outside", tmp_path)
    make_special(root / "beside" / "pet.yaml", "fifo")
    return root / "ws"


def test_validate_reports_ref_outside_root_at_the_line_of_the_ref(workspace: Path) -> None:
    run = accord(["contracts", "validate", "--no-cache", "--format", "json"], workspace)

    assert run.code == 1, run.output
    findings = json.loads(run.output)["findings"]
    assert [(f["rule"], f["file"], f["line"]) for f in findings] == [
        ("ref-outside-root", "api/openapi.yaml", 13)
    ]
    assert "../../beside/pet.yaml#/Pet" in findings[0]["message"]
    assert "--allow-outside-refs" in findings[0]["message"]


def test_absolute_parent_and_file_url_refs_are_refused(workspace: Path) -> None:
    run = accord(["contracts", "validate", "--no-cache", "--format", "json", "api/secrets.yaml"], workspace)

    assert run.code == 1, run.output
    found = {(f["rule"], f["line"]) for f in json.loads(run.output)["findings"]}
    assert found == {("ref-outside-root", 12), ("ref-outside-root", 21), ("ref-outside-root", 30)}


def test_allow_outside_refs_opts_in(tmp_path: Path) -> None:
    workspace = copy_fixture("outside", tmp_path) / "ws"

    refused = accord(["contracts", "validate", "--no-cache"], workspace)
    allowed = accord(["contracts", "validate", "--no-cache", "--allow-outside-refs"], workspace)

    assert refused.code == 1 and "ref-outside-root" in refused.output
    assert allowed.code == 0, allowed.output


@pytest.mark.parametrize(
    "args",
    [
        ["contracts", "diff", "api/openapi.yaml", "api/openapi.yaml"],
        ["pact", "check"],
        ["contracts", "test", "api"],
        ["mocks", "serve", "api/openapi.yaml"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_commands_that_need_every_ref_stop_with_exit_2(workspace: Path, args: list[str]) -> None:
    run = accord(args, workspace)

    assert run.code == 2, run.output
    assert OUTSIDE in run.output and "Traceback" not in run.output


def test_lint_and_ci_finish_without_reading_the_file(workspace: Path) -> None:
    lint = accord(["contracts", "lint", "--no-cache"], workspace)
    ci = accord(["ci", "--steps", "validate,lint"], workspace)

    assert lint.code == 0, lint.output
    assert ci.code == 1, ci.output
    assert "validate/ref-outside-root" in ci.output


def test_manifest_paths_outside_the_workspace_are_a_config_error(tmp_path: Path) -> None:
    workspace = copy_fixture("manifest-outside", tmp_path)

    run = accord(["contracts", "validate"], workspace)

    assert run.code == 2, run.output
    assert "accord.yaml:6:" in run.output
    assert "services.api.openapi" in run.output and "outside the workspace" in run.output
