"""`accord scaffold ...`: new services from templates."""

from __future__ import annotations

import typer

from accord.cli.scaffold_service import service
from accord.cli.scaffold_update import update

app = typer.Typer(help="Create services from templates, registered, routed and wired.", no_args_is_help=True)
app.command("service")(service)
app.command("update")(update)
