"""`accord mesh render`: what the Istio and Linkerd resources say, derived from the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.errors import ConfigError
from accord.manifest import Workspace
from accord.mesh import render_mesh
from accord.mesh.linkerd import path_regex


def resources(workspace: Workspace, kind: str, **options: Any) -> dict[tuple[str, str], dict[str, Any]]:
    """(kind, name) -> resource, over every rendered file."""
    config = render_mesh(workspace, kind, **options)
    found = {}
    for text in config.files.values():
        for document in yaml.safe_load_all(text):
            found[(document["kind"], document["metadata"]["name"])] = document
    return found


def test_istio_routes_carry_each_callers_timeout_and_retries(mesh_workspace: Workspace) -> None:
    rendered = resources(mesh_workspace, "istio")
    stock = rendered[("VirtualService", "stock")]["spec"]
    assert stock["hosts"] == ["stock.shop.svc.cluster.local"]
    from_orders, default = stock["http"]
    assert from_orders["match"] == [{"sourceLabels": {"app.kubernetes.io/name": "orders"}}]
    assert from_orders["timeout"] == "800ms"
    assert from_orders["retries"] == {"attempts": 2, "retryOn": "503,reset", "perTryTimeout": "266ms"}
    assert default == {
        "name": "default",
        "route": [{"destination": {"host": "stock.shop.svc.cluster.local", "port": {"number": 8003}}}],
    }
    # payments is a plain name: the system's defaults (timeout 2s, retries 1 on 5xx)
    (payments_route, _) = rendered[("VirtualService", "payments")]["spec"]["http"]
    assert (payments_route["timeout"], payments_route["retries"]) == (
        "2s",
        {"attempts": 1, "retryOn": "5xx", "perTryTimeout": "1s"},
    )
    # orders' own budget is the timeout of every request to it
    assert rendered[("VirtualService", "orders")]["spec"]["http"] == [
        {
            "name": "default",
            "route": [{"destination": {"host": "orders.shop.svc.cluster.local", "port": {"number": 8001}}}],
            "timeout": "3s",
        }
    ]


def test_istio_circuit_breaker_is_a_destination_rule_in_the_callers_sidecar(
    mesh_workspace: Workspace,
) -> None:
    rendered = resources(mesh_workspace, "istio")
    rules = [name for kind, name in rendered if kind == "DestinationRule"]
    assert rules == ["stock-from-orders"]
    spec = rendered[("DestinationRule", "stock-from-orders")]["spec"]
    assert spec["workloadSelector"] == {"matchLabels": {"app.kubernetes.io/name": "orders"}}
    assert spec["trafficPolicy"] == {
        "connectionPool": {"tcp": {"maxConnections": 50}, "http": {"http1MaxPendingRequests": 50}},
        "outlierDetection": {
            "consecutive5xxErrors": 5,
            "interval": "10s",
            "baseEjectionTime": "30s",
            "maxEjectionPercent": 100,
        },
    }


def test_istio_mtls_is_strict_for_every_service(mesh_workspace: Workspace) -> None:
    rendered = resources(mesh_workspace, "istio", namespace="prod")
    peers = {name: r for (kind, name), r in rendered.items() if kind == "PeerAuthentication"}
    assert set(peers) == {"orders", "payments", "stock", "audit"}
    for name, peer in peers.items():
        assert peer["metadata"]["namespace"] == "prod"
        assert peer["spec"] == {
            "selector": {"matchLabels": {"app.kubernetes.io/name": name}},
            "mtls": {"mode": "STRICT"},
        }


def test_linkerd_profile_routes_come_from_the_contract(mesh_workspace: Workspace) -> None:
    rendered = resources(mesh_workspace, "linkerd")
    profile = rendered[("ServiceProfile", "stock.shop.svc.cluster.local")]["spec"]
    routes = {route["name"]: route for route in profile["routes"]}
    contract = yaml.safe_load((mesh_workspace.root / "services/stock/openapi.yaml").read_text())
    expected = {
        f"{m.upper()} {p}" for p, item in contract["paths"].items() for m in item if m != "parameters"
    }
    assert set(routes) == expected
    read_one = routes["GET /stock/items/{item_id}"]
    assert read_one == {
        "name": "GET /stock/items/{item_id}",
        "condition": {"method": "GET", "pathRegex": "/stock/items/[^/]+"},
        "isRetryable": True,
        "timeout": "800ms",  # no own timeout: the longest a caller declares
    }
    assert "isRetryable" not in routes["POST /stock/items"]  # not idempotent
    orders = rendered[("ServiceProfile", "orders.shop.svc.cluster.local")]["spec"]["routes"]
    assert {route["timeout"] for route in orders} == {"3s"}  # its own budget


@pytest.mark.parametrize(
    ("template", "regex"),
    [
        ("/orders", "/orders"),
        ("/orders/{id}/lines/{line}", "/orders/[^/]+/lines/[^/]+"),
        ("/a.b+", r"/a\.b\+"),
    ],
)
def test_path_templates_become_whole_segment_regexes(template: str, regex: str) -> None:
    assert path_regex(template) == regex


def test_a_bad_option_is_a_config_error(mesh_workspace: Workspace) -> None:
    with pytest.raises(ConfigError, match="unknown mesh kind 'consul'"):
        render_mesh(mesh_workspace, "consul")
    with pytest.raises(ConfigError, match="not NAMESPACE/SERVICEACCOUNT"):
        render_mesh(mesh_workspace, "istio", gateway_identity="ingress")
    with pytest.raises(ConfigError, match="not a Kubernetes namespace"):
        render_mesh(mesh_workspace, "linkerd", namespace="Prod_1")


@pytest.mark.parametrize("kind", ["istio", "linkerd"])
def test_the_scaffolded_deployment_is_what_the_policies_select(mesh_workspace: Workspace, kind: str) -> None:
    """Its pods carry the selected label, run as the ServiceAccount written, and name the port
    Linkerd's Server guards."""
    rendered = resources(mesh_workspace, kind)
    for name in ("orders", "stock"):
        deployment = yaml.safe_load(
            (mesh_workspace.root / f"services/{name}/k8s/deployment.yaml").read_text()
        )
        pod = deployment["spec"]["template"]
        assert pod["metadata"]["labels"]["app.kubernetes.io/name"] == name
        assert pod["spec"]["serviceAccountName"] == name
        assert rendered[("ServiceAccount", name)]["metadata"]["namespace"] == "shop"
        if kind == "linkerd":
            port = rendered[("Server", name)]["spec"]["port"]
            assert port in {p["name"] for p in pod["spec"]["containers"][0]["ports"]}


def test_env_picks_the_service_port_of_that_environment(mesh_system: Path, tmp_path: Path) -> None:
    import shutil

    from accord.manifest import find_workspace

    system = Path(shutil.copytree(mesh_system, tmp_path / "shop"))
    manifest = system / "accord.yaml"
    text = manifest.read_text()
    entry = "    route: /payments\n"
    assert entry in text
    manifest.write_text(
        text.replace(entry, entry + "    upstreams: {k8s: 'http://payments.shop.svc.cluster.local:80'}\n")
    )
    workspace = find_workspace(explicit=system)

    def port(environment: str) -> int:
        spec = resources(workspace, "istio", environment=environment)[("VirtualService", "payments")]["spec"]
        return int(spec["http"][-1]["route"][0]["destination"]["port"]["number"])

    assert (port("k8s"), port("local")) == (80, 8002)
