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
    emit,
    list_registry,
)
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
    """Check OpenAPI 2.0/3.0/3.1 and AsyncAPI 2.x/3.0 contracts: structure, $refs, examples."""
    from accord.contracts.validate import validate_paths
    from accord.contracts.validation_rules import RULES
    from accord.documents.reading import using_policy

    if list_rules:
        list_registry(RULES, fmt)
        return
    from accord.manifest import find_workspace

    found = find_workspace(explicit=workspace, required=not paths)
    if not paths:
        assert found is not None
        paths = found.contracts()
    with using_policy(allow_remote=allow_remote, allow_outside=allow_outside_refs):
        report = validate_paths(paths, allow_remote=allow_remote, use_cache=not no_cache)
        if lint:
            from accord.contracts.lint.engine import lint_workspace_or_paths

            # The same files, in the same process: one interpreter start instead of two per commit.
            linted = lint_workspace_or_paths(list(paths), workspace=found, cache=not no_cache)
            report.tool = "validate+lint"
            report.extend(linted.findings)
    report.fail_on = fail_on
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)
