"""`accord templates ...`: the templates scaffold can use."""

from __future__ import annotations

import typer

from accord.cli.templates_list import list_command, show

app = typer.Typer(help="List and show service templates.", no_args_is_help=True)
app.command("list")(list_command)
app.command("show")(show)
