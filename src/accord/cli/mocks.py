"""`accord mocks ...`: mock dependencies from contracts and pacts."""

from __future__ import annotations

import typer

app = typer.Typer(help="Mock dependencies from OpenAPI contracts and pacts.", no_args_is_help=True)
