"""`accord init`: the starter accord.yaml."""

from __future__ import annotations

from pathlib import Path

from accord.documents.reading import MANIFEST_NAME
from accord.errors import ConfigError

__all__ = ["MANIFEST_TEMPLATE", "init_manifest"]


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
#     emits: {{"POST /orders": [order.created]}}   # what its mock publishes after answering
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
