"""`accord mocks serve` and `accord mocks up`: mock servers from contracts and pacts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import AllowOutsideRefsOption, WorkspaceOption
from accord.cli.completion import complete_service

if TYPE_CHECKING:
    from accord.events.standin import EventEmitter
    from accord.manifest import Workspace
    from accord.mocks.runner import MockRunner, MockSpec, RunningMock

HostOption = Annotated[str, typer.Option("--host", help="Interface to listen on (loopback unless told).")]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of generated data (same seed, same data).")]
TimeoutOption = Annotated[
    float,
    typer.Option("--request-timeout", min=0.1, help="Seconds a client may take to send a whole request."),
]
ConnectionsOption = Annotated[
    int,
    typer.Option("--max-connections", min=1, help="Open connections; beyond it the oldest idle one closes."),
]


def serve(
    target: Annotated[
        str,
        typer.Argument(
            metavar="SPEC_OR_SERVICE",
            help="An OpenAPI file or a service name.",
            autocompletion=complete_service,
        ),
    ],
    port: Annotated[int, typer.Option("--port", "-p", help="Port (default: a free one).")] = 0,
    host: HostOption = "127.0.0.1",
    seed: SeedOption = 0,
    stateful: Annotated[bool, typer.Option("--stateful", help="Keep POSTed resources in memory.")] = False,
    max_resources: Annotated[
        int, typer.Option("--max-resources", min=1, help="With --stateful: beyond it the oldest goes.")
    ] = 10_000,
    request_timeout: TimeoutOption = 10.0,
    max_connections: ConnectionsOption = 512,
    workspace: WorkspaceOption = None,
    allow_outside_refs: AllowOutsideRefsOption = False,
) -> None:
    """Serve a mock of one OpenAPI contract: validates requests, answers from examples or schemas."""
    from accord.documents.reading import using_policy
    from accord.mocks.runner import MockRunner, MockSpec, ServerLimits
    from accord.mocks.system import resolve_target

    name, path = resolve_target(target, _workspace_or_none(workspace, target))
    spec = MockSpec(name, "openapi", path, port or None, seed, stateful, max_resources)
    runner = MockRunner([spec], host, ServerLimits(request_timeout, max_connections))
    with using_policy(allow_outside=allow_outside_refs), runner as running:
        _logging()
        typer.echo(f"mock of {path} listening on {running[0].url} (Ctrl-C stops it)", err=True)
        _wait(runner)


def up(
    service: Annotated[
        str,
        typer.Argument(help="The service whose dependencies are mocked.", autocompletion=complete_service),
    ],
    command: Annotated[
        list[str] | None,
        typer.Argument(metavar="[-- COMMAND...]", help="Run this with the mocks' URLs set, then stop them."),
    ] = None,
    env_file: Annotated[
        Path | None,
        typer.Option("--env-file", help="Also write the variables to this file."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing --env-file.")] = False,
    configured_ports: Annotated[
        bool, typer.Option("--configured-ports", help="Use each dependency's `port:` from accord.yaml.")
    ] = False,
    host: HostOption = "127.0.0.1",
    seed: SeedOption = 0,
    request_timeout: TimeoutOption = 10.0,
    max_connections: ConnectionsOption = 512,
    events_every: Annotated[
        float | None,
        typer.Option(
            "--events-every", min=0.1, help="Publish each event SERVICE subscribes to every SECONDS."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Mock every HTTP dependency of SERVICE (pact if recorded, else OpenAPI) and print their URLs;
    stand in for the publishers of the events it subscribes to."""
    import os
    import subprocess

    from accord.manifest import find_workspace
    from accord.mocks.runner import MockRunner, ServerLimits
    from accord.mocks.system import dependency_mocks, env_name, env_text, write_env_file

    ws = find_workspace(explicit=workspace)
    specs = dependency_mocks(ws, service, configured_ports=configured_ports, seed=seed)
    if env_file is not None and env_file.exists() and not force:
        from accord.errors import InputError

        raise InputError(f"{env_file} exists", hint="pass --force to overwrite it")
    emitter = _emitter(ws, specs, seed)
    runner = MockRunner(specs, host, ServerLimits(request_timeout, max_connections), on_emit=emitter)
    publisher = _events(ws, service, events_every, seed)
    with emitter or contextlib.nullcontext(), runner as running, publisher:
        _table(running)
        typer.echo(env_text(running), nl=False)
        if env_file is not None:
            write_env_file(env_file, running, force=True)
        if command:
            env = {**os.environ, **{env_name(m.name): m.url for m in running}}
            code = subprocess.call(command, env=env)
            raise typer.Exit(code)
        _logging()
        _wait(runner)


def _emitter(ws: Workspace, specs: list[MockSpec], seed: int) -> EventEmitter | None:
    """Publishes the events mocked operations declare (`x-accord-emits`), when the system has any."""
    if not any(s.asyncapi for s in ws.manifest.services.values()) or not specs:
        return None
    from accord.events import event_catalog
    from accord.events.standin import EventEmitter

    return EventEmitter(event_catalog(ws), seed)


@contextlib.contextmanager
def _events(ws: Workspace, service: str, every: float | None, seed: int) -> Iterator[None]:
    """Tell how to trigger each subscribed event; with `every`, publish each periodically."""
    from accord.events.standin import PeriodicPublisher, stand_in

    if not ws.service(service).subscribes:
        yield
        return
    standing = stand_in(ws, service)
    for trigger in standing.triggers():
        typer.echo(f"event: {trigger}", err=True)
    if every is None or not standing.events:
        yield
        return
    publisher = PeriodicPublisher(standing, every, seed)
    publisher.start()
    typer.echo(f"publishing {len(standing.events)} event(s) every {every:g} s", err=True)
    try:
        yield
    finally:
        publisher.stop()
        if publisher.error is not None:
            typer.echo(f"error: publishing events stopped: {publisher.error}", err=True)


def _workspace_or_none(explicit: Path | None, target: str) -> Workspace | None:
    from accord.manifest import find_workspace

    if explicit is None and (target.endswith((".yaml", ".yml", ".json")) or Path(target).is_file()):
        return None
    return find_workspace(explicit=explicit, required=False)


def _table(running: list[RunningMock]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not running:
        return  # only events are stood in for
    table = Table("mock", "from", "source", "url")
    for mock in running:
        table.add_row(mock.name, mock.kind, str(mock.source), mock.url)
    Console(stderr=True).print(table)


def _logging() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")


def _wait(runner: MockRunner) -> None:
    try:
        runner.wait()
    except KeyboardInterrupt:
        typer.echo("stopping", err=True)
