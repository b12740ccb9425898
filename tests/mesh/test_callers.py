"""The rendered authorization admits exactly the callers the manifest declares.

Each mesh's own rules are evaluated over the rendered resources for every (caller, service)
pair of the system, the gateway and a stranger:
- Istio: a workload selected by an ALLOW AuthorizationPolicy admits a request only when a rule
  of one matches its mTLS principal; an ALLOW policy without rules matches nothing; a workload
  no ALLOW policy selects admits everyone (and a workload without STRICT mTLS has no
  principal to check, so it must have it).
- Linkerd: a workload selected by a Server whose accessPolicy is deny admits only the identities
  of an AuthorizationPolicy aimed at that Server (every MeshTLSAuthentication it requires must
  name the caller's ServiceAccount); a workload no Server selects admits everyone.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from accord.manifest import Workspace
from accord.mesh import render_mesh
from tests.mesh.conftest import DECLARED_CALLERS

NAMESPACE = "shop"
GATEWAY = {
    "istio": ("istio-system", "istio-ingressgateway-service-account"),
    "linkerd": ("ingress-nginx", "ingress-nginx"),
}
STRANGER = ("shop", "intruder")


def rendered(workspace: Workspace, kind: str, **options: Any) -> list[dict[str, Any]]:
    return [
        d for text in render_mesh(workspace, kind, **options).files.values() for d in yaml.safe_load_all(text)
    ]


def selects(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    wanted = (selector or {}).get("matchLabels") or {}
    return all(labels.get(key) == value for key, value in wanted.items())


def istio_admits(resources: list[dict[str, Any]], workload: str, caller: tuple[str, str]) -> bool:
    labels = {"app.kubernetes.io/name": workload}
    principal = f"cluster.local/ns/{caller[0]}/sa/{caller[1]}"
    strict = [
        r
        for r in resources
        if r["kind"] == "PeerAuthentication"
        and selects(r["spec"].get("selector"), labels)
        and r["spec"]["mtls"]["mode"] == "STRICT"
    ]
    assert strict, f"{workload} has no STRICT mTLS: its callers have no principal"
    policies = [
        r["spec"]
        for r in resources
        if r["kind"] == "AuthorizationPolicy"
        and r["metadata"]["namespace"] == NAMESPACE
        and selects(r["spec"].get("selector"), labels)
    ]
    assert all(p.get("action", "ALLOW") == "ALLOW" for p in policies)
    if not policies:
        return True
    return any(
        principal in source["source"].get("principals", [])
        for policy in policies
        for rule in policy.get("rules", [])
        for source in rule.get("from", [])
    )


def linkerd_admits(resources: list[dict[str, Any]], workload: str, caller: tuple[str, str]) -> bool:
    labels = {"app.kubernetes.io/name": workload}
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for r in resources:
        by_kind.setdefault(r["kind"], {})[r["metadata"]["name"]] = r
    servers = [
        name for name, s in by_kind.get("Server", {}).items() if selects(s["spec"]["podSelector"], labels)
    ]
    if not servers:
        return True
    for server in servers:
        assert by_kind["Server"][server]["spec"]["accessPolicy"] == "deny"
        for policy in by_kind.get("AuthorizationPolicy", {}).values():
            target = policy["spec"]["targetRef"]
            if (target.get("kind"), target["name"]) != ("Server", server):
                continue
            required = policy["spec"]["requiredAuthenticationRefs"]
            if all(_authenticates(by_kind, ref, caller) for ref in required):
                return True
    return False


def _authenticates(
    by_kind: dict[str, dict[str, dict[str, Any]]], ref: dict[str, Any], caller: tuple[str, str]
) -> bool:
    authentication = by_kind.get(ref["kind"], {}).get(ref["name"])
    if authentication is None:
        return False  # Linkerd ignores an authorization whose authentication is missing
    refs = authentication["spec"].get("identityRefs", [])
    return any(
        (r.get("namespace", NAMESPACE), r.get("name")) == caller and r["kind"] == "ServiceAccount"
        for r in refs
    )


@pytest.mark.parametrize(("kind", "admits"), [("istio", istio_admits), ("linkerd", linkerd_admits)])
def test_each_service_admits_exactly_its_declared_callers(
    mesh_workspace: Workspace, kind: str, admits: Any
) -> None:
    resources = rendered(mesh_workspace, kind)
    candidates = {name: (NAMESPACE, name) for name in DECLARED_CALLERS}
    candidates |= {"gateway": GATEWAY[kind], "stranger": STRANGER}
    admitted = {
        service: {name for name, identity in candidates.items() if admits(resources, service, identity)}
        for service in DECLARED_CALLERS
    }
    assert admitted == DECLARED_CALLERS


@pytest.mark.parametrize(("kind", "admits"), [("istio", istio_admits), ("linkerd", linkerd_admits)])
def test_the_gateway_is_whoever_the_option_names(mesh_workspace: Workspace, kind: str, admits: Any) -> None:
    resources = rendered(mesh_workspace, kind, gateway_identity="edge/front-door")
    assert admits(resources, "orders", ("edge", "front-door"))
    assert not admits(resources, "orders", GATEWAY[kind])
    assert not admits(resources, "stock", ("edge", "front-door"))  # stock has no route


def test_the_evaluators_see_a_widened_policy(mesh_workspace: Workspace) -> None:
    """A policy that admits one more caller is caught by both evaluations (so they can fail)."""
    istio = rendered(mesh_workspace, "istio")
    policy = next(r for r in istio if r["kind"] == "AuthorizationPolicy" and r["metadata"]["name"] == "audit")
    policy["spec"]["rules"] = [{"from": [{"source": {"principals": ["cluster.local/ns/shop/sa/intruder"]}}]}]
    assert istio_admits(istio, "audit", STRANGER)
    linkerd = rendered(mesh_workspace, "linkerd")
    authentication = next(
        r
        for r in linkerd
        if r["kind"] == "MeshTLSAuthentication" and r["metadata"]["name"] == "stock-callers"
    )
    authentication["spec"]["identityRefs"].append({"kind": "ServiceAccount", "name": "intruder"})
    assert linkerd_admits(linkerd, "stock", STRANGER)
    server = next(r for r in linkerd if r["kind"] == "Server" and r["metadata"]["name"] == "audit")
    linkerd.remove(server)
    assert linkerd_admits(linkerd, "audit", STRANGER)  # no Server: the cluster's default admits all
