"""`accord contracts lint`: style rules for OpenAPI and AsyncAPI contracts and .proto files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import (
    AllowOutsideRefsOption,
    FailOnOption,
    FormatOption,
    ListRulesOption,
    OutputOption,
    WorkspaceOption,
)
from accord.cli.contracts_run import run_lint
from accord.report import Format, Severity

PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(help="Contract files or folders (default: every contract in accord.yaml)."),
]


def lint(
    paths: PathsArgument = None,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    workspace: WorkspaceOption = None,
    fail_on: FailOnOption = Severity.error,
    list_rules: ListRulesOption = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Lint every file again, ignoring .accord/cache/.")
    ] = False,
    allow_outside_refs: AllowOutsideRefsOption = False,
) -> None:
    """Check contracts against API style rules (configure them under `lint:` in accord.yaml)."""
    raise typer.Exit(
        run_lint(
            paths,
            fmt=fmt,
            output=output,
            workspace=workspace,
            fail_on=fail_on,
            list_rules=list_rules,
            no_cache=no_cache,
            allow_outside_refs=allow_outside_refs,
        )
    )
