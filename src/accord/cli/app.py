"""The root of the command tree. Each sub-command group lives in its own module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord import __version__
from accord.cli.errors import DEBUG_KEY
from accord.cli.lazy import LazyCommand, LazyGroup


class RootGroup(LazyGroup):
    """`accord`: every command group is imported only when it runs."""

    LAZY = {
        "contracts": LazyCommand(
            "accord.cli.contracts:app", "Validate, lint, diff and test OpenAPI and AsyncAPI contracts."
        ),
        "pact": LazyCommand(
            "accord.cli.pact:app",
            "Consumer-driven contract tests with Pact: verify, check, publish, can-i-deploy.",
        ),
        "mocks": LazyCommand("accord.cli.mocks:app", "Mock dependencies from OpenAPI contracts and pacts."),
        "scaffold": LazyCommand(
            "accord.cli.scaffold:app", "Create services from templates, registered, routed and wired."
        ),
        "templates": LazyCommand("accord.cli.templates:app", "List and show service templates."),
        "gateway": LazyCommand(
            "accord.cli.gateway:app", "Render API-gateway configuration for every service."
        ),
        "events": LazyCommand(
            "accord.cli.events:app", "Publish, listen to and check events on the system's broker."
        ),
        "mesh": LazyCommand(
            "accord.cli.mesh:app", "Render service-mesh policies (Istio, Linkerd) from the manifest's edges."
        ),
        "graph": LazyCommand(
            "accord.cli.graph:graph",
            "Draw the system: services, HTTP calls, events through the broker, gateway routes.",
        ),
        "ci": LazyCommand(
            "accord.cli.ci:ci", "Run every configured check over the manifest: one report, one exit code."
        ),
        "report": LazyCommand(
            "accord.cli.report:app", "Merge the json reports of several CI jobs into one report."
        ),
    }


app = typer.Typer(
    name="accord",
    cls=RootGroup,
    help="Contracts, mocks, pacts and scaffolding for a microservice system, from one accord.yaml.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """accord: tame the testing of a microservice system."""
    ctx.meta[DEBUG_KEY] = debug


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create accord.yaml.")] = Path(),
    system: Annotated[
        str | None,
        typer.Option(help="The system's name (default: the folder's name)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing accord.yaml.")] = False,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the manifest's JSON Schema and exit.")
    ] = False,
) -> None:
    """Create accord.yaml, the manifest of a system."""
    from accord.manifest import init_manifest, manifest_schema

    if schema:
        import json

        typer.echo(json.dumps(manifest_schema(), indent=2))
        return
    from accord.gitignore import planned_gitignore

    gitignore = planned_gitignore(folder.resolve())  # read before anything is written
    path = init_manifest(folder, system, force=force)
    typer.echo(f"created {path}")
    if gitignore is not None:
        gitignore.write()
        typer.echo(f"{'created' if gitignore.new else 'updated'} {gitignore.path}")
