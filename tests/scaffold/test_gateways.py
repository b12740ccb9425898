"""Gateway configs: nginx and caddy checked by the real programs, the others by published schemas."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import ConfigError
from accord.scaffold import ScaffoldRequest, scaffold_service
from accord.scaffold.gateways import render_gateway
from tests.npm_packages import MODELS_SCRIPT, npm_script, run_node
from tests.scaffold.conftest import TEMPLATES, workspace


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
        assert 'set $upstream_order_history "http://order-history:8002";' in text
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


def schema_errors(kind: str, text: str) -> list[tuple[str, str]]:
    """Where and why a kong.yaml or traefik.yaml breaks the format's published schema."""
    import jsonschema  # heavy; only these tests need it

    schema = {"kong": "kong-dbless.schema.json", "traefik": "traefik-v2-file-provider.schema.json"}[kind]
    validator = jsonschema.Draft4Validator(json.loads((TEMPLATES / "schemas" / schema).read_text()))
    return [
        ("/".join(map(str, e.absolute_path)), e.message) for e in validator.iter_errors(yaml.safe_load(text))
    ]


@pytest.mark.parametrize("environment", ["local", "k8s"])
@pytest.mark.parametrize(("kind", "file"), [("kong", "kong.yaml"), ("traefik", "traefik.yaml")])
def test_kong_and_traefik_configs_pass_their_published_schemas(
    two_services: Path, kind: str, file: str, environment: str
) -> None:
    text = render_gateway(workspace(two_services), kind, environment=environment).files[file]
    assert schema_errors(kind, text) == []


@pytest.mark.parametrize(
    ("kind", "file", "breakage", "broken", "where"),
    [
        ("kong", "kong.yaml", "strip_path: false", "strip_path: 'no'", "services/0/routes/0/strip_path"),
        ("kong", "kong.yaml", "paths:", "path:", "services/0/routes/0"),
        (
            "traefik",
            "traefik.yaml",
            "- url: http://127.0.0.1:8001",
            "- http://127.0.0.1:8001",
            "http/services/orders",
        ),
        ("traefik", "traefik.yaml", "rule: PathPrefix", "rules: PathPrefix", "http/routers/orders"),
    ],
)
def test_kong_and_traefik_schemas_reject_broken_configs_so_the_check_is_real(
    two_services: Path, kind: str, file: str, breakage: str, broken: str, where: str
) -> None:
    text = render_gateway(workspace(two_services), kind).files[file]
    assert breakage in text
    errors = schema_errors(kind, text.replace(breakage, broken, 1))
    assert any(path.startswith(where) for path, _ in errors), errors


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


# The Gateway API's validators generated from its CRDs (MIT; the CRDs are Apache-2.0), and a YAML reader.
GATEWAY_API_NPM = ("@kubernetes-models/gateway-api@2.0.0", "js-yaml@4.3.2")


@pytest.fixture(scope="session")
def gateway_api_validator() -> Path:
    """The validating script, beside a node_modules with the pinned packages (installed once, then reused)."""
    return npm_script(GATEWAY_API_NPM, MODELS_SCRIPT)


def validate_gateway_api(script: Path, text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return run_node(script, text, tmp_path, "@kubernetes-models/gateway-api", name="gateway-api.yaml")


@pytest.mark.integration
def test_gateway_api_resources_pass_the_crd_schemas(
    two_services: Path, gateway_api_validator: Path, tmp_path: Path
) -> None:
    text = render_gateway(workspace(two_services), "gateway-api", environment="k8s").files["gateway-api.yaml"]
    checked = validate_gateway_api(gateway_api_validator, text, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [line.rsplit(": ", 1)[1] for line in checked.stdout.splitlines()] == [
        "Gateway/shop",
        "HTTPRoute/orders",
        "HTTPRoute/order-history",
    ]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("breakage", "broken", "complaint"),
    [
        (
            "port: 8002",
            'port: "8002"',
            "HTTPRoute/order-history: /spec/rules/0/backendRefs/0/port must be integer",
        ),
        ("- name: shop", "- shop", "HTTPRoute/orders: /spec/parentRefs/0 must be object"),
        ("gatewayClassName: default", "", "Gateway/shop: /spec must have required property gatewayClassName"),
    ],
)
def test_gateway_api_check_rejects_broken_resources_so_it_is_real(
    two_services: Path,
    gateway_api_validator: Path,
    tmp_path: Path,
    breakage: str,
    broken: str,
    complaint: str,
) -> None:
    text = render_gateway(workspace(two_services), "gateway-api", environment="k8s").files["gateway-api.yaml"]
    assert breakage in text
    checked = validate_gateway_api(gateway_api_validator, text.replace(breakage, broken), tmp_path)
    assert checked.returncode == 1
    assert complaint in checked.stdout, checked.stdout


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


def test_two_services_on_one_port_are_refused_locally_and_fine_elsewhere(two_services: Path) -> None:
    """On this machine both routes would reach one process; in a cluster each service has its
    own host, so a shared port number is normal there."""
    manifest = two_services / "accord.yaml"
    text = manifest.read_text()
    ports = re.findall(r"port: (\d+)", text)
    manifest.write_text(text.replace(f"port: {ports[1]}", f"port: {ports[0]}"))
    local = CliRunner().invoke(app, ["gateway", "render", "-w", str(two_services), "--kind", "nginx"])
    assert local.exit_code == 2
    assert f"services orders and order-history both have port {ports[0]}" in local.output
    assert not (two_services / "gateway" / "nginx.conf").exists()
    cluster = CliRunner().invoke(
        app, ["gateway", "render", "-w", str(two_services), "--kind", "nginx", "--env", "k8s"]
    )
    assert cluster.exit_code == 0, cluster.output
