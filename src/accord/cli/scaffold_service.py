"""`accord scaffold service NAME`: a new service from a template, registered, routed and wired."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import WorkspaceOption
from accord.cli.completion import complete_broker, complete_gateway, complete_template

if TYPE_CHECKING:
    from accord.manifest import Workspace


def service(
    name: Annotated[str, typer.Argument(help="The service's name (lower-case letters, digits, dashes).")],
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="Built-in name, `templates:` name, folder or git URL.",
            autocompletion=complete_template,
        ),
    ] = None,
    broker: Annotated[
        str | None,
        typer.Option(
            help="rabbitmq | kafka | nats | redis | none (default: the manifest's broker).",
            autocompletion=complete_broker,
        ),
    ] = None,
    api: Annotated[
        str | None,
        typer.Option(help="http | grpc | http,grpc: the APIs the service serves (default: http)."),
    ] = None,
    gateway: Annotated[
        str | None,
        typer.Option(
            help="nginx | kong | traefik | gateway-api | caddy | krakend (default: the manifest's).",
            autocompletion=complete_gateway,
        ),
    ] = None,
    subscribe: Annotated[
        list[str] | None,
        typer.Option("--subscribe", help="An event the service subscribes to (repeatable)."),
    ] = None,
    port: Annotated[int | None, typer.Option(help="HTTP port (default: the next free one).")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--into", help="Folder, relative to the workspace (default: services/NAME)."),
    ] = None,
    values: Annotated[
        list[str] | None,
        typer.Option("--set", help="A template variable, key=value (repeatable)."),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt; use defaults (always so without a terminal).")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing service.")] = False,
    trust: Annotated[
        bool, typer.Option("--trust", help="Run the hooks of a template that is not built in.")
    ] = False,
    checkout: Annotated[
        str | None,
        typer.Option(help="Branch, tag or commit of a git template."),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Create a service from a template, register it in accord.yaml and render the gateway."""
    import sys

    from accord.scaffold import ScaffoldRequest, scaffold_service
    from accord.scaffold.answers import parse_assignments
    from accord.scaffold.rules import redact, redacting

    request = ScaffoldRequest(
        name=name,
        template=template,
        values=parse_assignments(values or []),
        # Nobody answers a prompt in CI or a script: there, the template's defaults are taken.
        no_input=no_input or not sys.stdin.isatty(),
        broker=broker,
        api=api,
        gateway=gateway,
        subscribes=tuple(subscribe or ()),
        port=port,
        output=output,
        force=force,
        trust=trust,
        checkout=checkout,
    )
    with redacting():
        result = scaffold_service(scaffold_workspace(workspace), request)
    typer.echo(redact(f"created {result.path} from {result.template} {result.template_version}"))
    typer.echo(f"registered {result.name} in {result.manifest_path}")
    for path in result.gateway_files:
        typer.echo(f"wrote {path}")


def scaffold_workspace(explicit: Path | None = None) -> Workspace:
    """The workspace to scaffold in; refuses an accord.yaml that is a symlink to another folder.

    Every write of scaffold lands beside the manifest, so a linked manifest would carry them all
    to wherever the link leads.
    """
    from accord.documents.reading import MANIFEST_NAME
    from accord.errors import ConfigError
    from accord.manifest import find_workspace

    found = find_workspace(explicit=explicit)
    if explicit is not None:
        entry = explicit / MANIFEST_NAME if explicit.is_dir() else explicit
    else:
        here = Path.cwd().absolute()
        entry = next(f / MANIFEST_NAME for f in (here, *here.parents) if (f / MANIFEST_NAME).is_file())
    if entry.is_symlink() and entry.parent.resolve() != found.root:
        raise ConfigError(
            f"{entry} is a symlink to {found.manifest_path}: scaffold would write into {found.root}",
            hint=f"replace the link with the file, or run accord in {found.root}",
        )
    return found
