"""The accord.yaml model: find it, load it, validate it against its published JSON Schema.

The schema lives in `accord/schemas/manifest.schema.json`; every schema error names the
line in accord.yaml. The CLI looks the workspace up once, with `find_workspace()`, which
walks up from the current directory (or starts at `--workspace DIR`), and hands the core a
`Workspace | None`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, overload

from accord.documents.reading import MANIFEST_NAME
from accord.errors import ConfigError
from accord.policy import Dependency, Duration, Policy, dependency_from, parse_duration, policy_from

__all__ = [
    "MANIFEST_NAME",
    "Broker",
    "Dependency",
    "FaultSpec",
    "Gateway",
    "Grpc",
    "Manifest",
    "Pacts",
    "Policy",
    "Service",
    "Workspace",
    "find_workspace",
    "load_manifest",
    "manifest_schema",
]


@dataclass(frozen=True)
class FaultSpec:
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


@dataclass(frozen=True)
class Grpc:
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


@dataclass(frozen=True)
class Service:
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
    upstreams: dict[str, str] = field(default_factory=dict)
    depends_on: tuple[Dependency, ...] = ()  # a plain name is a Dependency with the defaults
    publishes: tuple[str, ...] = ()
    subscribes: tuple[str, ...] = ()
    # operationId or 'METHOD /path' -> the events its mock publishes after answering (`emits:`)
    emits: dict[str, tuple[str, ...]] = field(default_factory=dict)
    template: str | None = None
    pact_states: str | None = None
    pact_messages: str | None = None
    broker: Broker | None = None  # its own broker, when it is not the system's
    mock_faults: dict[str, FaultSpec] = field(default_factory=dict)  # operation -> faults of its mock
    timeout: Duration | None = None  # its own answer budget

    @property
    def dependency_names(self) -> tuple[str, ...]:
        """The names of the services this one calls, in manifest order."""
        return tuple(dependency.service for dependency in self.depends_on)

    def dependency(self, name: str) -> Dependency | None:
        """The edge to `name`, or None when this service does not call it."""
        return next((d for d in self.depends_on if d.service == name), None)


@dataclass(frozen=True)
class Gateway:
    kind: str = "none"
    output: str = "gateway"
    listen: int = 8080
    environment: str | None = None


@dataclass(frozen=True)
class Broker:
    kind: str = "none"
    url: str | None = None


@dataclass(frozen=True)
class Pacts:
    dir: str = "pacts"
    broker_url: str | None = None
    broker_token_env: str = "PACT_BROKER_TOKEN"  # noqa: S105 - the name of a variable, not a secret
    matrix: str = ".accord/pact-matrix.json"


@dataclass(frozen=True)
class Manifest:
    """A validated accord.yaml."""

    system: str
    services: dict[str, Service]
    gateway: Gateway = Gateway()
    broker: Broker = Broker()
    pacts: Pacts = Pacts()
    lint: dict[str, Any] = field(default_factory=dict)
    diff: dict[str, Any] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    chaos_profiles: dict[str, FaultSpec] = field(default_factory=dict)  # mocks.profiles
    resilience: Policy = field(default_factory=Policy)  # defaults of every depends_on edge

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


@dataclass(frozen=True)
class Workspace:
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


@cache
def manifest_schema() -> dict[str, Any]:
    """The published JSON Schema of accord.yaml."""
    text = resources.files("accord.schemas").joinpath("manifest.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@overload
def find_workspace(
    start: Path | None = None, *, explicit: Path | None = None, required: Literal[True] = True
) -> Workspace: ...


@overload
def find_workspace(
    start: Path | None = None, *, explicit: Path | None = None, required: bool
) -> Workspace | None: ...


def find_workspace(
    start: Path | None = None, *, explicit: Path | None = None, required: bool = True
) -> Workspace | None:
    """The workspace of accord.yaml in `explicit`, or in `start` (default: cwd) or a parent.

    Not finding one is None when not `required`; finding one that does not load is always an
    error (ConfigError or InputError naming the line), never taken for "no workspace".
    `explicit` is the user's own word: it must hold an accord.yaml, required or not.
    """
    if explicit is not None:
        candidate = explicit / MANIFEST_NAME if explicit.is_dir() else explicit
        if not _present(candidate):
            raise ConfigError(
                f"no {MANIFEST_NAME} in {explicit}",
                hint="run `accord init` there, or point --workspace at the folder that holds it",
            )
        return load_workspace(candidate)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / MANIFEST_NAME
        if _present(candidate):
            return load_workspace(candidate)
    if not required:
        return None
    raise ConfigError(
        f"no {MANIFEST_NAME} found in {here} or any folder above it",
        hint="run `accord init` to create one, or pass --workspace DIR",
    )


def _present(path: Path) -> bool:
    """Whether something is named accord.yaml there (a folder or a broken link is a broken manifest)."""
    return os.path.lexists(path)


def load_workspace(path: Path) -> Workspace:
    path = path.resolve()
    return Workspace(path.parent, path, load_manifest(path))


def load_manifest(path: Path) -> Manifest:
    """Load and validate accord.yaml; errors name the line."""
    from accord.documents.loader import load_document
    from accord.errors import InputError

    try:
        document = load_document(path, require_mapping=False)
    except InputError as exc:
        raise ConfigError(
            exc.message, file=exc.file, line=exc.line, column=exc.column, hint=exc.hint
        ) from None
    data = document.data
    if not isinstance(data, dict):
        raise ConfigError(
            "accord.yaml must be a mapping with `version: 1` and `system: NAME`",
            file=path,
            line=1,
            hint="run `accord init` to see a valid manifest",
        )
    _validate_schema(data, document)
    manifest = _build(data)
    _check_references(manifest, document)
    _check_paths_inside(manifest, document)
    return manifest


def _validate_schema(data: dict[str, Any], document: Any) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(manifest_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors) or errors[0]
    pointer = "".join(f"/{_escaped(part)}" for part in error.absolute_path)
    extra = _unknown_keys(error)
    if extra:
        pointer += f"/{_escaped(extra[0])}"
    elif "propertyNames" in error.schema_path and isinstance(error.instance, str):
        pointer += f"/{_escaped(error.instance)}"  # the bad name is a key: point at it
    location = document.locate(pointer)
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    message = f"{where}: {_schema_message(error)}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    raise ConfigError(
        message,
        file=document.path,
        line=location.line,
        column=location.column,
        hint="see the manifest schema: `accord init --schema`",
    )


def _escaped(token: object) -> str:
    """A JSON pointer token: a key may hold '/' (`POST /payments`)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def _unknown_keys(error: Any) -> list[str]:
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    import re

    known = set(error.schema.get("properties", {}))
    patterns = list(error.schema.get("patternProperties", {}))
    return [
        key for key in error.instance if key not in known and not any(re.search(p, key) for p in patterns)
    ]


def _schema_message(error: Any) -> str:
    extra = _unknown_keys(error)
    if extra:
        known = ", ".join(sorted(error.schema.get("properties", {})))
        return f"unknown key {extra[0]!r} (known keys: {known})"
    if error.validator == "pattern" and error.schema.get("description"):
        noun = error.schema.get("title", "name")
        return f"{error.instance!r} is not a valid {noun}: {error.schema['description']}"
    return str(error.message)


def _build(data: dict[str, Any]) -> Manifest:
    defaults = policy_from(data.get("resilience"))
    services = {name: _service(name, spec, defaults) for name, spec in (data.get("services") or {}).items()}
    return Manifest(
        system=data["system"],
        services=services,
        gateway=Gateway(**(data.get("gateway") or {})),
        broker=Broker(**(data.get("broker") or {})),
        pacts=Pacts(**(data.get("pacts") or {})),
        lint=dict(data.get("lint") or {}),
        diff=dict(data.get("diff") or {}),
        templates=dict(data.get("templates") or {}),
        chaos_profiles=_fault_specs((data.get("mocks") or {}).get("profiles")),
        resilience=defaults,
    )


def _fault_specs(data: dict[str, Any] | None) -> dict[str, FaultSpec]:
    return {name: FaultSpec.from_data(spec) for name, spec in (data or {}).items()}


def _service(name: str, spec: dict[str, Any], defaults: Policy) -> Service:
    timeout = spec.get("timeout")
    return Service(
        name=name,
        path=spec.get("path"),
        openapi=spec.get("openapi"),
        asyncapi=spec.get("asyncapi"),
        grpc=Grpc.from_manifest(spec["grpc"]) if spec.get("grpc") else None,
        route=spec.get("route"),
        port=spec.get("port"),
        grpc_port=spec.get("grpc_port"),
        url=spec.get("url"),
        app=spec.get("app"),
        upstreams=dict(spec.get("upstreams") or {}),
        depends_on=tuple(dependency_from(item, defaults) for item in spec.get("depends_on") or ()),
        publishes=tuple(spec.get("publishes") or ()),
        subscribes=tuple(spec.get("subscribes") or ()),
        emits={operation: tuple(events) for operation, events in (spec.get("emits") or {}).items()},
        template=spec.get("template"),
        pact_states=spec.get("pact_states"),
        pact_messages=spec.get("pact_messages"),
        broker=Broker(**spec["broker"]) if spec.get("broker") else None,
        timeout=parse_duration(timeout) if timeout is not None else None,
        mock_faults=_fault_specs((spec.get("mocks") or {}).get("faults")),
    )


def _check_references(manifest: Manifest, document: Any) -> None:
    published = {event for service in manifest.services.values() for event in service.publishes}
    for service in manifest.services.values():
        _check_upstream_ports(service, document)
        _check_emitted_events(service, published, document)
        seen: set[str] = set()
        for index, dependency in enumerate(service.dependency_names):
            problem = (
                "which is not a service of this manifest"
                if dependency not in manifest.services
                else "which it already names"
                if dependency in seen
                else None
            )
            seen.add(dependency)
            if problem:
                location = document.locate(f"/services/{service.name}/depends_on/{index}")
                raise ConfigError(
                    f"services.{service.name}.depends_on names {dependency!r}, {problem}",
                    file=document.path,
                    line=location.line,
                    column=location.column,
                    hint="list each service it calls once, by a name under `services:`",
                )


def _check_emitted_events(service: Service, published: set[str], document: Any) -> None:
    """Every event of `emits:` is one a service of the manifest publishes."""
    for operation, events in service.emits.items():
        for index, event in enumerate(events):
            if event in published:
                continue
            location = document.locate(f"/services/{service.name}/emits/{_escaped(operation)}/{index}")
            raise ConfigError(
                f"services.{service.name}.emits.{operation} names {event!r}, which no service publishes",
                file=document.path,
                line=location.line,
                column=location.column,
                hint="list the event under `publishes:` of the service that sends it, or fix its name",
            )


def _check_upstream_ports(service: Service, document: Any) -> None:
    """`port:` is the one source of a service's port: an upstream to the service itself must agree."""
    from urllib.parse import urlsplit

    if service.port is None:
        return
    for environment, url in service.upstreams.items():
        parts = urlsplit(url)
        if parts.hostname not in {"127.0.0.1", "localhost", "::1", service.name}:
            continue  # another host (a load balancer, a cluster address) may listen anywhere
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if port != service.port:
            location = document.locate(f"/services/{service.name}/upstreams/{environment}")
            raise ConfigError(
                f"services.{service.name}.upstreams.{environment} ({url}) says port {port}, "
                f"but services.{service.name}.port is {service.port}",
                file=document.path,
                line=location.line,
                column=location.column,
                hint=f"delete the upstreams entry: the gateway derives 127.0.0.1:PORT and "
                f"{service.name}:PORT from port: (or make the two agree)",
            )


def _check_paths_inside(manifest: Manifest, document: Any) -> None:
    """A service's folder and contracts lie inside the workspace (symbolic links resolved):
    accord never reads `/etc/shadow` because a manifest names it."""
    from accord.documents.reading import is_inside, real_path

    root = real_path(document.path.parent)
    for service in manifest.services.values():
        for key, value in _service_paths(service, document.data["services"][service.name]):
            if value and not is_inside(root / value, root):
                location = document.locate(f"/services/{service.name}/{key}")
                raise ConfigError(
                    f"services.{service.name}.{key} is {value!r}, which leads outside the workspace {root}",
                    file=document.path,
                    line=location.line,
                    column=location.column,
                    hint="keep services and their contracts inside the folder of accord.yaml",
                )


def _service_paths(service: Service, spec: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(pointer below the service, path) of every file or folder a service names."""
    paths: list[tuple[str, str | None]] = [
        (key, getattr(service, key)) for key in ("path", "openapi", "asyncapi")
    ]
    grpc = service.grpc
    if grpc is not None and isinstance(spec.get("grpc"), str):
        paths.append(("grpc", grpc.protos[0]))  # the short form `grpc: FILE-OR-FOLDER`
    elif grpc is not None:
        paths += [(f"grpc/protos/{index}", value) for index, value in enumerate(grpc.protos)]
        paths += [(f"grpc/import_roots/{index}", value) for index, value in enumerate(grpc.import_roots)]
    return paths


MANIFEST_TEMPLATE = """\
# accord.yaml - the manifest of the {system} system.
# Schema: `accord init --schema`. Add services by hand or with `accord scaffold service NAME`.
version: 1
system: {system}

gateway:
  kind: nginx          # nginx | kong | traefik | gateway-api | caddy | krakend | none
  output: gateway      # folder the gateway configuration is written to
  listen: 8080

broker:
  kind: rabbitmq       # rabbitmq | kafka | nats | redis | none
  url: amqp://guest:guest@127.0.0.1:5672/

pacts:
  dir: pacts           # consumer pacts are written here
  broker_url: null     # a Pact Broker URL, or null to keep everything in the repository

# Each service: its folder, contracts, gateway route, who it calls and which events it
# publishes and receives. For example:
# services:
#   orders:
#     path: services/orders
#     openapi: services/orders/openapi.yaml
#     asyncapi: services/orders/asyncapi.yaml
#     grpc: services/orders/proto    # a .proto file, a folder, or {{protos: [...], import_roots: [...]}}
#     route: /orders
#     depends_on: [payments, {{service: stock, timeout: 800ms, retries: 2}}]
#     publishes: [order.created]
#     subscribes: [payment.settled]
services: {{}}
"""


def init_manifest(folder: Path, system: str | None = None, *, force: bool = False) -> Path:
    """Write a starter accord.yaml into `folder`; never overwrite one without `force`."""
    import re

    from accord.errors import InputError

    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise InputError("not a folder", file=folder)
    name = system or re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or "system"
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name):
        raise ConfigError(
            f"{name!r} is not a valid system name",
            hint="use lower-case letters, digits and single dashes, starting with a letter "
            "(pass --system NAME)",
        )
    path = folder / MANIFEST_NAME
    if path.exists() and not force:
        raise ConfigError(f"{MANIFEST_NAME} already exists", file=path, hint="pass --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    from accord.atomic import write_text_atomic

    write_text_atomic(path, MANIFEST_TEMPLATE.format(system=name))
    return path
