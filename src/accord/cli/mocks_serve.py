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
    from accord.mocks.grpc.server import GrpcMockServer
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
LatencyOption = Annotated[
    str | None,
    typer.Option("--latency", help="Delay every answer: fixed (500ms) or drawn from a range (200ms..800ms)."),
]
ErrorRateOption = Annotated[
    float,
    typer.Option("--error-rate", min=0.0, max=1.0, help="Share of requests answered with an error status."),
]
ErrorStatusOption = Annotated[
    int | None,
    typer.Option("--error-status", help="That status (default: the operation's declared 5xx, else 503)."),
]
FaultsOption = Annotated[
    list[str] | None,
    typer.Option(
        "--faults",
        help="reset, hang, slow-body, malformed (comma-separated; NAME=RATE for a share of requests).",
    ),
]


def serve(
    target: Annotated[
        str,
        typer.Argument(
            metavar="SPEC_OR_SERVICE",
            help="An OpenAPI file, a .proto file or a service name.",
            autocompletion=complete_service,
        ),
    ],
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, help="Port (default: a free one).")
    ] = 0,
    grpc_port: Annotated[
        int,
        typer.Option(
            "--grpc-port",
            min=0,
            max=65535,
            help="gRPC port of a service with both APIs (default: a free one).",
        ),
    ] = 0,
    host: HostOption = "127.0.0.1",
    seed: SeedOption = 0,
    stateful: Annotated[bool, typer.Option("--stateful", help="Keep POSTed resources in memory.")] = False,
    max_resources: Annotated[
        int, typer.Option("--max-resources", min=1, help="With --stateful: beyond it the oldest goes.")
    ] = 10_000,
    request_timeout: TimeoutOption = 10.0,
    max_connections: ConnectionsOption = 512,
    latency: LatencyOption = None,
    error_rate: ErrorRateOption = 0.0,
    error_status: ErrorStatusOption = None,
    faults: FaultsOption = None,
    workspace: WorkspaceOption = None,
    allow_outside_refs: AllowOutsideRefsOption = False,
) -> None:
    """Serve a mock of one contract: OpenAPI (validates requests, answers from examples or schemas)
    or gRPC (.proto: every RPC, with reflection and health); a service with both gets both."""
    from contextlib import ExitStack

    from accord.documents.reading import using_policy
    from accord.mocks.chaos import operation_faults
    from accord.mocks.emits import declared_emits
    from accord.mocks.faults import FaultPlan
    from accord.mocks.grpc.server import GrpcMockServer
    from accord.mocks.grpc.targets import grpc_target_mock
    from accord.mocks.runner import MockRunner, MockSpec, ServerLimits
    from accord.mocks.system import resolve_target

    ws = _workspace_or_none(workspace, target)
    grpc = grpc_target_mock(target, ws, seed=seed)
    with ExitStack() as stack:
        if grpc is not None:
            http = ws is not None and target in ws.manifest.services and bool(ws.service(target).openapi)
            server = GrpcMockServer([(grpc, (grpc_port if http else port) or None)], host)
            listening = stack.enter_context(server)
            typer.echo(f"gRPC mock of {grpc.name} listening on {host}:{listening[0]}", err=True)
            if not http:
                _logging()
                typer.echo("(Ctrl-C stops it)", err=True)
                _wait(server)
                return
        name, path = resolve_target(target, ws)
        plan = FaultPlan.from_options(
            latency=latency, error_rate=error_rate, error_status=error_status, faults=faults or []
        )
        known = ws is not None and name in ws.manifest.services
        own = operation_faults(ws.service(name), ws) if ws is not None and known else {}
        emits = declared_emits(ws, ws.service(name)) if ws is not None and known else {}
        spec = MockSpec(name, "openapi", path, port or None, seed, stateful, max_resources, plan, own, emits)
        emitter = _emitter(ws, [spec], seed) if ws is not None else None
        runner = MockRunner([spec], host, ServerLimits(request_timeout, max_connections), on_emit=emitter)
        stack.enter_context(emitter or contextlib.nullcontext())
        with using_policy(allow_outside=allow_outside_refs), runner as running:
            _freeze_heap()
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
    chaos: Annotated[
        str | None,
        typer.Option(
            "--chaos",
            metavar="PROFILE",
            help="Every dependency injects a profile's faults: latency, flaky, errors, hang, down, "
            "or one of accord.yaml's mocks.profiles.",
        ),
    ] = None,
    latency: LatencyOption = None,
    error_rate: ErrorRateOption = 0.0,
    error_status: ErrorStatusOption = None,
    faults: FaultsOption = None,
    events_every: Annotated[
        float | None,
        typer.Option(
            "--events-every", min=0.1, help="Publish each event SERVICE subscribes to every SECONDS."
        ),
    ] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Mock every dependency of SERVICE: HTTP (pact if recorded, else OpenAPI) and gRPC (`grpc:`);
    print their URLs (NAME_URL) and gRPC targets (NAME_GRPC_TARGET); stand in for the publishers
    of the events it subscribes to."""
    import os
    import subprocess

    from accord.errors import ConfigError
    from accord.manifest import find_workspace
    from accord.mocks.chaos import chaos_profile
    from accord.mocks.faults import FaultPlan
    from accord.mocks.grpc.server import GrpcMockServer
    from accord.mocks.grpc.targets import grpc_dependency_mocks, grpc_env_name
    from accord.mocks.runner import MockRunner, ServerLimits
    from accord.mocks.system import dependency_mocks, env_name, env_text, policy_env, write_env_file

    ws = find_workspace(explicit=workspace)
    plan = FaultPlan.from_options(
        latency=latency, error_rate=error_rate, error_status=error_status, faults=faults or []
    )
    if chaos is not None:
        if plan is not None:
            raise ConfigError("pass either --chaos or fault options, not both")
        plan = chaos_profile(chaos, ws)
    specs = dependency_mocks(ws, service, configured_ports=configured_ports, seed=seed, faults=plan)
    grpc_specs = grpc_dependency_mocks(ws, service, configured_ports=configured_ports, seed=seed)
    if env_file is not None and env_file.exists() and not force:
        from accord.errors import InputError

        raise InputError(f"{env_file} exists", hint="pass --force to overwrite it")
    emitter = _emitter(ws, specs, seed)
    runner = MockRunner(specs, host, ServerLimits(request_timeout, max_connections), on_emit=emitter)
    publisher = _events(ws, service, events_every, seed)
    grpc_server = GrpcMockServer([(spec.mock, spec.port) for spec in grpc_specs], host)
    with emitter or contextlib.nullcontext(), runner as running, grpc_server as grpc_ports, publisher:
        targets = {
            grpc_env_name(spec.mock.name): f"{host}:{port}"
            for spec, port in zip(grpc_specs, grpc_ports, strict=True)
        }
        _table(running, targets)
        typer.echo(env_text(running, targets), nl=False)
        if env_file is not None:
            write_env_file(env_file, running, force=True, extra=targets)
        if command:
            env = {
                **os.environ,
                **policy_env(ws, service),
                **{env_name(m.name): m.url for m in running},
                **targets,
            }
            try:
                code = subprocess.call(command, env=env)
            except OSError as exc:  # not found, not executable: the user's command, not a bug
                raise ConfigError(
                    f"cannot run {command[0]!r}: {exc.strerror}",
                    hint="the command after `--` must be a program on PATH or a path to one",
                ) from None
            raise typer.Exit(code)
        _freeze_heap()
        _logging()
        _wait(runner)


def _emitter(ws: Workspace, specs: list[MockSpec], seed: int) -> EventEmitter | None:
    """Publishes the events mocked operations declare (`x-accord-emits`, `emits:`), if the system has any."""
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


def _table(running: list[RunningMock], grpc_targets: dict[str, str]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not running:
        return  # only events are stood in for
    table = Table("mock", "from", "source", "url")
    for mock in running:
        table.add_row(mock.name, mock.kind, str(mock.source), mock.url)
    for name, target in grpc_targets.items():
        table.add_row(name.removesuffix("_GRPC_TARGET").lower(), "grpc", ".proto", target)
    Console(stderr=True).print(table)


def _freeze_heap() -> None:
    """What is loaded by now (contracts, compiled schemas) lives as long as the server: the garbage
    collector stops walking it, so a full collection no longer stalls answers (23 ms over Stripe's
    contract), injected delays included."""
    import gc

    gc.freeze()


def _logging() -> None:
    import logging

    class Lines(logging.Formatter):
        """The mock's request lines come in batches, each line with its own time."""

        def format(self, record: logging.LogRecord) -> str:
            if getattr(record, "accord_batch", False):
                return record.getMessage()
            return super().format(record)

    handler = logging.StreamHandler()
    handler.setFormatter(Lines("%(asctime)s %(message)s", datefmt="%H:%M:%S"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def _wait(runner: MockRunner | GrpcMockServer) -> None:
    try:
        runner.wait()
    except KeyboardInterrupt:
        typer.echo("stopping", err=True)
