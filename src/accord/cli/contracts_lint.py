"""`accord contracts lint`: style rules for OpenAPI and AsyncAPI contracts."""

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
    emit,
    list_registry,
)
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
    if list_rules:
        from accord.contracts.lint import LINT_RULES

        list_registry(LINT_RULES, fmt)
        return
    from accord.contracts.lint import lint_workspace_or_paths
    from accord.documents.reading import using_policy
    from accord.manifest import find_workspace

    found = find_workspace(explicit=workspace, required=not paths)
    with using_policy(allow_outside=allow_outside_refs):
        report = lint_workspace_or_paths(paths or [], workspace=found, fail_on=fail_on, cache=not no_cache)
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)
