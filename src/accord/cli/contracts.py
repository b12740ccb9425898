"""`accord contracts ...`: validate, lint, diff and test OpenAPI and AsyncAPI contracts."""

from __future__ import annotations

import typer

from accord.cli.contracts_diff import diff
from accord.cli.contracts_lint import lint
from accord.cli.contracts_test import contracts_test
from accord.cli.contracts_validate import validate

app = typer.Typer(help="Validate, lint, diff and test OpenAPI and AsyncAPI contracts.", no_args_is_help=True)
app.command("validate")(validate)
app.command("lint")(lint)
app.command("diff")(diff)
app.command("test")(contracts_test)
