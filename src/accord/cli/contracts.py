"""`accord contracts ...`: validate, lint, diff and test OpenAPI and AsyncAPI contracts."""

from __future__ import annotations

import typer

from accord.cli.lazy import LazyCommand, LazyGroup


class ContractsGroup(LazyGroup):
    """`accord contracts`: each command is imported only when it runs (`test` alone brings in
    the provider runtime, 70 ms that `validate` and `diff` have no use for)."""

    SHORTEN_HELP = True
    LAZY = {
        "validate": LazyCommand(
            "accord.cli.contracts_validate:validate",
            "Check OpenAPI 2.0/3.0/3.1 and AsyncAPI 2.x/3.0 contracts (structure, $refs, examples) "
            "and .proto files (syntax, imports, types).",
        ),
        "lint": LazyCommand(
            "accord.cli.contracts_lint:lint",
            "Check contracts against API style rules (configure them under `lint:` in accord.yaml).",
        ),
        "diff": LazyCommand(
            "accord.cli.contracts_diff:diff",
            "Breaking changes between two contract versions (OpenAPI 2.0/3.x, AsyncAPI 2/3, .proto).",
        ),
        "test": LazyCommand(
            "accord.cli.contracts_test:contracts_test",
            "Test providers against their OpenAPI contracts with generated requests (schemathesis).",
        ),
    }


app = typer.Typer(
    help="Validate, lint, diff and test OpenAPI and AsyncAPI contracts.",
    no_args_is_help=True,
    cls=ContractsGroup,
)
