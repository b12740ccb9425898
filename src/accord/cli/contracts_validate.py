"""`accord contracts validate`: check contracts against their specification and semantic rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import (
    AllowOutsideRefsOption,
    AllowRemoteOption,
    FailOnOption,
    FormatOption,
    ListRulesOption,
    OutputOption,
    WorkspaceOption,
)
from accord.cli.contracts_run import run_validate
from accord.report import Format, Severity


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Contract files or folders (default: every contract in accord.yaml)."),
    ] = None,
    allow_remote: AllowRemoteOption = False,
    allow_outside_refs: AllowOutsideRefsOption = False,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    list_rules: ListRulesOption = False,
    lint: Annotated[
        bool,
        typer.Option("--lint", help="Also apply the lint rules, in the same run (one pre-commit hook)."),
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Check again even if the contract has not changed.")
    ] = False,
    workspace: WorkspaceOption = None,
    fail_on: FailOnOption = Severity.error,
) -> None:
    """Check OpenAPI 2.0/3.0/3.1 and AsyncAPI 2.x/3.0 contracts (structure, $refs, examples)
    and .proto files (syntax, imports, types)."""
    raise typer.Exit(
        run_validate(
            paths,
            allow_remote=allow_remote,
            allow_outside_refs=allow_outside_refs,
            fmt=fmt,
            output=output,
            list_rules=list_rules,
            lint=lint,
            no_cache=no_cache,
            workspace=workspace,
            fail_on=fail_on,
        )
    )
