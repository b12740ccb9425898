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


def run_validate(
    paths: list[Path] | None,
    *,
    allow_remote: bool = False,
    allow_outside_refs: bool = False,
    fmt: Format = Format.human,
    output: Path | None = None,
    list_rules: bool = False,
    lint: bool = False,
    no_cache: bool = False,
    workspace: Path | None = None,
    fail_on: Severity = Severity.error,
) -> int:
    """What `accord contracts validate` does, from its options to the report and exit code
    (also run without typer for a plain command line: `accord.cli.direct`)."""
    from accord.contracts.validate import validate_paths
    from accord.contracts.validation_rules import RULES
    from accord.documents.reading import using_policy

    if list_rules:
        list_registry(RULES, fmt)
        return 0
    from accord.contracts.model import shared_loads
    from accord.manifest import find_workspace

    found = find_workspace(explicit=workspace, required=not paths)
    protos = []
    if not paths:
        from accord.contracts.proto.sources import workspace_proto_sources

        assert found is not None
        paths, protos = found.contracts(), workspace_proto_sources(found)
    with using_policy(allow_remote=allow_remote, allow_outside=allow_outside_refs), shared_loads():
        report = validate_paths(paths, allow_remote=allow_remote, use_cache=not no_cache, protos=protos)
        if lint:
            from accord.contracts.lint.engine import lint_workspace_or_paths

            # The same files, in the same process: one interpreter start instead of two per commit.
            linted = lint_workspace_or_paths(list(paths), workspace=found, cache=not no_cache)
            report.tool = "validate+lint"
            report.extend(linted.findings)
    report.fail_on = fail_on
    emit(report, fmt, output)
    return report.exit_code
