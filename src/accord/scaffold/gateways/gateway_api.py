"""Kubernetes Gateway API: a Gateway and one HTTPRoute per service (`gateway-api.yaml`)."""

from __future__ import annotations

import yaml

from accord.scaffold.gateways.registry import RenderContext


def render(context: RenderContext) -> dict[str, str]:
    gateway: dict[str, object] = {
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": context.system},
        "spec": {
            "gatewayClassName": "default",
            "listeners": [{"name": "http", "protocol": "HTTP", "port": context.listen}],
        },
    }
    documents: list[dict[str, object]] = [gateway]
    for route in context.routes:
        documents.append(
            {
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "HTTPRoute",
                "metadata": {"name": route.service},
                "spec": {
                    "parentRefs": [{"name": context.system}],
                    "rules": [
                        {
                            "matches": [{"path": {"type": "PathPrefix", "value": route.prefix}}],
                            # The Kubernetes Service of the same name (see the service's k8s/service.yaml).
                            "backendRefs": [{"name": route.service, "port": route.port}],
                        }
                    ],
                },
            }
        )
    for grpc in context.grpc_routes:
        documents.append(
            {
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "GRPCRoute",
                "metadata": {"name": f"{grpc.service}-grpc"},
                "spec": {
                    "parentRefs": [{"name": context.system}],
                    "rules": [
                        {
                            "matches": [{"method": {"service": name}} for name in grpc.grpc_services],
                            # The `grpc` port of the service's Kubernetes Service (k8s/service.yaml).
                            "backendRefs": [{"name": grpc.service, "port": grpc.port}],
                        }
                    ],
                },
            }
        )
    header = f"# Gateway API resources of {context.system}; written by `accord gateway render`.\n"
    return {"gateway-api.yaml": header + yaml.safe_dump_all(documents, sort_keys=False)}
