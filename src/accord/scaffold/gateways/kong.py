"""Kong: declarative configuration (`kong.yaml`, format 3.0) for DB-less Kong or decK."""

from __future__ import annotations

import yaml

from accord.scaffold.gateways.registry import RenderContext


def render(context: RenderContext) -> dict[str, str]:
    services = [
        {
            "name": route.service,
            "url": route.upstream,
            "routes": [{"name": f"{route.service}-route", "paths": [route.prefix], "strip_path": False}],
        }
        for route in context.routes
    ]
    # gRPC: Kong routes by the path of the call (/package.Service/) on a listener with http2.
    services += [
        {
            "name": f"{route.service}-grpc",
            "url": f"grpc://{route.target}",
            "routes": [
                {
                    "name": f"{route.service}-grpc-route",
                    "protocols": ["grpc"],
                    "paths": [f"/{name}/" for name in route.grpc_services],
                    "strip_path": False,
                }
            ],
        }
        for route in context.grpc_routes
    ]
    document = {"_format_version": "3.0", "_transform": True, "services": services}
    header = (
        f"# Kong declarative config of {context.system} ({context.environment}); `accord gateway render`.\n"
    )
    return {"kong.yaml": header + yaml.safe_dump(document, sort_keys=False)}
