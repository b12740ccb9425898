"""What every gateway format renders from: the routes of the manifest in one environment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from accord.errors import ConfigError
from accord.manifest import Manifest, Service, manifest_schema

__all__ = [
    "DEFAULT_ENVIRONMENT",
    "GatewayConfig",
    "Route",
    "check_safe",
    "double_quoted",
    "gateway_routes",
    "upstream_url",
]

DEFAULT_ENVIRONMENT = "local"


@dataclass(frozen=True)
class Route:
    """Requests under `prefix` go to `upstream` (a base URL, e.g. http://127.0.0.1:8001)."""

    service: str
    prefix: str
    upstream: str

    @property
    def host(self) -> str:
        return urlsplit(self.upstream).hostname or ""

    @property
    def port(self) -> int:
        parts = urlsplit(self.upstream)
        return parts.port or (443 if parts.scheme == "https" else 80)

    @property
    def scheme(self) -> str:
        return urlsplit(self.upstream).scheme or "http"


@dataclass(frozen=True)
class GatewayConfig:
    """Rendered files (name relative to the gateway output folder -> text)."""

    kind: str
    environment: str
    files: dict[str, str]


def upstream_url(service: Service, environment: str) -> str | None:
    """`upstreams[environment]`, else 127.0.0.1:port locally, else the service's DNS name:port."""
    if environment in service.upstreams:
        return service.upstreams[environment].rstrip("/")
    if service.port is None:
        return service.url.rstrip("/") if service.url else None
    host = "127.0.0.1" if environment == DEFAULT_ENVIRONMENT else service.name
    return f"http://{host}:{service.port}"


def gateway_routes(manifest: Manifest, environment: str) -> list[Route]:
    """A route for every service with a `route:`, in manifest order."""
    check_safe("environment", environment, "environment")
    _one_service_per_port(manifest, environment)
    routes: list[Route] = []
    for service in manifest.services.values():
        if not service.route:
            continue
        upstream = upstream_url(service, environment)
        if upstream is None:
            raise ConfigError(
                f"service {service.name} has a route but no upstream for environment {environment!r}",
                hint=f"add services.{service.name}.port, or upstreams: {{{environment}: URL}}",
            )
        # The manifest schema checks these on load; checked again here because every gateway
        # format pastes them into its own syntax (a Manifest can also be built in Python).
        check_safe(f"services.{service.name}", service.name, "name")
        check_safe(f"services.{service.name}.route", service.route, "route")
        check_safe(f"services.{service.name}: upstream", upstream, "upstream")
        routes.append(Route(service.name, "/" + service.route.strip("/"), upstream))
    return routes


def _one_service_per_port(manifest: Manifest, environment: str) -> None:
    """Two services with one `port:` would each get the other's requests on this machine: a
    ConfigError naming both. Elsewhere (`SERVICE:PORT`) two services may share a port number,
    each on its own host, and an explicit `upstreams:` entry says what it means."""
    if environment != DEFAULT_ENVIRONMENT:
        return
    seen: dict[int, str] = {}
    for service in manifest.services.values():
        if not service.route or service.port is None or environment in service.upstreams:
            continue
        other = seen.setdefault(service.port, service.name)
        if other != service.name:
            raise ConfigError(
                f"services {other} and {service.name} both have port {service.port}: on this machine "
                f"the gateway would send both routes to 127.0.0.1:{service.port}",
                hint=f"give each service its own port: (services.{service.name}.port), or another --env",
            )


def double_quoted(value: str) -> str:
    """A double-quoted string argument (nginx and Caddyfile): `;`, braces, spaces stay inside it."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def check_safe(where: str, value: str, kind: str) -> None:
    """ConfigError unless `value` matches the manifest schema's pattern for `kind`."""
    rule = _patterns()[kind]
    ok = isinstance(value, str) and re.fullmatch(rule["pattern"], value) is not None
    if ok and kind == "upstream":
        try:
            ok = 0 < (urlsplit(value).port or 80) < 65536
        except ValueError:
            ok = False
    if not ok:
        raise ConfigError(
            f"{where}: {value!r} is not a valid {rule.get('title', kind)}",
            hint=rule["description"],  # a sentence of its own: "Folder the gateway ... is written to, ..."
        )


@cache
def _patterns() -> dict[str, dict[str, str]]:
    schema = manifest_schema()
    found = dict(schema["$defs"])
    found["route"] = schema["$defs"]["service"]["properties"]["route"]
    found["folder"] = schema["properties"]["gateway"]["properties"]["output"]
    return found
