"""What every mesh format renders from: each service, who may call it, and the policy of each call."""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.errors import ConfigError
from accord.manifest import Manifest, Service
from accord.manifest.policy import Dependency

__all__ = ["SELECTOR_LABEL", "Caller", "Identity", "MeshService", "mesh_services", "parse_identity"]

# The label the scaffolded Deployment and Service select their pods by.
SELECTOR_LABEL = "app.kubernetes.io/name"
_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")


@dataclass(frozen=True)
class Identity:
    """A workload identity: the Kubernetes ServiceAccount a workload runs as."""

    namespace: str
    account: str

    def istio_principal(self, trust_domain: str = "cluster.local") -> str:
        return f"{trust_domain}/ns/{self.namespace}/sa/{self.account}"


@dataclass(frozen=True)
class Caller:
    """A workload admitted to a service: a service of the system (with its edge) or the gateway."""

    name: str
    identity: Identity
    dependency: Dependency | None = None  # None for the gateway, which declares no policy


@dataclass(frozen=True)
class MeshService:
    """A service of the system, as the mesh sees it."""

    service: Service
    identity: Identity
    callers: tuple[Caller, ...]
    port: int | None  # the Kubernetes Service port in the environment rendered for

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def edges(self) -> tuple[Caller, ...]:
        """The callers that are services of the system (every depends_on edge into this one)."""
        return tuple(caller for caller in self.callers if caller.dependency is not None)


def parse_identity(text: str, *, where: str) -> Identity:
    """`NAMESPACE/SERVICEACCOUNT` -> an Identity; ConfigError otherwise."""
    namespace, _, account = text.partition("/")
    if not (_DNS_LABEL.fullmatch(namespace) and _DNS_LABEL.fullmatch(account)):
        raise ConfigError(
            f"{where}: {text!r} is not NAMESPACE/SERVICEACCOUNT",
            hint="write two Kubernetes names joined by '/', e.g. ingress-nginx/ingress-nginx",
        )
    return Identity(namespace, account)


def mesh_services(
    manifest: Manifest, *, namespace: str, gateway: Identity | None, ports: dict[str, int | None]
) -> list[MeshService]:
    """Every service with its callers: the services whose depends_on names it, and the gateway
    when the service has a route (least privilege, derived from the graph)."""
    if not _DNS_LABEL.fullmatch(namespace):
        raise ConfigError(
            f"{namespace!r} is not a Kubernetes namespace name", hint="use a DNS label, e.g. shop"
        )
    found = []
    for service in manifest.services.values():
        callers = [
            Caller(caller.name, Identity(namespace, caller.name), edge)
            for caller in manifest.services.values()
            if (edge := caller.dependency(service.name)) is not None
        ]
        if service.route and gateway is not None:
            callers.append(Caller("gateway", gateway))
        found.append(
            MeshService(service, Identity(namespace, service.name), tuple(callers), ports[service.name])
        )
    return found
