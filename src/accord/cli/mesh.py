"""`accord mesh ...`: service-mesh policies from the manifest."""

from __future__ import annotations

import typer

from accord.cli.mesh_render import render

app = typer.Typer(
    help="Render service-mesh policies (Istio, Linkerd) from the manifest's edges.", no_args_is_help=True
)
app.command("render")(render)
