"""gRPC routes of the gateway: each service with `grpc:` and a `grpc_port`, routed by the full
names of the gRPC services its .proto files declare (`/package.Service/Method` on the wire).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from accord.errors import ConfigError
from accord.manifest import Service, Workspace
from accord.scaffold.gateways.model import DEFAULT_ENVIRONMENT, check_safe

__all__ = ["GrpcRoute", "grpc_routes"]

# A protobuf full name: what every gateway format pastes into a path or a match.
FULL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class GrpcRoute:
    """Calls of `grpc_services` go to host:port, over HTTP/2 without TLS (h2c)."""

    service: str
    grpc_services: tuple[str, ...]
    host: str
    port: int

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"


def grpc_routes(workspace: Workspace, environment: str) -> list[GrpcRoute]:
    """A route for every service with `grpc:` and `grpc_port:`, in manifest order."""
    routes = []
    for service in workspace.manifest.services.values():
        if service.grpc is None or service.grpc_port is None:
            continue
        names = _service_names(workspace, service)
        for name in names:
            if not FULL_NAME.fullmatch(name):
                raise ConfigError(f"{service.name}: gRPC service name {name!r} cannot be routed")
        routes.append(GrpcRoute(service.name, names, _host(service, environment), service.grpc_port))
    return routes


def _service_names(workspace: Workspace, service: Service) -> tuple[str, ...]:
    from accord.contracts.grpc_model import load_grpc_contract
    from accord.contracts.proto.sources import service_proto_sources

    sources = service_proto_sources(workspace, service)
    if sources is None:
        return ()
    return load_grpc_contract(list(sources.files), list(sources.import_roots)).services


def _host(service: Service, environment: str) -> str:
    """The host of the service's upstream for this environment (its gRPC port differs)."""
    if environment in service.upstreams:
        check_safe(f"services.{service.name}: upstream", service.upstreams[environment], "upstream")
        return urlsplit(service.upstreams[environment]).hostname or service.name
    return "127.0.0.1" if environment == DEFAULT_ENVIRONMENT else service.name
