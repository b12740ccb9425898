"""`accord graph`: the system's dependency graph from accord.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from accord.cli.common import OutputOption, WorkspaceOption
from accord.graph import GraphFormat


def graph(
    fmt: Annotated[GraphFormat, typer.Option("--format", "-f", help="Output format.")] = GraphFormat.mermaid,
    output: OutputOption = None,
    report: Annotated[
        Optional[Path],  # noqa: UP045 - typer needs Optional here on 3.11
        typer.Option(
            "--report", help="A json report (e.g. of `accord ci`) to colour services by contract health."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Draw the system: services, HTTP calls, events through the broker, gateway routes."""
    from accord.atomic import write_text_atomic
    from accord.graph import render_graph, system_graph
    from accord.manifest import find_workspace

    text = render_graph(system_graph(find_workspace(explicit=workspace), report), fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_text_atomic(output, text)
    typer.echo(f"graph written to {output}")
