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


def run_lint(
    paths: list[Path] | None,
    *,
    fmt: Format = Format.human,
    output: Path | None = None,
    workspace: Path | None = None,
    fail_on: Severity = Severity.error,
    list_rules: bool = False,
    no_cache: bool = False,
    allow_outside_refs: bool = False,
) -> int:
    """What `accord contracts lint` does, from its options to the report and exit code (also
    run without typer for a plain command line: `accord.cli.direct`)."""
    if list_rules:
        from accord.contracts.lint import LINT_RULES, PROTO_LINT_RULES

        list_registry(LINT_RULES, fmt, PROTO_LINT_RULES)
        return 0
    from accord.contracts.lint import lint_workspace_or_paths
    from accord.documents.reading import using_policy
    from accord.manifest import find_workspace

    found = find_workspace(explicit=workspace, required=not paths)
    with using_policy(allow_outside=allow_outside_refs):
        report = lint_workspace_or_paths(paths or [], workspace=found, fail_on=fail_on, cache=not no_cache)
    emit(report, fmt, output)
    return report.exit_code
