"""`accord pact check`: consumer pacts against the provider's OpenAPI, without running anything."""

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
from accord.cli.output import emit, list_registry
from accord.report import Format, Severity


def check(
    pacts: Annotated[
        list[Path] | None,
        typer.Argument(help="Pact files (default: every pact of the manifest)."),
    ] = None,
    openapi: Annotated[
        Path | None,
        typer.Option("--openapi", help="The provider's OpenAPI (default: from accord.yaml)."),
    ] = None,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    fail_on: FailOnOption = Severity.error,
    workspace: WorkspaceOption = None,
    allow_outside_refs: AllowOutsideRefsOption = False,
    list_rules: ListRulesOption = False,
) -> None:
    """Check each interaction of consumer pacts against the provider's OpenAPI, offline."""
    if list_rules:
        from accord.contracts.pact.check_rules import CHECKS

        list_registry(CHECKS, fmt)
        return
    from accord.contracts.pact.check import check_pacts
    from accord.documents.reading import using_policy
    from accord.manifest import find_workspace

    # explicit pacts and contract need no manifest; a broken one is still an error
    system = find_workspace(explicit=workspace, required=not (pacts and openapi))
    with using_policy(allow_outside=allow_outside_refs):
        report = check_pacts(system, list(pacts or []), openapi)
    report.fail_on = fail_on
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)
