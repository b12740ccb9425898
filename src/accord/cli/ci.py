"""`accord ci`: the one command for pipelines."""

from __future__ import annotations

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
from accord.cli.contracts_test import BrokerOption
from accord.cli.output import emit, list_registry
from accord.contracts.provider_runtime import BrokerMode
from accord.report import Format, Severity


def ci(
    base_ref: Annotated[
        str | None,
        typer.Option("--base-ref", help="Git ref the contracts are diffed against (e.g. origin/main)."),
    ] = None,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            help="Check only services changed since this git ref, and the consumers and subscribers "
            "of changed contracts.",
        ),
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard", help="Check only job I of N (e.g. 2/4): services split by a hash of their name."
        ),
    ] = None,
    steps: Annotated[
        list[str] | None,
        typer.Option(
            "--steps",
            help="Steps to run, comma-separated: validate, lint, events, diff, pact-check, contracts-test, "
            "chaos (default: all but chaos).",
        ),
    ] = None,
    max_examples: Annotated[
        int, typer.Option("--max-examples", min=1, help="Requests per operation and phase in contracts-test.")
    ] = 10,
    broker: BrokerOption = BrokerMode.auto,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    fail_on: FailOnOption = Severity.error,
    workspace: WorkspaceOption = None,
    allow_outside_refs: AllowOutsideRefsOption = False,
    list_rules: ListRulesOption = False,
) -> None:
    """Run every configured check over the manifest: one report, one exit code."""
    from accord.ci import STEPS, CiOptions, run_ci

    if list_rules:
        list_registry(STEPS, fmt)
        return
    from accord.ci_select import Shard, select_services
    from accord.contracts.schemathesis_run import EngineOptions
    from accord.documents.reading import using_policy
    from accord.manifest import find_workspace

    names = [part.strip() for value in steps or [] for part in value.split(",") if part.strip()]
    job = Shard.parse(shard) if shard is not None else None
    system = find_workspace(explicit=workspace)
    selection = None
    if changed_since is not None or job is not None:
        selection = select_services(system, changed_since=changed_since, shard=job)
    conformance = EngineOptions(max_examples=max_examples, seed=0)
    options = CiOptions(base_ref=base_ref, conformance=conformance, selection=selection, broker=broker)
    with using_policy(allow_outside=allow_outside_refs):
        run = run_ci(system, options, names or None)
    _print_summary(run.summary_rows(), to_stderr=fmt is not Format.human and output is None)
    report = run.report()
    if selection is not None:
        selection.annotate(report)
    report.fail_on = fail_on
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)


def _print_summary(rows: list[tuple[str, str, int, int, str]], *, to_stderr: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("step", "status", "errors", "warnings", "time", title="accord ci")
    colour = {"passed": "green", "failed": "red", "skipped": "dim"}
    for name, status, errors, warnings, elapsed in rows:
        table.add_row(
            name, f"[{colour[status.split(':')[0]]}]{status}[/]", str(errors), str(warnings), elapsed
        )
    Console(stderr=to_stderr, highlight=False).print(table)
