"""Gateway configs: nginx and caddy checked by the real programs, the others by their structure."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import ConfigError
from accord.scaffold import ScaffoldRequest, scaffold_service
from accord.scaffold.gateways import render_gateway
from tests.scaffold.conftest import workspace


@pytest.fixture
def two_services(system: Path) -> Path:
    scaffold_service(workspace(system), ScaffoldRequest("orders", gateway="none"))
    scaffold_service(workspace(system), ScaffoldRequest("order-history", gateway="none"))
    return system


def nginx_test(conf: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        ["/usr/sbin/nginx", "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True
    )


@pytest.mark.integration
@pytest.mark.parametrize("environment", ["local", "k8s"])
def test_nginx_config_passes_nginx_t(two_services: Path, tmp_path: Path, environment: str) -> None:
    result = CliRunner().invoke(
        app, ["gateway", "render", "-w", str(two_services), "--kind", "nginx", "--env", environment]
    )
    assert result.exit_code == 0, result.output
    conf = two_services / "gateway" / "nginx.conf"
    text = conf.read_text()
    if environment == "k8s":  # service names resolve at request time, through the resolver
        assert "set $upstream_order_history http://order-history:8002;" in text
    else:
        assert "server 127.0.0.1:8002;" in text
    checked = nginx_test(conf, tmp_path / "prefix")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.integration
def test_nginx_rejects_a_broken_config_so_the_check_is_real(two_services: Path, tmp_path: Path) -> None:
    conf = tmp_path / "broken.conf"
    text = render_gateway(workspace(two_services), "nginx").files["nginx.conf"]
    conf.write_text(text.replace("listen ", "listne "))
    assert nginx_test(conf, tmp_path / "prefix").returncode != 0


@pytest.mark.integration
def test_caddyfile_passes_caddy_validate(two_services: Path, tmp_path: Path) -> None:
    caddyfile = tmp_path / "Caddyfile"
    caddyfile.write_text(render_gateway(workspace(two_services), "caddy").files["Caddyfile"])
    checked = subprocess.run(
        ["caddy", "validate", "--config", str(caddyfile), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr


def test_kong_declarative_config(two_services: Path) -> None:
    data = yaml.safe_load(render_gateway(workspace(two_services), "kong").files["kong.yaml"])
    assert data["_format_version"] == "3.0"
    assert [(s["name"], s["url"], s["routes"][0]["paths"]) for s in data["services"]] == [
        ("orders", "http://127.0.0.1:8001", ["/orders"]),
        ("order-history", "http://127.0.0.1:8002", ["/order-history"]),
    ]


def test_traefik_file_provider_config(two_services: Path) -> None:
    http = yaml.safe_load(render_gateway(workspace(two_services), "traefik").files["traefik.yaml"])["http"]
    assert http["routers"]["orders"]["rule"] == "PathPrefix(`/orders`)"
    assert http["services"]["orders"]["loadBalancer"]["servers"] == [{"url": "http://127.0.0.1:8001"}]


def test_gateway_api_routes(two_services: Path) -> None:
    text = render_gateway(workspace(two_services), "gateway-api", environment="k8s").files["gateway-api.yaml"]
    gateway, *routes = list(yaml.safe_load_all(text))
    assert gateway["kind"] == "Gateway"
    assert [r["spec"]["rules"][0]["backendRefs"] for r in routes] == [
        [{"name": "orders", "port": 8001}],
        [{"name": "order-history", "port": 8002}],
    ]


def test_krakend_endpoints_come_from_the_contracts(two_services: Path) -> None:
    data = json.loads(render_gateway(workspace(two_services), "krakend").files["krakend.json"])
    assert data["version"] == 3
    endpoints = {(e["method"], e["endpoint"]) for e in data["endpoints"]}
    assert ("POST", "/orders/items") in endpoints
    assert ("GET", "/order-history/items/{item_id}") in endpoints
    assert not any(e["endpoint"] == "/healthz" for e in data["endpoints"])


def test_unknown_kind_and_missing_upstream_are_config_errors(system: Path) -> None:
    with pytest.raises(ConfigError, match="unknown gateway kind"):
        render_gateway(workspace(system), "envoy")
    text = (system / "accord.yaml").read_text().replace("services: {}", "services:\n  a: {route: /a}")
    (system / "accord.yaml").write_text(text)
    with pytest.raises(ConfigError, match="no upstream"):
        render_gateway(workspace(system), "nginx")
