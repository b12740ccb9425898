"""`port:` is the one source of a service's port: the gateway derives its upstreams from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from accord.cli.app import app
from accord.scaffold import ScaffoldRequest, scaffold_service
from accord.scaffold.gateways import render_gateway
from tests.conftest import FIXTURES
from tests.scaffold.conftest import workspace


def test_an_edited_port_moves_every_upstream_of_the_gateway(system: Path) -> None:
    scaffold_service(workspace(system), ScaffoldRequest("orders", gateway="none"))
    manifest = system / "accord.yaml"
    assert "upstreams" not in manifest.read_text()
    manifest.write_text(manifest.read_text().replace("port: 8001", "port: 8005"))

    local = render_gateway(workspace(system), "nginx").files["nginx.conf"]
    k8s = yaml.safe_load(render_gateway(workspace(system), "kong", environment="k8s").files["kong.yaml"])
    assert "server 127.0.0.1:8005;" in local and "8001" not in local
    assert k8s["services"][0]["url"] == "http://orders:8005"


def test_upstreams_that_contradict_the_port_are_a_config_error_with_the_line(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "manifests" / "ports-disagree.yaml", tmp_path / "accord.yaml")
    result = CliRunner().invoke(app, ["gateway", "render", "-w", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "accord.yaml:10:" in result.output
    assert (
        "services.orders.upstreams.local (http://127.0.0.1:8001) says port 8001, "
        "but services.orders.port is 8005" in result.output
    )
    assert "delete the upstreams entry" in result.output
    assert not (tmp_path / "gateway").exists()


def test_an_upstream_to_another_host_keeps_its_own_port(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "manifests" / "ports-elsewhere.yaml", tmp_path / "accord.yaml")
    result = CliRunner().invoke(
        app, ["gateway", "render", "-w", str(tmp_path), "--env", "staging", "--stdout"]
    )
    assert result.exit_code == 0, result.output
    assert 'set $upstream_orders "http://orders.staging.example.com:80";' in result.output
