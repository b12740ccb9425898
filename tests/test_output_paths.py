"""Where the commands that write folders and manifests write: a wrong path is exit 2 naming it.

`-o` for reports is tested with lint (tests/test_cli_lint.py); these are the other writers, on a
system made from an empty folder as a user makes one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.manifest import find_workspace, init_manifest
from accord.scaffold import ScaffoldRequest, scaffold_service


def _system(tmp_path: Path) -> Path:
    """init, then one scaffolded service with a gateway route."""
    folder = tmp_path / "lib"
    init_manifest(folder, "lib")
    scaffold_service(
        find_workspace(explicit=folder), ScaffoldRequest("catalog", gateway="nginx", broker="none")
    )
    return folder


@pytest.mark.parametrize(
    ("command", "written"),
    [(["gateway", "render"], "nginx.conf"), (["mesh", "render", "--kind", "istio"], "catalog.yaml")],
)
def test_an_output_dir_that_is_a_file_is_exit_2_naming_it(
    tmp_path: Path, command: list[str], written: str
) -> None:
    system = _system(tmp_path)
    manifest = system / "accord.yaml"
    before = manifest.read_text()
    result = CliRunner().invoke(app, [*command, "-w", str(system), "--output-dir", "accord.yaml"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {manifest / written}: cannot write this file: {manifest} is a file, not a folder\n"
        "  hint: check the path and its permissions\n"
    )
    assert manifest.read_text() == before


def test_init_force_over_a_folder_named_accord_yaml_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "accord.yaml").mkdir()
    result = CliRunner().invoke(app, ["init", str(tmp_path), "--force"])
    assert result.exit_code == 2, result.output
    assert f"error: {tmp_path / 'accord.yaml'}: this is a folder, not a file to write" in result.stderr
    assert list((tmp_path / "accord.yaml").iterdir()) == []
    assert not (tmp_path / ".gitignore").exists()  # nothing written half-way


def test_a_gateway_output_dir_outside_the_rules_says_what_one_is(tmp_path: Path) -> None:
    system = _system(tmp_path)
    args = ["gateway", "render", "-w", str(system), "--output-dir", str(tmp_path / "elsewhere")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: gateway output: '{tmp_path / 'elsewhere'}' is not a valid gateway folder\n"
        "  hint: Folder the gateway configuration is written to, relative to accord.yaml: "
        "letters, digits, '-', '_', '.', '/' (it is written into the generated files).\n"
    )
    assert not (tmp_path / "elsewhere").exists()
