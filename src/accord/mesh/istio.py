"""Istio: per service a VirtualService (timeouts, retries per caller), DestinationRules (connection
pool and outlier detection per circuit breaker), PeerAuthentication (mTLS STRICT) and an
AuthorizationPolicy that admits only the declared callers."""

from __future__ import annotations

from typing import Any

from accord.manifest.policy import CircuitBreaker, Duration
from accord.mesh.model import SELECTOR_LABEL, Caller, MeshService
from accord.mesh.registry import MeshContext
from accord.mesh.resources import Resource, files_per_service, metadata

# How often Envoy sweeps for outliers; the circuit breaker declares errors and ejection time.
OUTLIER_INTERVAL = "10s"


def render(context: MeshContext) -> dict[str, str]:
    return files_per_service(context, "Istio", _resources)


def _resources(service: MeshService, context: MeshContext) -> list[Resource]:
    return [
        _virtual_service(service, context),
        *_destination_rules(service, context),
        _peer_authentication(service, context),
        _authorization_policy(service, context),
    ]


def _host(service: MeshService, context: MeshContext) -> str:
    return f"{service.name}.{context.namespace}.svc.cluster.local"


def _virtual_service(service: MeshService, context: MeshContext) -> Resource:
    routes = [
        _caller_route(caller, _destination(service, context))
        for caller in service.edges
        if _has_call_policy(caller)
    ]
    default: dict[str, Any] = {"name": "default", "route": [{"destination": _destination(service, context)}]}
    if service.service.timeout is not None:
        default["timeout"] = str(service.service.timeout)  # the service's own answer budget
    return {
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": metadata(service.name, context),
        "spec": {"hosts": [_host(service, context)], "http": [*routes, default]},
    }


def _destination(service: MeshService, context: MeshContext) -> dict[str, Any]:
    destination: dict[str, Any] = {"host": _host(service, context)}
    if service.port is not None:
        destination["port"] = {"number": service.port}
    return destination


def _has_call_policy(caller: Caller) -> bool:
    edge = caller.dependency
    return edge is not None and (edge.timeout is not None or edge.retries is not None)


def _caller_route(caller: Caller, destination: dict[str, Any]) -> dict[str, Any]:
    """The route of one caller's requests: its declared timeout and retries."""
    edge = caller.dependency
    assert edge is not None  # only edges get a route
    route: dict[str, Any] = {
        "name": f"from-{caller.name}",
        "match": [{"sourceLabels": {SELECTOR_LABEL: caller.name}}],
        "route": [{"destination": destination}],
    }
    if edge.timeout is not None:
        route["timeout"] = str(edge.timeout)
    if edge.retries is not None:
        retries: dict[str, Any] = {"attempts": edge.retries}
        if edge.retry_on:
            retries["retryOn"] = ",".join(str(condition) for condition in edge.retry_on)
        if edge.retries and edge.timeout is not None:
            retries["perTryTimeout"] = str(Duration(max(1, edge.timeout.milliseconds // (edge.retries + 1))))
        route["retries"] = retries
    return route


def _destination_rules(service: MeshService, context: MeshContext) -> list[Resource]:
    """One DestinationRule per caller with a circuit breaker, applied in that caller's sidecar."""
    rules = []
    for caller in service.edges:
        breaker = caller.dependency.circuit_breaker if caller.dependency else None
        if breaker is None:
            continue
        rules.append(
            {
                "apiVersion": "networking.istio.io/v1",
                "kind": "DestinationRule",
                "metadata": metadata(f"{service.name}-from-{caller.name}", context),
                "spec": {
                    "host": _host(service, context),
                    "workloadSelector": {"matchLabels": {SELECTOR_LABEL: caller.name}},
                    "trafficPolicy": _traffic_policy(breaker),
                },
            }
        )
    return rules


def _traffic_policy(breaker: CircuitBreaker) -> dict[str, Any]:
    policy: dict[str, Any] = {}
    if breaker.max_connections is not None:
        policy["connectionPool"] = {
            "tcp": {"maxConnections": breaker.max_connections},
            "http": {"http1MaxPendingRequests": breaker.max_connections},
        }
    policy["outlierDetection"] = {
        "consecutive5xxErrors": breaker.consecutive_errors,
        "interval": OUTLIER_INTERVAL,
        "baseEjectionTime": str(breaker.eject),
        "maxEjectionPercent": 100,
    }
    return policy


def _selector(service: MeshService) -> dict[str, Any]:
    return {"matchLabels": {SELECTOR_LABEL: service.name}}


def _peer_authentication(service: MeshService, context: MeshContext) -> Resource:
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "PeerAuthentication",
        "metadata": metadata(service.name, context),
        "spec": {"selector": _selector(service), "mtls": {"mode": "STRICT"}},
    }


def _authorization_policy(service: MeshService, context: MeshContext) -> Resource:
    """ALLOW only the declared callers' principals; with none, an ALLOW policy without rules
    admits nobody (Istio: an ALLOW policy that matches nothing denies every request)."""
    principals = [caller.identity.istio_principal() for caller in service.callers]
    spec: dict[str, Any] = {"selector": _selector(service), "action": "ALLOW"}
    if principals:
        spec["rules"] = [{"from": [{"source": {"principals": principals}}]}]
    return {
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": metadata(service.name, context),
        "spec": spec,
    }
