"""`accord ci`: the one command for pipelines."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from accord.cli.common import AllowOutsideRefsOption, FormatOption, OutputOption, WorkspaceOption, emit
from accord.report import Format


def ci(
    base_ref: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional here on 3.11
        typer.Option("--base-ref", help="Git ref the contracts are diffed against (e.g. origin/main)."),
    ] = None,
    steps: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--steps", help="Steps to run, comma-separated (default: all)."),
    ] = None,
    max_examples: Annotated[
        int, typer.Option("--max-examples", min=1, help="Requests per operation and phase in contracts-test.")
    ] = 10,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    workspace: WorkspaceOption = None,
    allow_outside_refs: AllowOutsideRefsOption = False,
) -> None:
    """Run every configured check over the manifest: one report, one exit code."""
    from accord.ci import CiOptions, run_ci
    from accord.contracts.reading import using_policy
    from accord.contracts.schemathesis_run import EngineOptions
    from accord.manifest import find_workspace

    names = [part.strip() for value in steps or [] for part in value.split(",") if part.strip()]
    options = CiOptions(base_ref=base_ref, conformance=EngineOptions(max_examples=max_examples, seed=0))
    with using_policy(allow_outside=allow_outside_refs):
        run = run_ci(find_workspace(explicit=workspace), options, names or None)
    _print_summary(run.summary_rows(), to_stderr=fmt is not Format.human and output is None)
    report = run.report()
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)


def _print_summary(rows: list[tuple[str, str, int, int, str]], *, to_stderr: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("step", "status", "errors", "warnings", "time", title="accord ci")
    colour = {"passed": "green", "failed": "red", "skipped": "dim"}
    for name, status, errors, warnings, elapsed in rows:
        table.add_row(name, f"[{colour[status]}]{status}[/]", str(errors), str(warnings), elapsed)
    Console(stderr=to_stderr, highlight=False).print(table)
