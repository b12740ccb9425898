"""`mocks up`: which mocks a service needs (from accord.yaml), their environment variables, env files."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from accord.atomic import write_text_atomic
from accord.errors import ConfigError, InputError
from accord.manifest import Workspace
from accord.mocks.chaos import operation_faults
from accord.mocks.emits import declared_emits
from accord.mocks.faults import FaultPlan
from accord.mocks.runner import MockSpec, RunningMock

__all__ = ["dependency_mocks", "env_name", "env_text", "policy_env", "resolve_target", "write_env_file"]


def env_name(service: str) -> str:
    """`payments` -> `PAYMENTS_URL`, `user-profile` -> `USER_PROFILE_URL`."""
    return re.sub(r"[^A-Z0-9]", "_", service.upper()) + "_URL"


def policy_env(workspace: Workspace, service: str) -> dict[str, str]:
    """The call policy of each edge for the service's client: `STOCK_TIMEOUT` (seconds), `STOCK_RETRIES`."""
    found = {}
    for dependency in workspace.service(service).depends_on:
        prefix = env_name(dependency.service).removesuffix("_URL")
        if dependency.timeout is not None:
            found[f"{prefix}_TIMEOUT"] = f"{dependency.timeout.seconds:g}"
        if dependency.retries is not None:
            found[f"{prefix}_RETRIES"] = str(dependency.retries)
    return found


def dependency_mocks(
    workspace: Workspace,
    service: str,
    *,
    configured_ports: bool = False,
    seed: int = 0,
    faults: FaultPlan | None = None,
) -> list[MockSpec]:
    """A mock for each HTTP dependency of `service`: its pact with it if there is one, else its OpenAPI.

    With `faults` (a chaos profile, or fault options) every dependency with an OpenAPI contract is
    served from it, since pact mocks inject no faults; each keeps its own `mocks.faults` per operation.
    None for a service that only subscribes to events (their publishers are stood in for).
    """
    consumer = workspace.service(service)
    pacts_dir = workspace.resolve(workspace.manifest.pacts.dir)
    specs = []
    for name in consumer.dependency_names:
        provider = workspace.service(name)
        port = provider.port if configured_ports else None
        pact = pacts_dir / f"{service}-{name}.json"
        own = operation_faults(provider, workspace)
        if pact.is_file() and not (provider.openapi and (faults or own)):
            specs.append(MockSpec(name, "pact", pact, port, seed))
        elif provider.openapi:
            source = workspace.resolve(provider.openapi)
            emitted = declared_emits(workspace, provider)
            spec = MockSpec(name, "openapi", source, port, seed, faults=faults, operation_faults=own)
            specs.append(replace(spec, emits=emitted))
        elif provider.grpc is not None:
            continue  # a gRPC-only dependency: mocked by grpc_dependency_mocks
        else:
            raise ConfigError(
                f"{service} depends on {name}, which has no `openapi` contract and no pact {pact.name}",
                file=workspace.manifest_path,
                hint=f"add `openapi:` to {name} in accord.yaml, or record a pact in {pacts_dir}",
            )
    grpc = any(workspace.service(name).grpc for name in consumer.dependency_names)
    if not specs and not grpc and not consumer.subscribes:
        raise ConfigError(
            f"{service} has no HTTP or gRPC dependencies (`depends_on` is empty) and subscribes to no event",
            file=workspace.manifest_path,
        )
    return specs


def resolve_target(target: str, workspace: Workspace | None) -> tuple[str, Path]:
    """SPEC_OR_SERVICE: a contract path, or a service of accord.yaml; returns (name, contract path)."""
    path = Path(target)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.is_file():
        if not path.is_file():
            raise InputError(
                f"{target}: no such file", hint="pass a contract file or a service of accord.yaml"
            )
        return path.stem, path
    if workspace is None:
        raise ConfigError(f"{target!r} is not a file, and there is no accord.yaml to look it up in")
    service = workspace.service(target)
    if not service.openapi:
        raise ConfigError(f"service {target!r} has no `openapi` contract", file=workspace.manifest_path)
    return target, workspace.resolve(service.openapi)


def env_text(running: list[RunningMock], extra: dict[str, str] | None = None) -> str:
    """`NAME_URL=...` per HTTP mock, then the `extra` variables (e.g. `NAME_GRPC_TARGET`)."""
    lines = [f"{env_name(mock.name)}={mock.url}\n" for mock in running]
    return "".join(lines + [f"{name}={value}\n" for name, value in (extra or {}).items()])


def write_env_file(
    path: Path, running: list[RunningMock], *, force: bool = False, extra: dict[str, str] | None = None
) -> None:
    if path.exists() and not force:
        raise InputError(f"{path} exists", hint="pass --force to overwrite it")
    write_text_atomic(path, env_text(running, extra))
