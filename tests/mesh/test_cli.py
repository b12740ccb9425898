"""`accord mesh render` through the CLI: files written atomically, never overwritten without --force,
clear errors with exit code 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from tests.conftest import FIXTURES
from tests.scaffold.conftest import snapshot


@pytest.fixture
def system(mesh_system: Path, tmp_path: Path) -> Path:
    """A copy of the session's system, which this test may write into."""
    return Path(shutil.copytree(mesh_system, tmp_path / "shop"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("kind", ["istio", "linkerd"])
def test_render_writes_one_file_per_service(system: Path, kind: str) -> None:
    code, output = run("mesh", "render", "--kind", kind, "--workspace", str(system))
    assert code == 0, output
    folder = system / "mesh" / kind
    assert sorted(p.name for p in folder.iterdir()) == [
        "audit.yaml",
        "orders.yaml",
        "payments.yaml",
        "stock.yaml",
    ]
    assert f"wrote {folder / 'orders.yaml'} ({kind}, namespace shop)" in output
    assert "written by `accord mesh render`" in (folder / "stock.yaml").read_text()


def test_a_changed_file_is_kept_unless_forced(system: Path) -> None:
    assert run("mesh", "render", "-k", "istio", "--workspace", str(system))[0] == 0
    again, _ = run("mesh", "render", "-k", "istio", "--workspace", str(system))
    assert again == 0  # the same content: nothing to overwrite
    edited = system / "mesh" / "istio" / "stock.yaml"
    edited.write_text(edited.read_text() + "# mine\n")
    before = snapshot(system)
    code, output = run("mesh", "render", "-k", "istio", "-n", "prod", "--workspace", str(system))
    assert code == 2
    assert "exist with other content" in output and "--force" in output and "Traceback" not in output
    assert snapshot(system) == before  # nothing written, not even the files that did not exist
    code, output = run("mesh", "render", "-k", "istio", "-n", "prod", "--force", "--workspace", str(system))
    assert code == 0, output
    assert "# mine" not in edited.read_text() and "namespace: prod" in edited.read_text()


def test_output_dir_stays_inside_the_workspace(system: Path) -> None:
    code, output = run(
        "mesh", "render", "-k", "linkerd", "--output-dir", "../elsewhere", "--workspace", str(system)
    )
    assert code == 2 and "outside the workspace" in output
    assert not (system.parent / "elsewhere").exists()
    code, _ = run(
        "mesh", "render", "-k", "linkerd", "--output-dir", "deploy/linkerd", "--workspace", str(system)
    )
    assert code == 0 and (system / "deploy" / "linkerd" / "orders.yaml").is_file()


def test_stdout_prints_and_writes_nothing(system: Path) -> None:
    code, output = run("mesh", "render", "-k", "linkerd", "--stdout", "--workspace", str(system))
    assert code == 0 and "# --- orders.yaml" in output and "kind: ServiceProfile" in output
    assert not (system / "mesh").exists()


def test_unknown_kind_is_exit_2(system: Path) -> None:
    code, output = run("mesh", "render", "-k", "consul", "--workspace", str(system))
    assert code == 2 and "unknown mesh kind 'consul'" in output and "istio, linkerd" in output


@pytest.mark.parametrize(
    ("fixture", "line", "text"),
    [
        ("duration-without-unit.yaml", 8, "is not a valid duration"),
        ("dependency-unknown-key.yaml", 7, "unknown key 'timout'"),
    ],
)
def test_a_broken_policy_names_the_line(tmp_path: Path, fixture: str, line: int, text: str) -> None:
    shutil.copy(FIXTURES / "manifests" / "schema" / fixture, tmp_path / "accord.yaml")
    code, output = run("mesh", "render", "-k", "istio", "--workspace", str(tmp_path))
    assert code == 2, output
    assert f"accord.yaml:{line}" in output and text in output
    assert not (tmp_path / "mesh").exists()
