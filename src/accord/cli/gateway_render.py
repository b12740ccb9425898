"""`accord gateway render`: gateway configuration for every service of the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import WorkspaceOption
from accord.cli.completion import complete_gateway


def render(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="nginx | kong | traefik | gateway-api | caddy | krakend.",
            autocompletion=complete_gateway,
        ),
    ] = None,
    environment: Annotated[
        str | None,
        typer.Option("--env", "-e", help="Which upstreams to use (services.*.upstreams; default: local)."),
    ] = None,
    listen: Annotated[int | None, typer.Option(help="Port the gateway listens on.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output-dir", help="Folder inside the workspace (default: gateway.output)."),
    ] = None,
    stdout: Annotated[bool, typer.Option("--stdout", help="Print instead of writing files.")] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Write the gateway configuration: each service's route prefix to its upstream."""
    from accord.manifest import find_workspace
    from accord.scaffold.gateways import render_gateway, write_gateway

    found = find_workspace(explicit=workspace)
    config = render_gateway(found, kind, environment=environment, listen=listen, output=output)
    if stdout:
        for name, text in config.files.items():
            typer.echo(f"# --- {name}\n{text}", nl=False)
        return
    for path in write_gateway(found, config, output):
        typer.echo(f"wrote {path} ({config.kind}, environment {config.environment})")
