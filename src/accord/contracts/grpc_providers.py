"""The gRPC provider `contracts test` calls: a running server (`--grpc-target`), or the service's
app started in process (its lifespan starts the gRPC server on GRPC_PORT, the template's
convention, set to a free port), or the service's configured `grpc_port` on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from accord.contracts.grpc_conformance import GrpcProvider
from accord.contracts.provider_runtime import RuntimeOptions, surroundings
from accord.errors import ConfigError
from accord.manifest import Workspace

__all__ = ["GRPC_PORT_VARIABLE", "running_grpc_provider"]

GRPC_PORT_VARIABLE = "GRPC_PORT"


@contextlib.contextmanager
def running_grpc_provider(
    workspace: Workspace,
    name: str,
    *,
    grpc_target: str | None = None,
    runtime: RuntimeOptions | None = None,
) -> Iterator[GrpcProvider]:
    """The provider to test, started for the duration when it runs in process."""
    from accord.contracts.grpc_model import load_grpc_contract
    from accord.contracts.proto.sources import service_proto_sources

    service = workspace.service(name)
    sources = service_proto_sources(workspace, service)
    if sources is None:
        raise ConfigError(
            f"service {name!r} has no `grpc` contract",
            file=workspace.manifest_path,
            hint="add `grpc: path/to/protos` to it in accord.yaml",
        )
    contract = load_grpc_contract(list(sources.files), list(sources.import_roots))
    if grpc_target:
        yield GrpcProvider(name, contract, grpc_target)
    elif service.app:
        search = workspace.resolve(service.path) if service.path else workspace.root
        broker = workspace.manifest.broker_of(service)
        with (
            surroundings(name, broker, (), runtime or RuntimeOptions()),
            _app_serving(service.app, search) as port,
        ):
            yield GrpcProvider(name, contract, f"127.0.0.1:{port}")
    elif service.grpc_port:
        yield GrpcProvider(name, contract, f"127.0.0.1:{service.grpc_port}")
    else:
        raise ConfigError(
            f"service {name!r} has neither `app` nor `grpc_port` in accord.yaml",
            file=workspace.manifest_path,
            hint="pass --grpc-target HOST:PORT of a running server, or add `app:` or `grpc_port:`",
        )


@contextlib.contextmanager
def _app_serving(spec: str, search: Path) -> Iterator[int]:
    """Run the app's lifespan (in a thread with its own loop) with GRPC_PORT set to a free port."""
    import warnings

    from accord.apps import free_port, load_app

    with warnings.catch_warnings():  # starlette's note about httpx, not the user's concern here
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    port = free_port()
    saved = os.environ.get(GRPC_PORT_VARIABLE)
    os.environ[GRPC_PORT_VARIABLE] = str(port)
    try:
        app: Any = load_app(spec, search)
        with TestClient(app):
            yield port
    finally:
        if saved is None:
            os.environ.pop(GRPC_PORT_VARIABLE, None)
        else:
            os.environ[GRPC_PORT_VARIABLE] = saved
