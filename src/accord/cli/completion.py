"""Shell completion: service names, template names, broker and gateway kinds from the manifest.

Completion runs on every TAB press, so each function stays cheap and never fails: a missing
or broken accord.yaml simply completes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

__all__ = ["complete_broker", "complete_gateway", "complete_mesh", "complete_service", "complete_template"]


def _workspace(ctx: typer.Context) -> Any:
    from accord.errors import AccordError
    from accord.manifest import find_workspace

    explicit = ctx.params.get("workspace")
    try:
        return find_workspace(explicit=Path(explicit) if explicit else None)
    except AccordError:
        return None


def _starting(names: list[str], incomplete: str) -> list[str]:
    return [name for name in names if name.startswith(incomplete)]


def complete_service(ctx: typer.Context, incomplete: str) -> list[str]:
    """The services of accord.yaml."""
    found = _workspace(ctx)
    return _starting(list(found.manifest.services) if found else [], incomplete)


def complete_template(ctx: typer.Context, incomplete: str) -> list[str]:
    """The built-in templates and the `templates:` of accord.yaml."""
    from accord.scaffold.templates import builtin_root

    names = sorted(p.name for p in builtin_root().iterdir() if (p / "cookiecutter.json").is_file())
    found = _workspace(ctx)
    if found is not None:
        names += sorted(found.manifest.templates)
    return _starting(names, incomplete)


def complete_broker(incomplete: str) -> list[str]:
    """The broker kinds the manifest schema allows."""
    from accord.manifest import manifest_schema

    kinds = manifest_schema()["properties"]["broker"]["properties"]["kind"]["enum"]
    return _starting(list(kinds), incomplete)


def complete_gateway(incomplete: str) -> list[str]:
    """The gateway kinds accord renders, and none."""
    from accord.scaffold.gateways.registry import GATEWAY_KINDS

    return _starting([*GATEWAY_KINDS, "none"], incomplete)


def complete_mesh(incomplete: str) -> list[str]:
    """The service meshes accord renders policies for."""
    from accord.mesh.registry import MESH_KINDS

    return _starting(list(MESH_KINDS), incomplete)
