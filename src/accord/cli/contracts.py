"""`accord contracts ...`: validate, lint, diff and test OpenAPI and AsyncAPI contracts."""

from __future__ import annotations

import typer

app = typer.Typer(help="Validate, lint, diff and test OpenAPI and AsyncAPI contracts.", no_args_is_help=True)

from accord.cli import contracts_test  # noqa: E402 - registered after the app exists

app.command("test")(contracts_test.contracts_test)
