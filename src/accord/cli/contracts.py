"""`accord contracts ...`: validate, lint, diff and test OpenAPI and AsyncAPI contracts."""

from __future__ import annotations

import typer

app = typer.Typer(help="Validate, lint, diff and test OpenAPI and AsyncAPI contracts.", no_args_is_help=True)

from accord.cli import contracts_lint  # noqa: E402 - each command registers below the app

app.command("lint")(contracts_lint.lint)
