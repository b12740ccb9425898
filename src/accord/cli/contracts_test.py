"""`accord contracts test`: property-based tests of providers against their OpenAPI contracts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli.common import (
    AllowOutsideRefsOption,
    AllowRemoteOption,
    FailOnOption,
    FormatOption,
    ListRulesOption,
    OutputOption,
    WorkspaceOption,
)
from accord.cli.completion import complete_service
from accord.cli.output import emit, list_registry
from accord.contracts.provider_runtime import BrokerMode
from accord.contracts.schemathesis_run import PHASES
from accord.report import Format, Report, Severity

if TYPE_CHECKING:
    from accord.manifest import Workspace

ListOption = list[str] | None
BrokerOption = Annotated[
    BrokerMode,
    typer.Option(
        "--broker",
        help="Broker of the apps under test: real, memory (FastStream's in-memory broker), "
        "or auto (memory when the configured broker cannot be reached).",
    ),
]


def contracts_test(
    service: Annotated[
        str | None,
        typer.Argument(
            help="Service to test (default: every one with an app or url).", autocompletion=complete_service
        ),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="Test the server running at this URL.")
    ] = None,
    app: Annotated[
        str | None, typer.Option("--app", help="Test this ASGI/WSGI app (module:attribute) in process.")
    ] = None,
    contract: Annotated[
        Path | None, typer.Option("--contract", help="OpenAPI contract (default: the service's).")
    ] = None,
    phases: Annotated[
        ListOption, typer.Option("--phases", help=f"Phases to run, comma-separated: {', '.join(PHASES)}.")
    ] = None,
    checks: Annotated[
        ListOption, typer.Option("--checks", help="Checks to run, comma-separated (default: all).")
    ] = None,
    max_examples: Annotated[
        int, typer.Option("--max-examples", min=1, help="Generated requests per operation and phase.")
    ] = 25,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Seed of the generator, to replay a run exactly.")
    ] = None,
    header: Annotated[
        ListOption,
        typer.Option("--header", "-H", help="Header on every request, 'Name: value' (repeatable)."),
    ] = None,
    stateful: Annotated[
        bool, typer.Option("--stateful/--no-stateful", help="Chain requests along the contract's links.")
    ] = True,
    grpc_target: Annotated[
        str | None,
        typer.Option(
            "--grpc-target", help="Test the gRPC server running at HOST:PORT (a service with grpc:)."
        ),
    ] = None,
    deadline: Annotated[
        float, typer.Option("--deadline", min=0.001, help="Seconds a gRPC call may take before it fails.")
    ] = 5.0,
    broker: BrokerOption = BrokerMode.auto,
    chaos: Annotated[
        bool,
        typer.Option(
            "--chaos",
            help="Instead: fault SERVICE's dependencies (profiles errors, down, hang, and accord.yaml's) "
            "and check it degrades gracefully (resilience.* findings).",
        ),
    ] = False,
    chaos_profiles: Annotated[
        ListOption,
        typer.Option("--chaos-profiles", help="With --chaos: these profiles only, comma-separated."),
    ] = None,
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
    fail_on: FailOnOption = Severity.error,
    workspace: WorkspaceOption = None,
    allow_remote: AllowRemoteOption = False,
    allow_outside_refs: AllowOutsideRefsOption = False,
    list_rules: ListRulesOption = False,
) -> None:
    """Test providers against their OpenAPI contracts with generated requests (schemathesis)."""
    if list_rules:
        _list_rules(fmt)
        return
    from accord.contracts.conformance import (
        EngineOptions,
        RuntimeOptions,
        check_conformance,
        select_providers,
    )
    from accord.documents.reading import using_policy
    from accord.manifest import find_workspace

    if chaos:
        _chaos(service, tuple(_split(chaos_profiles)), seed or 0, workspace, (fmt, output, fail_on))
    needs_manifest = workspace is not None or service is not None or contract is None
    ws = find_workspace(explicit=workspace) if needs_manifest else None
    grpc = None
    if ws is not None and service is not None and ws.service(service).grpc is not None:
        grpc = _grpc_report(ws, service, grpc_target, max_examples, seed, deadline, broker, fmt, output)
        if grpc_target or not ws.service(service).openapi:
            grpc.fail_on = fail_on
            emit(grpc, fmt, output)
            raise typer.Exit(grpc.exit_code)
    elif grpc_target:
        from accord.errors import ConfigError

        raise ConfigError("--grpc-target tests a service with `grpc:`", hint="name the SERVICE it belongs to")
    chosen = _split(phases) or list(PHASES)
    options = EngineOptions(
        phases=tuple(p for p in chosen if stateful or p != "stateful"),
        checks=tuple(_split(checks) or ["all"]),
        max_examples=max_examples,
        seed=seed,
        headers=_headers(header or []),
    )
    _check_phases(options.phases)
    log_dir = ws.root / ".accord" / "logs" if ws is not None else None
    with using_policy(allow_remote=allow_remote, allow_outside=allow_outside_refs):
        providers = select_providers(ws, service, base_url=base_url, app=app, contract=contract)
        run = check_conformance(providers, options, RuntimeOptions(broker=broker, log_dir=log_dir))
    for result in run.results:
        typer.echo(
            f"{result.provider.name} ({result.provider.target}): {result.operations} operation(s), "
            f"{result.cases} request(s), {len(result.findings)} finding(s), {result.elapsed:.1f} s, "
            f"seed {result.seed}",
            err=fmt is not Format.human or output is not None,
        )
    report = run.report()
    if grpc is not None:
        report.extend(grpc.findings)
        report.checked.extend(grpc.checked)
    report.fail_on = fail_on
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)


def _chaos(
    service: str | None,
    profiles: tuple[str, ...],
    seed: int,
    workspace: Path | None,
    output: tuple[Format, Path | None, Severity],
) -> None:
    from accord.contracts.chaos_check import ChaosOptions, check_chaos
    from accord.errors import ConfigError
    from accord.manifest import find_workspace

    if service is None:
        raise ConfigError("--chaos tests one service", hint="name it: accord contracts test SERVICE --chaos")
    ws = find_workspace(explicit=workspace)
    log_dir = ws.root / ".accord" / "logs"
    report = check_chaos(ws, service, ChaosOptions(profiles=profiles, seed=seed, log_dir=log_dir))
    fmt, path, fail_on = output
    report.fail_on = fail_on
    emit(report, fmt, path)
    raise typer.Exit(report.exit_code)


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


def _check_phases(phases: tuple[str, ...]) -> None:
    from accord.errors import ConfigError

    unknown = [p for p in phases if p not in PHASES]
    if unknown:
        raise ConfigError(f"unknown phase {unknown[0]!r}", hint=f"phases: {', '.join(PHASES)}")
    if not phases:
        raise ConfigError("no phase left to run", hint=f"phases: {', '.join(PHASES)}")


def _headers(values: list[str]) -> dict[str, str]:
    from accord.errors import ConfigError

    headers = {}
    for value in values:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise ConfigError(
                f"header {value!r} is not 'Name: value'", hint="e.g. --header 'Authorization: Bearer T'"
            )
        headers[name.strip()] = content.strip()
    return headers


def _grpc_report(
    ws: Workspace,
    service: str,
    target: str | None,
    max_examples: int,
    seed: int | None,
    deadline: float,
    broker: BrokerMode,
    fmt: Format,
    output: Path | None,
) -> Report:
    from accord.contracts.grpc_conformance import GrpcOptions, check_grpc_provider, grpc_report
    from accord.contracts.grpc_providers import running_grpc_provider
    from accord.contracts.provider_runtime import RuntimeOptions

    runtime = RuntimeOptions(broker=broker, log_dir=ws.root / ".accord" / "logs")
    with running_grpc_provider(ws, service, grpc_target=target, runtime=runtime) as provider:
        result = check_grpc_provider(
            provider, GrpcOptions(max_examples=max_examples, seed=seed, deadline=deadline)
        )
    typer.echo(
        f"{service} (gRPC {provider.target}): {len(provider.contract.rpcs)} RPC(s), {result.calls} call(s), "
        f"{len(result.findings)} finding(s), {result.elapsed:.1f} s, seed {result.seed}",
        err=fmt is not Format.human or output is not None,
    )
    return grpc_report([result])


def _list_rules(fmt: Format) -> None:
    """Every rule a run can report: HTTP conformance, --chaos, gRPC, and the events it drives."""
    from accord.contracts.provider_rules import CONFORMANCE_RULES, GRPC_RULES, RESILIENCE_RULES
    from accord.events.rules import DRIVEN_RULES, MESSAGE_RULES, RUN_RULES

    list_registry(
        CONFORMANCE_RULES, fmt, RESILIENCE_RULES, GRPC_RULES, MESSAGE_RULES, RUN_RULES, DRIVEN_RULES
    )
