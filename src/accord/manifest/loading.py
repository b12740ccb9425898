"""Find accord.yaml, load it, validate it against its published JSON Schema; errors name the line."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, overload

from accord.documents.reading import find_manifest
from accord.errors import ConfigError
from accord.manifest.model import Broker, FaultSpec, Gateway, Grpc, Manifest, Pacts, Service, Workspace
from accord.manifest.policy import Policy, dependency_from, parse_duration, policy_from

__all__ = ["find_workspace", "load_manifest", "load_workspace", "manifest_schema"]


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
    found = find_manifest(start, explicit=explicit, required=required)
    return None if found is None else load_workspace(found)


def load_workspace(path: Path) -> Workspace:
    path = path.resolve()
    return Workspace(path.parent, path, load_manifest(path))


def load_manifest(path: Path) -> Manifest:
    """Load and validate accord.yaml; errors name the line."""
    from accord.documents.loader import EMPTY_FILE, load_document
    from accord.errors import InputError

    start = "run `accord init` to see a valid manifest"
    try:
        document = load_document(path, require_mapping=False)
    except InputError as exc:
        # The reader's hints speak of contracts; an empty manifest is one `accord init` writes.
        hint = start if exc.message == EMPTY_FILE else exc.hint
        raise ConfigError(exc.message, file=exc.file, line=exc.line, column=exc.column, hint=hint) from None
    data = document.data
    if not isinstance(data, dict):
        raise ConfigError(
            "accord.yaml must be a mapping with `version: 1` and `system: NAME`",
            file=path,
            line=1,
            hint=start,
        )
    _validate_schema(data, document)
    manifest = _build(data)
    _check_references(manifest, document)
    _check_broker_urls(manifest, document)
    _check_paths_inside(manifest, document)
    return manifest


@cache
def _quick_validator() -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(manifest_schema())


def _validate_schema(data: dict[str, Any], document: Any) -> None:
    # Every command in a workspace reads accord.yaml, most often a valid one: the Rust validator
    # says so for a quarter of the import time of jsonschema (about 20 ms, not 80), which is
    # imported only to word what is wrong (its best_match picks the error a person should see).
    if _quick_validator().is_valid(data):
        return
    import jsonschema

    from accord.documents.loader import child_pointer, escape_token

    validator = jsonschema.Draft202012Validator(manifest_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors) or errors[0]
    pointer = child_pointer("", *error.absolute_path)
    extra = _unknown_keys(error)
    if extra:
        pointer += f"/{escape_token(extra[0])}"
    elif "propertyNames" in error.schema_path and isinstance(error.instance, str):
        pointer += f"/{escape_token(error.instance)}"  # the bad name is a key: point at it
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    message = f"{where}: {_schema_message(error)}"
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    raise _at(document, pointer, message, hint="see the manifest schema: `accord init --schema`")


def _at(document: Any, pointer: str, message: str, *, hint: str) -> ConfigError:
    """The ConfigError of accord.yaml at the line and column of `pointer`."""
    location = document.locate(pointer)
    return ConfigError(message, file=document.path, line=location.line, column=location.column, hint=hint)


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
                else "itself: a service's own calls are not a dependency"
                if dependency == service.name
                else "which it already names"
                if dependency in seen
                else None
            )
            seen.add(dependency)
            if problem:
                raise _at(
                    document,
                    f"/services/{service.name}/depends_on/{index}",
                    f"services.{service.name}.depends_on names {dependency!r}, {problem}",
                    hint="list each service it calls once, by a name under `services:`",
                )


def _check_emitted_events(service: Service, published: set[str], document: Any) -> None:
    """Every event of `emits:` is one a service of the manifest publishes."""
    from accord.documents.loader import child_pointer

    for operation, events in service.emits.items():
        for index, event in enumerate(events):
            if event in published:
                continue
            raise _at(
                document,
                child_pointer("/services", service.name, "emits", operation, index),
                f"services.{service.name}.emits.{operation} names {event!r}, which no service publishes",
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
            raise _at(
                document,
                f"/services/{service.name}/upstreams/{environment}",
                f"services.{service.name}.upstreams.{environment} ({url}) says port {port}, "
                f"but services.{service.name}.port is {service.port}",
                hint=f"delete the upstreams entry: the gateway derives 127.0.0.1:PORT and "
                f"{service.name}:PORT from port: (or make the two agree)",
            )


def _check_broker_urls(manifest: Manifest, document: Any) -> None:
    """Each broker's URL is one its kind's client reads (`nats://` on a rabbitmq broker is not)."""
    brokers = [("/broker", "broker", manifest.broker)]
    for name, service in manifest.services.items():
        if service.broker is not None:
            brokers.append((f"/services/{name}/broker", f"services.{name}.broker", service.broker))
    for pointer, name, broker in brokers:
        problem = broker.url_problem()
        if problem:
            raise _at(
                document,
                f"{pointer}/url",
                f"{name}.url: {problem}",
                hint=f"give the {broker.kind} broker's URL, or the kind of the broker at that URL",
            )


def _check_paths_inside(manifest: Manifest, document: Any) -> None:
    """A service's folder and contracts lie inside the workspace (symbolic links resolved):
    accord never reads `/etc/shadow` because a manifest names it."""
    from accord.documents.reading import is_inside, real_path

    root = real_path(document.path.parent)
    for service in manifest.services.values():
        for key, value in _service_paths(service, document.data["services"][service.name]):
            if value and not is_inside(root / value, root):
                raise _at(
                    document,
                    f"/services/{service.name}/{key}",
                    f"services.{service.name}.{key} is {value!r}, which leads outside the workspace {root}",
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
