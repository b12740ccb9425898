"""`accord contracts diff`: breaking changes between two versions of a contract."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import (
    AllowOutsideRefsOption,
    FormatOption,
    ListRulesOption,
    OutputOption,
    WorkspaceOption,
    emit,
    list_registry,
)
from accord.report import Format, Severity

if TYPE_CHECKING:
    from accord.contracts.diff.engine import DiffResult


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"


class Category(enum.StrEnum):
    wire = "wire"
    wire_json = "wire-json"
    source = "source"


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


def run_diff_command(
    paths: list[Path],
    *,
    base_ref: str | None = None,
    fail_on: FailOn | None = None,
    fmt: Format = Format.human,
    output: Path | None = None,
    accepted: Path | None = None,
    accept: bool = False,
    reason: str = "accepted with --accept",
    level: list[str] | None = None,
    category: Category | None = None,
    list_checks: bool = False,
    workspace: Path | None = None,
    allow_outside_refs: bool = False,
) -> int:
    """What `accord contracts diff` does, from its options to the report and exit code (also
    run without typer for a plain `diff OLD NEW`: `accord.cli.direct`)."""
    from accord.contracts.diff.command import DiffRequest, run_diff
    from accord.documents.reading import using_policy
    from accord.manifest import find_workspace

    if list_checks:
        from accord.contracts.diff.registry import CHECKS

        list_registry(CHECKS, fmt)
        return 0
    request = DiffRequest(
        paths=tuple(paths),
        base_ref=base_ref,
        workspace=find_workspace(explicit=workspace, required=not paths),  # two files need none
        accepted=accepted,
        fail_on=Severity(fail_on) if fail_on else None,
        accept=accept,
        reason=reason,
        levels=tuple(level or ()),
        category=category.value if category else None,
    )
    with using_policy(allow_outside=allow_outside_refs):
        run = run_diff(request)
    report = run.result.report(run.fail_on)
    if accept:
        typer.echo(f"{run.written} change(s) recorded in {run.accepted_file}", err=True)
    if fmt is Format.markdown:
        _emit_changelog(run.result, run.fail_on, output)
    else:
        emit(report, fmt, output)
    return report.exit_code


def _emit_changelog(result: DiffResult, fail_on: Severity, output: Path | None) -> None:
    from accord.atomic import write_text_atomic
    from accord.contracts.diff.markdown import render_changelog

    text = render_changelog(result, fail_on)
    if output is not None:
        write_text_atomic(output, text)
        typer.echo(f"change log written to {output}")
    else:
        typer.echo(text, nl=False)
