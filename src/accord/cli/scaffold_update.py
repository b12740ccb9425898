"""`accord scaffold update NAME`: bring in the current template version, keeping local edits."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.common import WorkspaceOption
from accord.cli.completion import complete_service


def update(
    name: Annotated[str, typer.Argument(help="The service to update.", autocompletion=complete_service)],
    resolved: Annotated[
        bool,
        typer.Option(
            "--resolved",
            help="You resolved the conflicts of the last update by hand: keep your files, finish it.",
        ),
    ] = False,
    trust: Annotated[
        bool, typer.Option("--trust", help="Run the hooks of a template that is not built in.")
    ] = False,
    workspace: WorkspaceOption = None,
) -> None:
    """Re-render a service with the current template and three-way merge it; exit 1 on conflicts."""
    from accord.cli.scaffold_service import scaffold_workspace
    from accord.scaffold.rules import redacting
    from accord.scaffold.update import update_service

    with redacting():
        result = update_service(scaffold_workspace(workspace), name, trust=trust, resolved=resolved)
    if result.conflicts:
        typer.echo(
            f"{name}: {len(result.conflicts)} conflict(s); nothing in the service was changed:", err=True
        )
        for path in result.conflicts:
            typer.echo(f"  conflict: {path}  (merge with markers: {result.conflict_dir}/{path})", err=True)
        typer.echo(
            f"resolve them in the service by hand, then run `accord scaffold update {name} --resolved`",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(f"{name}: {result.old_version} -> {result.new_version}, {len(result.updated)} file(s) updated")
    for path in result.updated:
        typer.echo(f"  updated: {path}")
