"""`accord templates ...`: the templates scaffold can use."""

from __future__ import annotations

import typer

app = typer.Typer(help="List and show service templates.", no_args_is_help=True)
