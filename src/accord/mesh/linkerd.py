"""Linkerd: per service a ServiceProfile (routes from the OpenAPI contract, timeouts, isRetryable
for idempotent methods), a Server, and an AuthorizationPolicy with a MeshTLSAuthentication naming
exactly the declared callers. A Server denies what no AuthorizationPolicy admits."""

from __future__ import annotations

import re
from typing import Any

from accord.manifest.policy import Duration
from accord.mesh.model import SELECTOR_LABEL, MeshService
from accord.mesh.registry import MeshContext
from accord.mesh.resources import Resource, files_per_service, metadata

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
# The port name of the scaffolded Deployment's container (k8s/deployment.yaml).
PORT_NAME = "http"


def render(context: MeshContext) -> dict[str, str]:
    return files_per_service(context, "Linkerd", _resources)


def _resources(service: MeshService, context: MeshContext) -> list[Resource]:
    resources = [_service_profile(service, context), _server(service, context)]
    if service.callers:  # without any, the Server's deny admits nobody
        resources += [_authentication(service, context), _authorization_policy(service, context)]
    return resources


def _route_timeout(service: MeshService) -> Duration | None:
    """Linkerd's timeouts belong to the server's routes, not to one caller: the service's own
    `timeout:`, else the longest a caller declares (a shorter one would cut that caller short)."""
    if service.service.timeout is not None:
        return service.service.timeout
    declared = [c.dependency.timeout for c in service.edges if c.dependency and c.dependency.timeout]
    return max(declared) if declared else None


def _retries_allowed(service: MeshService) -> bool:
    """Idempotent routes are retryable unless every caller declares `retries: 0`."""
    declared = [c.dependency.retries for c in service.edges if c.dependency]
    return not declared or any(retries != 0 for retries in declared)


def _service_profile(service: MeshService, context: MeshContext) -> Resource:
    timeout = _route_timeout(service)
    retryable = _retries_allowed(service)
    routes = []
    for method, path in _operations(service, context):
        route: dict[str, Any] = {
            "name": f"{method} {path}",
            "condition": {"method": method, "pathRegex": path_regex(path)},
        }
        if method in IDEMPOTENT and retryable:
            route["isRetryable"] = True
        if timeout is not None:
            route["timeout"] = str(timeout)
        routes.append(route)
    return {
        "apiVersion": "linkerd.io/v1alpha2",
        "kind": "ServiceProfile",
        "metadata": metadata(f"{service.name}.{context.namespace}.svc.cluster.local", context),
        "spec": {"routes": routes},
    }


def path_regex(template: str) -> str:
    """An OpenAPI path template as the regex Linkerd matches the whole path with:
    `/orders/{id}` -> `/orders/[^/]+`."""
    parts = re.split(r"(\{[^}/]+\})", template)
    return "".join(
        "[^/]+" if part.startswith("{") and part.endswith("}") else re.escape(part) for part in parts
    )


def _operations(service: MeshService, context: MeshContext) -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation of the service's OpenAPI contract."""
    if not service.service.openapi:
        return []
    from accord.contracts.model import load_contract
    from accord.contracts.rule_context import RuleContext

    contract = load_contract(context.workspace.resolve(service.service.openapi))
    return [(op.method.upper(), op.path) for op in RuleContext(contract).operations()]


def _server(service: MeshService, context: MeshContext) -> Resource:
    return {
        "apiVersion": "policy.linkerd.io/v1beta3",
        "kind": "Server",
        "metadata": metadata(service.name, context),
        "spec": {
            "podSelector": {"matchLabels": {SELECTOR_LABEL: service.name}},
            "port": PORT_NAME,
            "proxyProtocol": "HTTP/1",
            "accessPolicy": "deny",
        },
    }


def _authentication(service: MeshService, context: MeshContext) -> Resource:
    refs = [
        {"kind": "ServiceAccount", "name": c.identity.account, "namespace": c.identity.namespace}
        for c in service.callers
    ]
    return {
        "apiVersion": "policy.linkerd.io/v1alpha1",
        "kind": "MeshTLSAuthentication",
        "metadata": metadata(f"{service.name}-callers", context),
        "spec": {"identityRefs": refs},
    }


def _authorization_policy(service: MeshService, context: MeshContext) -> Resource:
    return {
        "apiVersion": "policy.linkerd.io/v1alpha1",
        "kind": "AuthorizationPolicy",
        "metadata": metadata(service.name, context),
        "spec": {
            "targetRef": {"group": "policy.linkerd.io", "kind": "Server", "name": service.name},
            "requiredAuthenticationRefs": [
                {
                    "group": "policy.linkerd.io",
                    "kind": "MeshTLSAuthentication",
                    "name": f"{service.name}-callers",
                }
            ],
        },
    }
