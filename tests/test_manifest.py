"""accord.yaml: loading, schema errors that name the line, workspace discovery, init."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import ConfigError
from accord.manifest import find_workspace, init_manifest, load_manifest
from accord.manifest.policy import Dependency


def test_valid_manifest_loads_services_and_dependencies(fixtures: Path) -> None:
    manifest = load_manifest(fixtures / "manifests" / "valid.yaml")
    assert manifest.system == "demo"
    assert list(manifest.services) == ["orders", "payments"]
    assert manifest.services["orders"].dependency_names == ("payments",)
    assert manifest.services["orders"].depends_on == (Dependency("payments"),)


@pytest.mark.parametrize(
    ("name", "line", "text"),
    [
        ("unknown-key.yaml", 6, "unknown key 'depends'"),
        ("bad-service-name.yaml", 4, "not a valid name"),
        ("missing-dependency.yaml", 6, "'payments', which is not a service"),
        ("dependency-twice.yaml", 5, "'stock', which it already names"),
        ("wrong-version.yaml", 1, "version"),
        ("not-a-mapping.yaml", 1, "must be a mapping"),
        ("tabs.yaml", 4, "invalid YAML"),
        ("empty.yaml", None, "empty"),
    ],
)
def test_broken_manifests_name_the_line(fixtures: Path, name: str, line: int | None, text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_manifest(fixtures / "manifests" / name)
    assert caught.value.line == line
    assert text in str(caught.value)
    assert caught.value.file is not None and caught.value.file.endswith(name)


def test_workspace_is_found_by_walking_up(example_system: Path) -> None:
    nested = example_system / "services" / "orders" / "orders_service"
    workspace = find_workspace(nested)
    assert workspace.root == example_system.resolve()
    assert workspace.contracts()[0] == (example_system / "services/orders/openapi.yaml").resolve()


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="accord init"):
        find_workspace(tmp_path)


def test_init_writes_a_manifest_that_loads_and_never_overwrites(tmp_path: Path) -> None:
    path = init_manifest(tmp_path / "My Shop")
    assert load_manifest(path).system == "my-shop"
    path.write_text(path.read_text() + "# mine\n")
    with pytest.raises(ConfigError, match="already exists"):
        init_manifest(tmp_path / "My Shop")
    assert path.read_text().endswith("# mine\n")
    init_manifest(tmp_path / "My Shop", force=True)
    assert not path.read_text().endswith("# mine\n")


def test_example_system_manifest_is_valid() -> None:
    from tests.conftest import EXAMPLE

    manifest = load_manifest(EXAMPLE / "accord.yaml")
    assert set(manifest.services) == {"orders", "payments", "notifications"}


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    from accord.atomic import write_text_atomic

    target = tmp_path / "report.json"
    write_text_atomic(target, "{}")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_current_umask()
    target.chmod(0o640)
    write_text_atomic(target, "{}")
    assert target.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
