"""Traefik: dynamic configuration for the file provider (`traefik.yaml`)."""

from __future__ import annotations

import yaml

from accord.scaffold.gateways.registry import RenderContext


def render(context: RenderContext) -> dict[str, str]:
    routers = {
        route.service: {
            "rule": f"PathPrefix(`{route.prefix}`)",
            "service": route.service,
            "entryPoints": ["web"],
        }
        for route in context.routes
    }
    services = {
        route.service: {"loadBalancer": {"servers": [{"url": route.upstream}]}} for route in context.routes
    }
    # gRPC: routed by the path of the call, to an h2c (HTTP/2 without TLS) upstream.
    for route in context.grpc_routes:
        rule = " || ".join(f"PathPrefix(`/{name}/`)" for name in route.grpc_services)
        routers[f"{route.service}-grpc"] = {
            "rule": rule,
            "service": f"{route.service}-grpc",
            "entryPoints": ["web"],
        }
        servers = [{"url": f"h2c://{route.target}"}]
        services[f"{route.service}-grpc"] = {"loadBalancer": {"servers": servers}}
    document = {"http": {"routers": routers, "services": services}}
    header = (
        f"# Traefik file-provider config of {context.system} ({context.environment}); "
        f"entry point `web` listens on :{context.listen} in the static config.\n"
    )
    return {"traefik.yaml": header + yaml.safe_dump(document, sort_keys=False)}
