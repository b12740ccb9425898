"""`accord gateway ...`: API-gateway configuration from the manifest."""

from __future__ import annotations

import typer

from accord.cli.gateway_render import render

app = typer.Typer(help="Render API-gateway configuration for every service.", no_args_is_help=True)
app.command("render")(render)
