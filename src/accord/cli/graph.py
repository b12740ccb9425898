"""`accord graph`: the system's dependency graph from accord.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import OutputOption, WorkspaceOption
from accord.graph import GraphFormat


def graph(
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="Output format.")] = GraphFormat.mermaid,
    output: OutputOption = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help="A json report (e.g. of `accord ci`) to colour services by contract health."
        ),
    ] = None,
    policy: Annotated[
        bool,
        typer.Option(
            "--policy",
            help="Colour HTTP calls by their declared policy: red no timeout, amber a timeout only, "
            "blue timeout and retries, green timeout and circuit breaker.",
        ),
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Draw the system: services, HTTP calls, events through the broker, gateway routes."""
    from accord.atomic import write_text_atomic
    from accord.graph import render_graph, system_graph
    from accord.manifest import find_workspace

    found = find_workspace(explicit=workspace)
    drawn = system_graph(found, report, by_policy=policy)
    text = render_graph(drawn, fmt)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"graph written to {output}")
    # The picture is drawn either way; events that cannot arrive fail the command like a check.
    for problem in drawn.problems:
        typer.echo(
            f"{found.manifest_path.name}: {problem.severity}: {problem.message} [{problem.rule}]", err=True
        )
    raise typer.Exit(1 if any(p.severity == "error" for p in drawn.problems) else 0)
