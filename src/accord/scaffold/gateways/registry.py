"""The gateway formats accord renders: kind -> renderer, each format in its own module."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from accord.atomic import write_text_atomic
from accord.errors import ConfigError
from accord.manifest import Workspace
from accord.scaffold.gateways.grpc_routes import GrpcRoute
from accord.scaffold.gateways.model import DEFAULT_ENVIRONMENT, GatewayConfig, Route, check_safe

__all__ = ["GATEWAY_KINDS", "RenderContext", "render_gateway", "write_gateway"]

# kind -> module under accord.scaffold.gateways (imported only when used).
GATEWAY_KINDS = {
    "nginx": "nginx",
    "kong": "kong",
    "traefik": "traefik",
    "gateway-api": "gateway_api",
    "caddy": "caddy",
    "krakend": "krakend",
}


class RenderContext:
    """What a renderer gets: routes, the listen port, the system and its workspace."""

    def __init__(
        self,
        workspace: Workspace,
        routes: list[Route],
        listen: int,
        environment: str,
        output: str,
        grpc_routes: list[GrpcRoute] | None = None,
    ) -> None:
        self.workspace = workspace
        self.routes = routes
        self.grpc_routes = grpc_routes or []
        # gRPC needs HTTP/2: where one listener cannot serve both (nginx), it gets the next port.
        self.grpc_listen = listen + 1
        self.listen = listen
        self.environment = environment
        self.output = output  # the folder the files go to, relative to the workspace root
        self.system = workspace.manifest.system


Renderer = Callable[[RenderContext], dict[str, str]]


def _renderer(kind: str) -> Renderer:
    if kind not in GATEWAY_KINDS:
        raise ConfigError(
            f"unknown gateway kind {kind!r}",
            hint=f"use one of: {', '.join(GATEWAY_KINDS)} (or set gateway.kind in accord.yaml)",
        )
    module = importlib.import_module(f"accord.scaffold.gateways.{GATEWAY_KINDS[kind]}")
    render: Renderer = module.render
    return render


def render_gateway(
    workspace: Workspace,
    kind: str | None = None,
    *,
    environment: str | None = None,
    listen: int | None = None,
    output: Path | None = None,
) -> GatewayConfig:
    """The gateway configuration for every routed service of the manifest (nothing written)."""
    from accord.scaffold.gateways.model import gateway_routes

    gateway = workspace.manifest.gateway
    kind = kind or gateway.kind
    if kind == "none":
        raise ConfigError(
            "no gateway kind configured",
            file=workspace.manifest_path,
            hint="set gateway.kind in accord.yaml or pass --kind",
        )
    env = environment or gateway.environment or DEFAULT_ENVIRONMENT
    routes = gateway_routes(workspace.manifest, env)
    port = listen or gateway.listen
    if not 0 < port < 65536:
        raise ConfigError(f"cannot listen on port {port}", hint="pick a port from 1 to 65535")
    folder = Path(output or gateway.output).as_posix()
    check_safe("gateway output", folder, "folder")  # nginx.conf names it in its first lines
    from accord.scaffold.gateways.grpc_routes import grpc_routes

    context = RenderContext(workspace, routes, port, env, folder, grpc_routes(workspace, env))
    return GatewayConfig(kind=kind, environment=env, files=_renderer(kind)(context))


def write_gateway(workspace: Workspace, config: GatewayConfig, output: Path | None = None) -> list[Path]:
    """Write the files under the gateway output folder (each file atomically)."""
    from accord.scaffold.names import check_inside

    folder = check_inside(workspace.root, output or Path(workspace.manifest.gateway.output), "gateway output")
    written = []
    for name, text in config.files.items():
        path = folder / name
        write_text_atomic(path, text)
        written.append(path)
    return written
