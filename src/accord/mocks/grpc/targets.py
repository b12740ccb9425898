"""Which gRPC mocks a command serves: a .proto file, a service's `grpc:`, or the gRPC dependencies
of a service (`mocks up`), and the variables that point clients at them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from accord.errors import ConfigError, InputError
from accord.manifest import Service, Workspace
from accord.mocks.grpc.server import GrpcMock, grpc_mock

__all__ = [
    "GrpcMockSpec",
    "RunningGrpcMock",
    "grpc_dependency_mocks",
    "grpc_env_name",
    "grpc_target_mock",
    "proto_mock",
    "running_grpc_mock",
    "service_grpc_mock",
]


@dataclass(frozen=True)
class GrpcMockSpec:
    """A gRPC mock to start, and the port it asks for (None: a free one)."""

    mock: GrpcMock
    port: int | None = None


def grpc_env_name(service: str) -> str:
    """`payments` -> `PAYMENTS_GRPC_TARGET` (host:port, what grpc.insecure_channel takes)."""
    return re.sub(r"[^A-Z0-9]", "_", service.upper()) + "_GRPC_TARGET"


def proto_mock(protos: list[Path], *, import_roots: list[Path] | None = None, seed: int = 0) -> GrpcMock:
    """The mock of .proto files named on the command line (examples from the files beside them)."""
    from accord.contracts.grpc_model import load_grpc_contract

    for proto in protos:
        if not proto.is_file():
            raise InputError("no such .proto file", file=proto, hint="pass a .proto file or a service")
    return grpc_mock(protos[0].stem, load_grpc_contract(protos, import_roots), seed=seed)


def service_grpc_mock(workspace: Workspace, service: Service, *, seed: int = 0) -> GrpcMock:
    """The mock of a service's `grpc:` contracts."""
    from accord.contracts.grpc_model import load_grpc_contract
    from accord.contracts.proto.sources import service_proto_sources

    sources = service_proto_sources(workspace, service)
    if sources is None:
        raise ConfigError(f"service {service.name!r} has no `grpc` contract", file=workspace.manifest_path)
    contract = load_grpc_contract(list(sources.files), list(sources.import_roots))
    return grpc_mock(service.name, contract, seed=seed)


def grpc_dependency_mocks(
    workspace: Workspace, service: str, *, configured_ports: bool = False, seed: int = 0
) -> list[GrpcMockSpec]:
    """A gRPC mock for each dependency of `service` that has `grpc:` contracts."""
    specs = []
    for name in workspace.service(service).dependency_names:
        provider = workspace.service(name)
        if provider.grpc is not None:
            port = provider.grpc_port if configured_ports else None
            specs.append(GrpcMockSpec(service_grpc_mock(workspace, provider, seed=seed), port))
    return specs


def grpc_target_mock(target: str, workspace: Workspace | None, *, seed: int = 0) -> GrpcMock | None:
    """`mocks serve TARGET`: a .proto file, or a service with `grpc:`; None when it is neither."""
    if target.lower().endswith(".proto"):
        return proto_mock([Path(target)], seed=seed)
    if workspace is None or target not in workspace.manifest.services:
        return None
    service = workspace.service(target)
    return service_grpc_mock(workspace, service, seed=seed) if service.grpc is not None else None


@dataclass(frozen=True)
class RunningGrpcMock:
    """A gRPC mock serving in this process: `target` is what grpc.insecure_channel takes."""

    name: str
    target: str
    mock: GrpcMock


@contextmanager
def running_grpc_mock(
    proto_or_service: str | Path, *, workspace: Workspace | None = None, seed: int = 0
) -> Iterator[RunningGrpcMock]:
    """Serve the mock of a .proto file or a service with `grpc:` of `workspace` on 127.0.0.1 while inside."""
    from accord.mocks.grpc.server import GrpcMockServer

    target = str(proto_or_service)
    ws = None if target.lower().endswith(".proto") else workspace
    mock = grpc_target_mock(target, ws, seed=seed)
    if mock is None:
        raise ConfigError(
            f"{target!r} is neither a .proto file nor a service with `grpc:`",
            hint="pass a .proto file, or name a service of accord.yaml that has `grpc:`",
        )
    with GrpcMockServer([(mock, None)]) as ports:
        yield RunningGrpcMock(mock.name, f"127.0.0.1:{ports[0]}", mock)
