"""The accord.yaml model: a validated manifest, its services, and the workspace that holds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from accord.errors import ConfigError
from accord.manifest.policy import Dependency, Duration, Policy

__all__ = ["Broker", "FaultSpec", "Gateway", "Grpc", "Manifest", "Pacts", "Service", "Workspace"]


class FaultSpec(NamedTuple):
    """Faults a mock injects (`mocks.faults` of a service, `mocks.profiles` of the system), as written."""

    latency: str | None = None  # 200ms or 200ms..800ms
    error_rate: float = 0.0
    error_status: int | None = None
    faults: tuple[str, ...] = ()  # reset, hang=0.1, slow-body, malformed
    down: bool = False  # nothing listens: every connection is refused

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FaultSpec:
        return cls(
            latency=data.get("latency"),
            error_rate=float(data.get("error_rate", 0.0)),
            error_status=data.get("error_status"),
            faults=tuple(data.get("faults") or ()),
            down=bool(data.get("down", False)),
        )


class Grpc(NamedTuple):
    """A service's gRPC contracts: `.proto` files or folders, and the roots imports resolve against.

    Without import roots, each folder named is its own root and each file's folder is its root.
    """

    protos: tuple[str, ...]
    import_roots: tuple[str, ...] = ()

    @classmethod
    def from_manifest(cls, value: str | dict[str, Any]) -> Grpc:
        if isinstance(value, str):
            return cls((value,))
        return cls(tuple(value["protos"]), tuple(value.get("import_roots") or ()))


class Service(NamedTuple):
    name: str
    path: str | None = None
    openapi: str | None = None
    asyncapi: str | None = None
    grpc: Grpc | None = None
    route: str | None = None
    port: int | None = None
    grpc_port: int | None = None  # its gRPC server, when it has `grpc:` contracts
    url: str | None = None
    app: str | None = None
    upstreams: dict[str, str] = {}  # one {} shared by every entry without one: never changed
    depends_on: tuple[Dependency, ...] = ()  # a plain name is a Dependency with the defaults
    publishes: tuple[str, ...] = ()
    subscribes: tuple[str, ...] = ()
    # operationId or 'METHOD /path' -> the events its mock publishes after answering (`emits:`)
    emits: dict[str, tuple[str, ...]] = {}
    template: str | None = None
    pact_states: str | None = None
    pact_messages: str | None = None
    broker: Broker | None = None  # its own broker, when it is not the system's
    mock_faults: dict[str, FaultSpec] = {}  # operation -> faults of its mock
    timeout: Duration | None = None  # its own answer budget

    @property
    def dependency_names(self) -> tuple[str, ...]:
        """The names of the services this one calls, in manifest order."""
        return tuple(dependency.service for dependency in self.depends_on)

    def dependency(self, name: str) -> Dependency | None:
        """The edge to `name`, or None when this service does not call it."""
        return next((d for d in self.depends_on if d.service == name), None)


class Gateway(NamedTuple):
    kind: str = "none"
    output: str = "gateway"
    listen: int = 8080
    environment: str | None = None


class Broker(NamedTuple):
    kind: str = "none"
    url: str | None = None

    def url_problem(self) -> str | None:
        """Why `url` cannot reach a broker of this kind (another broker's scheme), or None.
        Without this, a client waits for its timeout and then says only "TimeoutError"."""
        scheme, sep, _ = (self.url or "").partition("://")
        expected = _BROKER_SCHEMES.get(self.kind)
        if not sep or expected is None or scheme.lower() in expected:
            return None
        readable = ", ".join(f"{s}://" for s in expected)
        return f"{scheme}:// is not a scheme a {self.kind} client reads ({readable})"


# The URL schemes each broker's client reads (Kafka's bootstrap servers are host:port).
_BROKER_SCHEMES = {
    "rabbitmq": ("amqp", "amqps"),
    "nats": ("nats", "tls", "ws", "wss"),
    "redis": ("redis", "rediss", "unix"),
}


class Pacts(NamedTuple):
    dir: str = "pacts"
    broker_url: str | None = None
    broker_token_env: str = "PACT_BROKER_TOKEN"  # noqa: S105 - the name of a variable, not a secret
    matrix: str = ".accord/pact-matrix.json"


class Manifest(NamedTuple):
    """A validated accord.yaml."""

    system: str
    services: dict[str, Service]
    gateway: Gateway = Gateway()
    broker: Broker = Broker()
    pacts: Pacts = Pacts()
    lint: dict[str, Any] = {}  # one {} shared by every entry without one: never changed
    diff: dict[str, Any] = {}
    templates: dict[str, str] = {}
    chaos_profiles: dict[str, FaultSpec] = {}  # mocks.profiles
    resilience: Policy = Policy()  # defaults of every depends_on edge

    def broker_of(self, service: Service) -> Broker:
        """The broker a service publishes and subscribes on: its own, else the system's.

        Its own broker of the system's kind without a url is the system's broker.
        """
        own = service.broker
        if own is None:
            return self.broker
        if own.url is None and own.kind == self.broker.kind:
            return self.broker
        return own


class Workspace(NamedTuple):
    """A system repository: the folder of accord.yaml and its manifest."""

    root: Path
    manifest_path: Path
    manifest: Manifest

    def resolve(self, relative: str) -> Path:
        """A path from the manifest, relative to the workspace root (symbolic links resolved;
        a loop of them is left for the reader of the file to report)."""
        from accord.documents.reading import real_path

        return real_path(self.root / relative)

    def contracts(self) -> list[Path]:
        """Every OpenAPI and AsyncAPI contract the manifest names, in manifest order."""
        paths: list[Path] = []
        for service in self.manifest.services.values():
            for contract in (service.openapi, service.asyncapi):
                if contract:
                    paths.append(self.resolve(contract))
        return paths

    def service(self, name: str) -> Service:
        try:
            return self.manifest.services[name]
        except KeyError:
            known = ", ".join(sorted(self.manifest.services)) or "none"
            raise ConfigError(
                f"no service named {name!r} in the manifest (services: {known})",
                file=self.manifest_path,
            ) from None
