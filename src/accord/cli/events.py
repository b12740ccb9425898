"""`accord events ...`: publish, listen to and check the system's events on its real broker."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.cli.common import FailOnOption, FormatOption, ListRulesOption, OutputOption, WorkspaceOption
from accord.cli.completion import complete_service
from accord.cli.output import emit, list_registry
from accord.report import Format, Severity

app = typer.Typer(help="Publish, listen to and check events on the system's broker.", no_args_is_help=True)

EventArgument = Annotated[str, typer.Argument(help="The event: its channel address (e.g. orders.created).")]
ServiceOption = Annotated[
    str | None,
    typer.Option(
        "--service",
        "-s",
        help="The publishing service (when several send it).",
        autocompletion=complete_service,
    ),
]
UrlOption = Annotated[
    str | None, typer.Option("--url", help="Broker URL (default: the service's broker in accord.yaml).")
]


@app.command()
def publish(
    event: EventArgument,
    service: ServiceOption = None,
    example: Annotated[
        str | None, typer.Option("--example", help="Send this named example of the message.")
    ] = None,
    data: Annotated[
        str | None, typer.Option("--data", help="Send this JSON payload (validated first).")
    ] = None,
    generate: Annotated[
        bool, typer.Option("--generate", help="Send data generated from the payload schema.")
    ] = False,
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="How many messages to send.")] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Seed of generated data: same seed, same data.")] = 0,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for the broker connection.")
    ] = 5.0,
    url: UrlOption = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Publish messages that conform to the publisher's AsyncAPI on its broker."""
    from accord.errors import ConfigError
    from accord.events import PublishOptions, publish_event
    from accord.manifest import find_workspace

    if [example is not None, data is not None, generate].count(True) > 1:
        raise ConfigError("pass one of --example, --data and --generate")
    options = PublishOptions(
        service=service,
        example=example,
        data=data,
        generate=generate,
        count=count,
        seed=seed,
        timeout=timeout,
        url=url,
    )
    result = publish_event(find_workspace(explicit=workspace), event, options)
    typer.echo(
        f"published {result.count} {result.event} message(s) of {result.service} to {result.broker}, "
        f"{result.destination} ({result.rate:,.0f}/s)"
    )


@app.command()
def listen(
    event: Annotated[
        str | None, typer.Argument(help="The event: its channel address (e.g. orders.created).")
    ] = None,
    service: ServiceOption = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, help="Conforming messages to wait for.")] = 1,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for them (and for the broker).")
    ] = 10.0,
    url: UrlOption = None,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    fail_on: FailOnOption = Severity.error,
    workspace: WorkspaceOption = None,
    list_rules: ListRulesOption = False,
) -> None:
    """Receive an event's messages and check each against the publisher's AsyncAPI."""
    if list_rules:
        from accord.events.rules import LISTEN_RULES, MESSAGE_RULES, RUN_RULES

        list_registry(LISTEN_RULES, fmt, MESSAGE_RULES, RUN_RULES)
        return
    from accord.errors import ConfigError
    from accord.events import ListenOptions, listen_event
    from accord.manifest import find_workspace

    if event is None:
        raise ConfigError(
            "name the event to listen to", hint="accord events listen EVENT, e.g. orders.created"
        )

    options = ListenOptions(
        service=service,
        count=count,
        timeout=timeout,
        connect_timeout=min(timeout, 5.0),
        url=url,
        on_ready=_progress,
    )
    result = listen_event(find_workspace(explicit=workspace), event, options)
    typer.echo(
        f"{result.event}: {result.received} message(s) received, {result.conforming} conforming", err=True
    )
    result.report.fail_on = fail_on
    emit(result.report, fmt, output)
    raise typer.Exit(result.report.exit_code)


@app.command()
def check(
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    fail_on: FailOnOption = Severity.error,
    workspace: WorkspaceOption = None,
    list_rules: ListRulesOption = False,
) -> None:
    """Offline: every publisher's messages acceptable to every subscriber, and the wiring."""
    if list_rules:
        from accord.events.compat import COMPAT_RULES
        from accord.graph.events import EVENT_RULES

        list_registry(COMPAT_RULES, fmt, EVENT_RULES)
        return
    from accord.events.compat import compatibility_report
    from accord.manifest import find_workspace

    report = compatibility_report(find_workspace(explicit=workspace))
    report.fail_on = fail_on
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)


def _progress(line: str) -> None:
    typer.echo(line, err=True)
