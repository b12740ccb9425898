"""`accord pact publish` and `accord pact can-i-deploy`: share pacts and gate deploys."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.common import WorkspaceOption

_Opt = str | None
TimeoutOption = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds to wait for the Pact Broker (or provider) to answer."),
]
DEFAULT_TIMEOUT = 30.0  # accord.contracts.pact.runtime.DEFAULT_TIMEOUT, without importing it


def publish(
    version: Annotated[
        _Opt, typer.Option("--version", help="Consumer version (default: git short sha).")
    ] = None,
    branch: Annotated[
        _Opt, typer.Option("--branch", help="Consumer branch (default: the git branch).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Version tag (repeatable).")] = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    workspace: WorkspaceOption = None,
) -> None:
    """Publish the pacts folder to the Pact Broker of accord.yaml."""
    from accord.contracts.pact.broker import publish_pacts
    from accord.manifest import find_workspace

    done = publish_pacts(
        find_workspace(explicit=workspace),
        version=version,
        branch=branch,
        tags=tuple(tag or ()),
        timeout=timeout,
    )
    on = f" on branch {done.branch}" if done.branch else ""
    typer.echo(f"published {', '.join(done.pacts)} as version {done.version}{on} to {done.broker}")


def can_i_deploy(
    pacticipant: Annotated[str, typer.Option("--pacticipant", help="The service to deploy.")],
    version: Annotated[str, typer.Option("--version", help="Its version.")],
    to_environment: Annotated[
        _Opt, typer.Option("--to-environment", help="Target environment (broker).")
    ] = None,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    workspace: WorkspaceOption = None,
) -> None:
    """Can this version be deployed? Asks the Pact Broker, or the local verification matrix."""
    from accord.contracts.pact.broker import can_i_deploy as decide
    from accord.manifest import find_workspace

    decision = decide(
        find_workspace(explicit=workspace),
        pacticipant,
        version,
        to_environment=to_environment,
        timeout=timeout,
    )
    verdict = "yes" if decision.deployable else "no"
    typer.echo(f"can-i-deploy {pacticipant} {version}: {verdict} ({decision.source})")
    for reason in decision.reasons:
        typer.echo(f"  {reason}")
    raise typer.Exit(0 if decision.deployable else 1)
