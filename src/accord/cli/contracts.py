"""`accord contracts ...`: validate, lint, diff and test OpenAPI and AsyncAPI contracts."""

from __future__ import annotations

import typer

app = typer.Typer(help="Validate, lint, diff and test OpenAPI and AsyncAPI contracts.", no_args_is_help=True)

from accord.cli import contracts_diff  # noqa: E402

app.command("diff")(contracts_diff.diff)
