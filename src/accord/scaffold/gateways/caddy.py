"""Caddy: a Caddyfile (`caddy validate --adapter caddyfile` passes) with one reverse proxy per route."""

from __future__ import annotations

from accord.scaffold.gateways.model import double_quoted
from accord.scaffold.gateways.registry import RenderContext


def render(context: RenderContext) -> dict[str, str]:
    lines = [
        f"# Caddyfile of {context.system} ({context.environment}); written by `accord gateway render`.",
        "{",
        "\tadmin off",
        "\tauto_https off",
        "}",
        "",
        f":{context.listen} {{",
    ]
    for route in context.routes:
        upstream = double_quoted(route.upstream)
        lines += [
            f"\thandle {double_quoted(route.prefix)} {{",
            f"\t\treverse_proxy {upstream}",
            "\t}",
            f"\thandle {double_quoted(route.prefix + '/*')} {{",
            f"\t\treverse_proxy {upstream}",
            "\t}",
        ]
    lines += ['\trespond /_gateway/health `{"status":"ok"}` 200', "}", ""]
    return {"Caddyfile": "\n".join(lines)}
