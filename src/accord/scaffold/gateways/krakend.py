"""KrakenD: `krakend.json` (version 3), one no-op endpoint per operation of each service's OpenAPI.

KrakenD CE has no prefix wildcards, so the routes come from the contracts: contract first.
"""

from __future__ import annotations

import json

from accord.scaffold.gateways.registry import RenderContext

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(context: RenderContext, service: str) -> list[tuple[str, str]]:
    spec = context.workspace.manifest.services[service].openapi
    if not spec:
        return []
    from accord.documents.loader import load_document

    paths = load_document(context.workspace.resolve(spec)).data.get("paths")
    if not isinstance(paths, dict):
        return []  # `contracts validate` reports such a contract; the gateway just has no endpoints
    return [
        (str(path), method.upper())
        for path, item in paths.items()
        if isinstance(item, dict)
        for method in METHODS
        if method in item
    ]


def render(context: RenderContext) -> dict[str, str]:
    endpoints = []
    for route in context.routes:
        for path, method in _operations(context, route.service):
            if not path.startswith(route.prefix):
                continue  # only what the gateway routes (health probes stay internal)
            endpoints.append(
                {
                    "endpoint": path,
                    "method": method,
                    "output_encoding": "no-op",
                    "backend": [{"host": [route.upstream], "url_pattern": path, "encoding": "no-op"}],
                }
            )
    document = {
        "$schema": "https://www.krakend.io/schema/v2.7/krakend.json",
        "version": 3,
        "name": context.system,
        "port": context.listen,
        "endpoints": endpoints,
    }
    return {"krakend.json": json.dumps(document, indent=2) + "\n"}
