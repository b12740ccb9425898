"""The service meshes accord renders policies for: kind -> renderer; rendering and careful writing."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from accord.errors import ConfigError
from accord.manifest import Workspace
from accord.mesh.model import Identity, MeshService, mesh_services, parse_identity

__all__ = ["DEFAULT_GATEWAY", "MESH_KINDS", "MeshConfig", "MeshContext", "render_mesh", "write_mesh"]

# kind -> module under accord.mesh (imported only when used).
MESH_KINDS = {"istio": "istio", "linkerd": "linkerd"}

# Who the gateway runs as, unless --gateway-identity says: Istio's ingress gateway, and for
# Linkerd (which ships no ingress) the ingress-nginx controller.
DEFAULT_GATEWAY = {
    "istio": "istio-system/istio-ingressgateway-service-account",
    "linkerd": "ingress-nginx/ingress-nginx",
}


@dataclass(frozen=True)
class MeshContext:
    """What a renderer gets: the services with their callers, the namespace, the workspace."""

    workspace: Workspace
    services: list[MeshService]
    namespace: str
    environment: str

    @property
    def system(self) -> str:
        return self.workspace.manifest.system


@dataclass(frozen=True)
class MeshConfig:
    """Rendered files (name relative to the output folder -> text)."""

    kind: str
    environment: str
    namespace: str
    files: dict[str, str]


Renderer = Callable[[MeshContext], dict[str, str]]


def _renderer(kind: str) -> Renderer:
    if kind not in MESH_KINDS:
        raise ConfigError(f"unknown mesh kind {kind!r}", hint=f"use one of: {', '.join(MESH_KINDS)}")
    module = importlib.import_module(f"accord.mesh.{MESH_KINDS[kind]}")
    render: Renderer = module.render
    return render


def render_mesh(
    workspace: Workspace,
    kind: str,
    *,
    environment: str | None = None,
    namespace: str | None = None,
    gateway_identity: str | None = None,
) -> MeshConfig:
    """The mesh policies of every service and edge of the manifest (nothing written)."""
    from accord.scaffold.gateways.model import DEFAULT_ENVIRONMENT, check_safe, upstream_url

    render = _renderer(kind)
    manifest = workspace.manifest
    env = environment or manifest.gateway.environment or DEFAULT_ENVIRONMENT
    check_safe("environment", env, "environment")
    ports = {name: _port(upstream_url(service, env)) for name, service in manifest.services.items()}
    gateway: Identity | None = parse_identity(
        gateway_identity or DEFAULT_GATEWAY[kind], where="gateway identity"
    )
    if manifest.gateway.kind == "none" and gateway_identity is None:
        gateway = None  # no gateway: no caller from outside the system
    ns = namespace or manifest.system
    services = mesh_services(manifest, namespace=ns, gateway=gateway, ports=ports)
    context = MeshContext(workspace, services, ns, env)
    return MeshConfig(kind=kind, environment=env, namespace=ns, files=render(context))


def _port(upstream: str | None) -> int | None:
    from urllib.parse import urlsplit

    if upstream is None:
        return None
    parts = urlsplit(upstream)
    return parts.port or (443 if parts.scheme == "https" else 80)


def write_mesh(workspace: Workspace, config: MeshConfig, output: Path, *, force: bool = False) -> list[Path]:
    """Write the files under `output` (inside the workspace), each atomically. A file that exists
    with other content is overwritten only with `force`; without it nothing is written."""
    from accord.atomic import write_text_atomic
    from accord.scaffold.names import check_inside

    folder = check_inside(workspace.root, output, "mesh output")
    targets = {folder / name: text for name, text in config.files.items()}
    changed = [path for path, text in targets.items() if path.is_file() and path.read_text("utf-8") != text]
    if changed and not force:
        raise ConfigError(
            f"{len(changed)} file(s) exist with other content: {', '.join(str(p) for p in changed)}",
            file=changed[0],
            hint="pass --force to overwrite them (nothing was written)",
        )
    for path, text in targets.items():
        write_text_atomic(path, text)
    return list(targets)
