"""What every gateway format renders from: the routes of the manifest in one environment."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from accord.errors import ConfigError
from accord.manifest import Manifest, Service

__all__ = ["DEFAULT_ENVIRONMENT", "GatewayConfig", "Route", "gateway_routes", "upstream_url"]

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
    routes = []
    for service in manifest.services.values():
        if not service.route:
            continue
        upstream = upstream_url(service, environment)
        if upstream is None:
            raise ConfigError(
                f"service {service.name} has a route but no upstream for environment {environment!r}",
                hint=f"add services.{service.name}.port, or upstreams: {{{environment}: URL}}",
            )
        if urlsplit(upstream).scheme not in {"http", "https"} or not urlsplit(upstream).hostname:
            raise ConfigError(
                f"services.{service.name}: upstream {upstream!r} is not an http(s) URL",
                hint="write it as http://HOST:PORT",
            )
        routes.append(Route(service.name, "/" + service.route.strip("/"), upstream))
    return routes
