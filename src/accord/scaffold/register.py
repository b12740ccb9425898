"""Register a service in accord.yaml by a round-trip edit: comments, order and style are kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from accord.errors import ConfigError

__all__ = ["edit_manifest", "manifest_with_service"]


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip mode: keeps comments, key order and flow style
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    # Keep `key: null` as written (ruamel would print an empty value).
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def manifest_with_service(
    text: str, name: str, entry: dict[str, Any], *, gateway_kind: str | None = None
) -> str:
    """The manifest text with `services.<name>` set to `entry` (replaced in place if it exists)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml()
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise ConfigError("accord.yaml is not a mapping", hint="run `accord init`")
    services = data.get("services")
    if not isinstance(services, CommentedMap):
        # `services: {}` from `accord init`: become a block mapping, so entries read well.
        services = CommentedMap()
        data["services"] = services
    node = CommentedMap()
    for key, value in entry.items():
        if isinstance(value, list | tuple):
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            node[key] = seq
        elif isinstance(value, dict):
            mapping = CommentedMap(value)
            mapping.fa.set_flow_style()
            node[key] = mapping
        else:
            node[key] = value
    services[name] = node
    if gateway_kind is not None:
        gateway = data.get("gateway")
        if isinstance(gateway, CommentedMap):
            gateway["kind"] = gateway_kind
        else:
            data["gateway"] = CommentedMap(kind=gateway_kind)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def edit_manifest(path: Path, name: str, entry: dict[str, Any], *, gateway_kind: str | None = None) -> str:
    """The new text of the manifest at `path` with the service registered (not yet written)."""
    return manifest_with_service(path.read_text("utf-8"), name, entry, gateway_kind=gateway_kind)
