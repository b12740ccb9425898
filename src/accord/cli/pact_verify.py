"""`accord pact verify SERVICE`: verify a provider against its consumers' pacts."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import FormatOption, OutputOption, WorkspaceOption
from accord.cli.completion import complete_service
from accord.cli.output import emit
from accord.cli.pact_broker import DEFAULT_TIMEOUT, TimeoutOption
from accord.report import Format

if TYPE_CHECKING:
    from accord.contracts.pact.findings import InteractionVerdict

_Opt = str | None


def verify(
    service: Annotated[
        str,
        typer.Argument(
            help="The provider to verify (a service of accord.yaml).", autocompletion=complete_service
        ),
    ],
    base_url: Annotated[_Opt, typer.Option("--base-url", help="A running provider.")] = None,
    app: Annotated[_Opt, typer.Option("--app", help="ASGI app module:app, served on a free port.")] = None,
    states: Annotated[_Opt, typer.Option("--states", help="Provider-state handler module:function.")] = None,
    state_url: Annotated[_Opt, typer.Option("--state-url", help="Provider-state change URL.")] = None,
    messages: Annotated[
        _Opt,
        typer.Option(
            "--messages",
            help="Message producers module:mapping (description -> payload), or `broker`: "
            "what the app really publishes on its broker.",
        ),
    ] = None,
    provider_version: Annotated[
        _Opt, typer.Option("--provider-version", help="Version verified (default: git short sha).")
    ] = None,
    branch: Annotated[_Opt, typer.Option("--branch", help="Provider branch, when publishing.")] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Publish results to the Pact Broker.")] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    strict_states: Annotated[
        bool, typer.Option("--strict-states", help="Fail when a pact needs provider states and none are set.")
    ] = False,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Verify SERVICE against every pact in which it is the provider."""
    from accord.contracts.pact.verify import VerifyRequest, verify_provider
    from accord.manifest import find_workspace

    request = VerifyRequest(
        service,
        base_url=base_url,
        app=app,
        states=states,
        state_url=state_url,
        messages=messages,
        provider_version=provider_version,
        branch=branch,
        publish=publish,
        timeout=timeout,
        strict_states=strict_states,
    )
    result = verify_provider(find_workspace(explicit=workspace), request)
    emit(result.report, fmt, output)
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    typer.echo(_tally(result.interactions), err=True)
    raise typer.Exit(result.report.exit_code)


def _tally(verdicts: tuple[InteractionVerdict, ...]) -> str:
    """`3 interaction(s): 2 passed, 1 failed` - every interaction is counted somewhere."""
    counts = Counter(v.verdict for v in verdicts)
    parts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
    return f"{len(verdicts)} interaction(s): {parts or 'none verified'}"
