"""`accord contracts lint`: style rules for OpenAPI and AsyncAPI contracts and .proto files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import (
    AllowOutsideRefsOption,
    FailOnOption,
    FormatOption,
    OutputOption,
    WorkspaceOption,
    emit,
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
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List the rules and exit.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Lint every file again, ignoring .accord/cache/.")
    ] = False,
    allow_outside_refs: AllowOutsideRefsOption = False,
) -> None:
    """Check contracts against API style rules (configure them under `lint:` in accord.yaml)."""
    if list_rules:
        print_rules(fmt)
        return
    from accord.contracts.lint import lint_workspace_or_paths
    from accord.documents.reading import using_policy

    with using_policy(allow_outside=allow_outside_refs):
        report = lint_workspace_or_paths(
            paths or [], workspace=workspace, fail_on=fail_on, cache=not no_cache
        )
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)


def print_rules(fmt: Format) -> None:
    """The registry: id, default severity, rationale (a table, or json)."""
    from accord.contracts.lint import LINT_RULES, PROTO_LINT_RULES

    ordered = sorted([*LINT_RULES, *PROTO_LINT_RULES], key=lambda rule: rule.id)
    if fmt is Format.json:
        rules = [{"id": r.id, "severity": r.severity.value, "rationale": r.rationale} for r in ordered]
        typer.echo(json.dumps({"rules": rules}, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(ordered)} lint rules", title_justify="left")
    table.add_column("rule", no_wrap=True)
    table.add_column("severity")
    table.add_column("why")
    for rule in ordered:
        table.add_row(rule.id, rule.severity.value, rule.rationale)
    Console(soft_wrap=False).print(table)
