"""`accord mocks ...`: mock dependencies from contracts and pacts."""

from __future__ import annotations

import typer

app = typer.Typer(help="Mock dependencies from OpenAPI contracts and pacts.", no_args_is_help=True)

from accord.cli import mocks_serve  # noqa: E402 - commands register on the app above

app.command()(mocks_serve.serve)
app.command()(mocks_serve.up)
