"""`accord templates list|show`: the built-in templates and those accord.yaml names."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.common import WorkspaceOption
from accord.cli.completion import complete_template


def _configured(workspace: object) -> tuple[dict[str, str], object]:
    from pathlib import Path

    from accord.manifest import find_workspace

    found = find_workspace(explicit=workspace if isinstance(workspace, Path) else None, required=False)
    if found is None:
        return {}, None  # outside a system: the built-in templates only
    return found.manifest.templates, found.root


def list_command(workspace: WorkspaceOption = None) -> None:
    """List the templates `accord scaffold service --template` can use."""
    from accord.scaffold.rules import redact, redacting
    from accord.scaffold.templates import list_templates

    configured, root = _configured(workspace)
    with redacting():
        templates = list_templates(configured, root)  # type: ignore[arg-type]
    for template in templates:
        origin = "built-in" if template.builtin else redact(template.source)
        summary = template.description.split(". ")[0]
        typer.echo(f"{template.name:<20} {template.version:<12} {origin:<10} {summary}")


def show(
    name: Annotated[
        str, typer.Argument(help="Template name, folder or git URL.", autocompletion=complete_template)
    ],
    workspace: WorkspaceOption = None,
) -> None:
    """Show a template's variables, defaults and options."""
    from accord.scaffold.rules import redact, redacting
    from accord.scaffold.templates import resolve_template

    configured, root = _configured(workspace)
    with redacting():
        template = resolve_template(name, configured, root)  # type: ignore[arg-type]
    origin = "built-in" if template.builtin else redact(template.source)
    typer.echo(f"{template.name} {template.version} ({origin})")
    if template.description:
        typer.echo(template.description)
    typer.echo("variables:")
    for key, default in template.defaults().items():
        shown = " | ".join(map(str, default)) if isinstance(default, list) else str(default)
        doc = template.options.get(key, "")
        typer.echo(f"  {key:<14} {shown}" + (f"\n  {'':<14} {doc}" if doc else ""))
