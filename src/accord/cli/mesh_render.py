"""`accord mesh render`: Istio or Linkerd policies for every service and edge of the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import WorkspaceOption
from accord.cli.completion import complete_mesh


def render(
    kind: Annotated[str, typer.Option("--kind", "-k", help="istio | linkerd.", autocompletion=complete_mesh)],
    environment: Annotated[
        str | None,
        typer.Option(
            "--env", "-e", help="Which environment's Service ports (services.*.upstreams; default: local)."
        ),
    ] = None,
    namespace: Annotated[
        str | None, typer.Option("--namespace", "-n", help="Kubernetes namespace (default: the system name).")
    ] = None,
    gateway_identity: Annotated[
        str | None,
        typer.Option(
            "--gateway-identity",
            help="NAMESPACE/SERVICEACCOUNT the gateway runs as (default: Istio's ingress gateway, "
            "or ingress-nginx/ingress-nginx for Linkerd).",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output-dir", help="Folder inside the workspace (default: mesh/KIND)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite files that differ.")] = False,
    stdout: Annotated[bool, typer.Option("--stdout", help="Print instead of writing files.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Write mesh policies: timeouts, retries, circuit breakers, mTLS, and only the declared callers."""
    from accord.manifest import find_workspace
    from accord.mesh import render_mesh, write_mesh

    found = find_workspace(explicit=workspace)
    config = render_mesh(
        found, kind, environment=environment, namespace=namespace, gateway_identity=gateway_identity
    )
    if stdout:
        for name, text in config.files.items():
            typer.echo(f"# --- {name}\n{text}", nl=False)
        return
    for path in write_mesh(found, config, output or Path("mesh") / config.kind, force=force):
        typer.echo(f"wrote {path} ({config.kind}, namespace {config.namespace})")
