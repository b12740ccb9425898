"""Gateway routes of gRPC services: nginx checked by `nginx -t`, Kong and Traefik by their published
schemas, GRPCRoute by the Gateway API's CRD schema; and the graph's gRPC edges."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from accord.graph.model import EdgeKind, NodeKind, build_graph, node_id
from accord.scaffold import ScaffoldRequest, scaffold_service
from accord.scaffold.gateways import render_gateway
from tests.scaffold.conftest import system, workspace
from tests.scaffold.test_gateways import (
    gateway_api_validator,
    nginx_test,
    schema_errors,
    validate_gateway_api,
)

__all__ = ["gateway_api_validator", "system"]  # fixtures


@pytest.fixture
def grpc_system(system: Path) -> Path:
    """orders serves gRPC only, web HTTP and gRPC, shop calls both."""
    scaffold_service(workspace(system), ScaffoldRequest("orders", gateway="none", api="grpc"))
    scaffold_service(workspace(system), ScaffoldRequest("web", gateway="none", api="http,grpc"))
    scaffold_service(workspace(system), ScaffoldRequest("shop-front", gateway="none"))
    manifest = system / "accord.yaml"
    entry = "  shop-front:\n    path: services/shop-front\n"
    manifest.write_text(manifest.read_text().replace(entry, entry + "    depends_on: [orders, web]\n"))
    return system


@pytest.mark.integration
@pytest.mark.parametrize("environment", ["local", "k8s"])
def test_nginx_grpc_pass_passes_nginx_t(grpc_system: Path, tmp_path: Path, environment: str) -> None:
    text = render_gateway(workspace(grpc_system), "nginx", environment=environment).files["nginx.conf"]
    assert "listen 8081 http2;" in text
    assert 'location "/orders_service.v1.ItemsService/"' in text
    assert 'location "/web_service.v1.ItemsService/"' in text
    if environment == "k8s":
        assert 'set $grpc_orders "grpc://orders:9001";' in text
    else:
        assert "grpc_pass grpc://orders_grpc;" in text and "server 127.0.0.1:9001;" in text
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    checked = nginx_test(conf, tmp_path / "prefix")
    assert checked.returncode == 0, checked.stderr
    conf.write_text(text.replace("grpc_pass", "grpc_passs", 1))
    assert nginx_test(conf, tmp_path / "prefix").returncode != 0  # the check is real


@pytest.mark.parametrize(("kind", "file"), [("kong", "kong.yaml"), ("traefik", "traefik.yaml")])
def test_kong_and_traefik_grpc_routes_pass_their_published_schemas(
    grpc_system: Path, kind: str, file: str
) -> None:
    text = render_gateway(workspace(grpc_system), kind, environment="k8s").files[file]
    assert schema_errors(kind, text) == []
    data = yaml.safe_load(text)
    if kind == "kong":
        grpc = next(s for s in data["services"] if s["name"] == "orders-grpc")
        assert grpc["url"] == "grpc://orders:9001"
        assert grpc["routes"][0]["protocols"] == ["grpc"]
        assert grpc["routes"][0]["paths"] == ["/orders_service.v1.ItemsService/"]
        broken = text.replace("    protocols:\n    - grpc\n", "    protocols: 7\n", 1)
    else:
        assert (
            data["http"]["routers"]["orders-grpc"]["rule"] == "PathPrefix(`/orders_service.v1.ItemsService/`)"
        )
        assert data["http"]["services"]["orders-grpc"]["loadBalancer"]["servers"] == [
            {"url": "h2c://orders:9001"}
        ]
        broken = text.replace("service: orders-grpc", "service: [orders-grpc]", 1)
    assert schema_errors(kind, broken) != []


@pytest.mark.integration
def test_grpc_routes_pass_the_gateway_api_crd_schema(
    grpc_system: Path, gateway_api_validator: Path, tmp_path: Path
) -> None:
    text = render_gateway(workspace(grpc_system), "gateway-api", environment="k8s").files["gateway-api.yaml"]
    checked = validate_gateway_api(gateway_api_validator, text, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "GRPCRoute/orders-grpc" in checked.stdout and "GRPCRoute/web-grpc" in checked.stdout
    broken = text.replace("service: orders_service.v1.ItemsService", "service: 7", 1)
    rejected = validate_gateway_api(gateway_api_validator, broken, tmp_path)
    assert rejected.returncode == 1
    assert "GRPCRoute/orders-grpc: /spec/rules/0/matches/0/method/service must be string" in rejected.stdout


def test_the_graph_draws_grpc_calls_as_their_own_kind(grpc_system: Path) -> None:
    graph = build_graph(workspace(grpc_system).manifest)
    calls = {
        (e.target, e.kind)
        for e in graph.edges
        if e.source == node_id(NodeKind.service, "shop-front") and e.kind in (EdgeKind.http, EdgeKind.grpc)
    }
    assert calls == {
        ("svc_orders", EdgeKind.grpc),  # gRPC only
        ("svc_web", EdgeKind.http),  # both APIs: both edges
        ("svc_web", EdgeKind.grpc),
    }
