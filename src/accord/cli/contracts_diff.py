"""`accord contracts diff`: breaking changes between two versions of a contract."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import (
    AllowOutsideRefsOption,
    FormatOption,
    ListRulesOption,
    OutputOption,
    WorkspaceOption,
)
from accord.cli.contracts_run import Category, FailOn, run_diff_command
from accord.report import Format


def diff(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="OLD NEW, or with --base-ref the files to compare.")
    ] = None,
    base_ref: Annotated[
        str | None,
        typer.Option(
            "--base-ref", help="Compare with the same files at this git ref (no paths: every contract)."
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on", help="Exit 1 at this level or above (default: manifest diff.fail_on, else error)."
        ),
    ] = None,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    accepted: Annotated[
        Path | None,
        typer.Option("--accepted", help="File of accepted changes (default: manifest diff.accepted)."),
    ] = None,
    accept: Annotated[
        bool, typer.Option("--accept", help="Record the breaking changes found as accepted.")
    ] = False,
    reason: Annotated[
        str, typer.Option("--reason", help="Why, recorded with --accept.")
    ] = "accepted with --accept",
    level: Annotated[
        list[str] | None,
        typer.Option(
            "--level",
            metavar="CHECK=LEVEL",
            help="Set the level (error, warning, info) of a check; repeatable; over diff.levels.",
        ),
    ] = None,
    category: Annotated[
        Category | None,
        typer.Option(
            "--category",
            help="What a .proto change may not break: wire, wire-json (also the JSON mapping) or "
            "source (also generated code); default: manifest diff.category, else source.",
        ),
    ] = None,
    list_checks: ListRulesOption = False,
    workspace: WorkspaceOption = None,
    allow_outside_refs: AllowOutsideRefsOption = False,
) -> None:
    """Breaking changes between two contract versions (OpenAPI 2.0/3.x, AsyncAPI 2/3, .proto)."""
    raise typer.Exit(
        run_diff_command(
            list(paths or ()),
            base_ref=base_ref,
            fail_on=fail_on,
            fmt=fmt,
            output=output,
            accepted=accepted,
            accept=accept,
            reason=reason,
            level=level,
            category=category,
            list_checks=list_checks,
            workspace=workspace,
            allow_outside_refs=allow_outside_refs,
        )
    )
