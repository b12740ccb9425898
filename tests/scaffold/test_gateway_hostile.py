"""Hostile manifests cannot inject configuration into any gateway format, and nginx.conf checks as written."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import ConfigError
from accord.manifest import Workspace, load_manifest
from accord.scaffold.gateways import GATEWAY_KINDS, render_gateway
from tests.conftest import FIXTURES

HOSTILE = FIXTURES / "manifests" / "gateway"


def hostile_system(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    shutil.copy(HOSTILE / name, folder / "accord.yaml")
    return folder


@pytest.mark.parametrize(
    ("name", "line", "text"),
    [
        (
            "route-injection.yaml",
            8,
            "services.orders.route: \"/orders { return 200 'pwned'; } location /x\" is not a valid route",
        ),
        ("route-newlines.yaml", 8, "services.orders.route: \"/orders {\\n    return 200 'pwned';"),
        ("route-trailing-newline.yaml", 8, "services.orders.route: '/orders\\n' is not a valid route"),
        (
            "upstream-injection.yaml",
            10,
            "services.orders.upstreams.local: 'http://127.0.0.1:80; }' is not a valid upstream URL",
        ),
        (
            "environment-injection.yaml",
            4,
            "gateway.environment: 'local\\n}\\nserver {' is not a valid environment name",
        ),
        (
            "url-injection.yaml",
            8,
            "services.orders.url: 'http://orders:8001 {\\n}\\n:9999' is not a valid upstream URL",
        ),
    ],
)
def test_gateway_render_refuses_hostile_manifests_with_the_line(
    tmp_path: Path, name: str, line: int, text: str
) -> None:
    system = hostile_system(tmp_path, name)
    result = CliRunner().invoke(app, ["gateway", "render", "-w", str(system)])
    assert result.exit_code == 2, result.output
    assert f"accord.yaml:{line}:" in result.output
    assert text in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not (system / "gateway").exists()  # nothing written


@pytest.mark.parametrize("kind", sorted(GATEWAY_KINDS))
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("route", "/orders { return 200 'pwned'; } location /x", "is not a valid route"),
        ("route", "/orders`) || PathPrefix(`/", "is not a valid route"),
        ("upstreams", {"local": "http://127.0.0.1:80; }"}, "is not a valid upstream URL"),
        ("upstreams", {"local": "http://127.0.0.1:99999"}, "is not a valid upstream URL"),
        ("url", "http://orders:8001\n}", "is not a valid upstream URL"),
    ],
)
def test_every_renderer_refuses_unsafe_values_that_skipped_the_schema(
    tmp_path: Path, kind: str, field: str, value: object, message: str
) -> None:
    # A Manifest built in Python never met the schema: the renderers check again.
    manifest = load_manifest(FIXTURES / "manifests" / "gateway" / "valid.yaml")
    orders = manifest.services["orders"]._replace(**{field: value})
    if field == "url":
        orders = orders._replace(port=None)
    hostile = manifest._replace(services={"orders": orders})
    workspace = Workspace(tmp_path, tmp_path / "accord.yaml", hostile)
    with pytest.raises(ConfigError, match=message):
        render_gateway(workspace, kind)


def test_an_unsafe_environment_from_the_command_line_is_refused(tmp_path: Path) -> None:
    system = hostile_system(tmp_path, "valid.yaml")
    result = CliRunner().invoke(app, ["gateway", "render", "-w", str(system), "--env", "local\n}"])
    assert result.exit_code == 2, result.output
    assert "environment: 'local\\n}' is not a valid environment name" in result.output
    assert not (system / "gateway").exists()


@pytest.mark.integration
def test_nginx_conf_passes_nginx_t_exactly_as_its_own_comment_says(tmp_path: Path) -> None:
    system = hostile_system(tmp_path, "valid.yaml")
    result = CliRunner().invoke(app, ["gateway", "render", "-w", str(system), "--kind", "nginx"])
    assert result.exit_code == 0, result.output
    text = (system / "gateway" / "nginx.conf").read_text()
    found = re.search(r"^# In the folder of accord.yaml, check: (nginx -t .*)$", text, re.MULTILINE)
    assert found, text[:400]
    command = shlex.split(found.group(1))
    assert command == ["nginx", "-t", "-p", "gateway", "-c", "nginx.conf"]
    checked = subprocess.run(command, cwd=system, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert (system / "gateway" / "tmp" / "proxy").is_dir()
    assert (system / "gateway" / "tmp" / ".gitignore").read_text() == "*\n!.gitignore\n"


@pytest.mark.integration
def test_a_route_with_safe_characters_still_reaches_nginx_quoted(tmp_path: Path) -> None:
    system = hostile_system(tmp_path, "valid.yaml")
    text = render_gateway(
        Workspace(system, system / "accord.yaml", load_manifest(system / "accord.yaml")), "nginx"
    )
    conf = text.files["nginx.conf"]
    assert 'location = "/api/v1/orders" {' in conf
    assert 'location "/api/v1/orders/" {' in conf


def test_an_unsafe_output_folder_from_the_command_line_is_refused(tmp_path: Path) -> None:
    system = hostile_system(tmp_path, "valid.yaml")
    result = CliRunner().invoke(
        app, ["gateway", "render", "-w", str(system), "--output-dir", "gw\n}\nserver {"]
    )
    assert result.exit_code == 2, result.output
    assert "gateway output: 'gw\\n}\\nserver {' is not a valid gateway folder" in result.output
    assert sorted(p.name for p in system.iterdir()) == ["accord.yaml"]  # nothing written


def test_krakend_skips_path_items_that_are_not_objects(tmp_path: Path) -> None:
    system = tmp_path / "shop"
    shutil.copytree(FIXTURES / "gateway" / "krakend-path-not-an-object", system)
    result = CliRunner().invoke(app, ["gateway", "render", "-w", str(system), "--stdout"])
    assert result.exit_code == 0, result.output
    endpoints = json.loads(result.output.split("\n", 1)[1])["endpoints"]
    assert [(e["endpoint"], e["method"]) for e in endpoints] == [("/orders/{id}", "GET")]
