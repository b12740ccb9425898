"""Provider conformance: each provider tested against its own OpenAPI contract with schemathesis.

Providers come from accord.yaml (services with an `app` or a `url`) or from options; every
failing check becomes a `Finding` that names the check and carries the reproducing curl line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from accord.contracts.model import Contract, load_contract
from accord.contracts.provider_rules import conformance_rule
from accord.contracts.provider_runtime import BrokerMode, Dependency, RuntimeOptions, surroundings
from accord.contracts.schemathesis_run import (
    CheckFailure,
    EngineOptions,
    EngineOutcome,
    known_checks,
    run_engine,
)
from accord.contracts.walk import require_resolvable
from accord.documents.loader import child_pointer
from accord.errors import ConfigError, ContractError, InputError
from accord.manifest import Broker, Service, Workspace
from accord.report import Finding, Report, Severity, display_path

if TYPE_CHECKING:
    from accord.events.conformance import EventTarget

__all__ = [
    "BrokerMode",
    "ConformanceRun",
    "Dependency",
    "EngineOptions",
    "Provider",
    "ProviderResult",
    "RuntimeOptions",
    "check_conformance",
    "check_provider",
    "select_providers",
]

TOOL = "contracts test"
IN_PROCESS_HOST = "http://testserver"


@dataclass(frozen=True)
class Provider:
    """What to test: a contract, and the app (in process) or running server that claims to follow it."""

    name: str
    contract: Path
    base_url: str | None = None
    app: str | None = None
    search_path: Path | None = None
    # Where the service usually listens; curl lines of in-process runs point there.
    display_url: str | None = None
    dependencies: tuple[Dependency, ...] = ()
    broker: Broker | None = None  # the broker its app connects to
    events: EventTarget | None = None  # its AsyncAPI events, checked on the broker as it is driven

    @property
    def target(self) -> str:
        return f"app {self.app}" if self.app else f"{self.base_url}"


@dataclass(frozen=True)
class ProviderResult:
    """The findings of one provider and what was exercised."""

    provider: Provider
    findings: tuple[Finding, ...]
    operations: int
    cases: int
    seed: int
    elapsed: float
    notes: tuple[str, ...] = ()  # e.g. the in-memory broker used because the real one is unreachable
    logs: tuple[Path, ...] = ()  # the output of the app and of the dependencies served for it

    @property
    def failed(self) -> bool:
        return any(f.severity is Severity.error for f in self.findings)


@dataclass(frozen=True)
class ConformanceRun:
    """The results of every provider tested in one run."""

    results: tuple[ProviderResult, ...]

    def report(self) -> Report:
        report = Report(TOOL)
        for result in self.results:
            report.checked.append(str(result.provider.contract))
            report.extend(result.findings)
            # One line per unreachable broker, however many apps use it.
            report.notes.extend(n for n in result.notes if n not in report.notes)
            if result.failed and result.logs:
                logs = ", ".join(display_path(log) for log in result.logs)
                report.notes.append(f"{result.provider.name}: the output of its app is kept in {logs}")
        return report


def select_providers(
    workspace: Workspace | None,
    service: str | None = None,
    *,
    base_url: str | None = None,
    app: str | None = None,
    contract: Path | None = None,
) -> list[Provider]:
    """The providers one command run tests: one service, one contract, or every testable service."""
    if base_url and app:
        raise ConfigError("pass either --base-url or --app, not both")
    if service is not None:
        if workspace is None:
            raise ConfigError(f"testing service {service!r} needs accord.yaml", hint="pass --workspace DIR")
        return [_service_provider(workspace, workspace.service(service), base_url, app, contract)]
    if contract is not None:
        if not (base_url or app):
            raise ConfigError(
                f"nothing to test {contract} against", hint="pass --base-url URL or --app module:app"
            )
        _openapi(contract)
        search = contract.resolve().parent if app else None
        name = contract.resolve().parent.name if contract.stem in ("openapi", "swagger") else contract.stem
        return [Provider(name, contract, base_url=base_url, app=app, search_path=search)]
    if workspace is None:
        raise ConfigError(
            "no accord.yaml, and no --contract given", hint="pass a SERVICE and --workspace DIR"
        )
    if base_url or app:
        raise ConfigError("--base-url and --app test one provider", hint="name the SERVICE they belong to")
    return _workspace_providers(workspace)


def _workspace_providers(workspace: Workspace) -> list[Provider]:
    services = [s for s in workspace.manifest.services.values() if s.openapi and (s.app or s.url)]
    if not services:
        raise ConfigError(
            "no service in accord.yaml has an OpenAPI contract and an `app` or `url` to test",
            file=workspace.manifest_path,
            hint="add `app: module:attribute` or `url: http://...` to a service",
        )
    return [_service_provider(workspace, s, None, None, None) for s in services]


def _service_provider(
    workspace: Workspace, service: Service, base_url: str | None, app: str | None, contract: Path | None
) -> Provider:
    if contract is None:
        if not service.openapi:
            raise ConfigError(
                f"service {service.name!r} has no OpenAPI contract to test against",
                file=workspace.manifest_path,
                hint="set `openapi:` for it in accord.yaml, or pass --contract FILE",
            )
        contract = Path(display_path(workspace.resolve(service.openapi)))
    _openapi(contract)
    if not (base_url or app):
        # In process is preferred: it needs no running server, so it works the same in CI.
        app, base_url = (service.app, None) if service.app else (None, service.url)
    if not (base_url or app):
        raise ConfigError(
            f"service {service.name!r} has neither `app` nor `url` in accord.yaml",
            file=workspace.manifest_path,
            hint="pass --base-url URL or --app module:app, or add one of them to the service",
        )
    display = service.url or (f"http://127.0.0.1:{service.port}" if service.port else None)
    return Provider(
        name=service.name,
        contract=contract,
        base_url=base_url,
        app=app,
        search_path=workspace.resolve(service.path) if service.path else workspace.root,
        display_url=display,
        dependencies=tuple(_dependency(workspace, name) for name in service.dependency_names),
        broker=_broker(workspace, service),
        events=_events(workspace, service) if app == service.app else None,
    )


def _events(workspace: Workspace, service: Service) -> EventTarget | None:
    from accord.events.conformance import event_target

    return event_target(workspace, service.name)


def _dependency(workspace: Workspace, name: str) -> Dependency:
    service = workspace.service(name)
    env = name.upper().replace("-", "_") + "_URL"
    search = workspace.resolve(service.path) if service.path else workspace.root
    broker = _broker(workspace, service)
    return Dependency(env, service.app, search, service.url, name=name, broker=broker)


def _broker(workspace: Workspace, service: Service) -> Broker:
    """The broker a service's app connects to: its own `broker:`, else the system's."""
    return workspace.manifest.broker_of(service)


def _openapi(path: Path) -> Contract:
    """Load the contract with accord's loader first: broken files get its file:line errors."""
    if not path.is_file():
        raise InputError("contract not found", file=path, hint="check the path in accord.yaml or --contract")
    contract = load_contract(path)
    # Every `$ref` checked by accord's rules (workspace, remote opt-in) before schemathesis reads any.
    require_resolvable(contract)
    if not contract.kind.is_openapi:
        raise ContractError(
            f"{contract.kind.value} contract: provider tests need an OpenAPI contract",
            file=path,
            hint="event contracts (AsyncAPI) are checked by `accord contracts validate`",
        )
    return contract


def check_conformance(
    providers: Sequence[Provider], options: EngineOptions, runtime: RuntimeOptions | None = None
) -> ConformanceRun:
    """Test each provider in turn (in-process apps share this process, so not in parallel)."""
    _check_options(options)
    runtime = runtime or RuntimeOptions()
    return ConformanceRun(tuple(check_provider(p, options, runtime) for p in providers))


def _check_options(options: EngineOptions) -> None:
    known = known_checks()
    unknown = [c for c in options.checks if c != "all" and c not in known]
    if unknown:
        raise ConfigError(f"unknown check {unknown[0]!r}", hint=f"known checks: all, {', '.join(known)}")
    if options.max_examples < 1:
        raise ConfigError("--max-examples must be at least 1")


def check_provider(
    provider: Provider, options: EngineOptions, runtime: RuntimeOptions | None = None
) -> ProviderResult:
    """Run schemathesis against one provider; an in-process app gets its dependencies and broker."""
    contract = _openapi(provider.contract)
    runtime = runtime or RuntimeOptions()
    if not provider.app:
        _require_reachable(str(provider.base_url))
        outcome = run_engine(provider.contract, options, base_url=provider.base_url, app=None)
        findings = tuple(_finding(contract, f, None) for f in (*outcome.failures, *outcome.errors))
        return ProviderResult(
            provider, findings, len(outcome.operations), outcome.cases, outcome.seed, outcome.elapsed
        )
    from accord.apps import load_app

    with surroundings(provider.name, provider.broker, provider.dependencies, runtime) as found:
        # Imported inside: the app reads BROKER_MODE and its dependencies' URLs as it starts.
        app = load_app(provider.app, provider.search_path)
        outcome, event_findings, origin = _drive(provider, app, options)
    findings = tuple(
        _finding(contract, f, provider.display_url, origin) for f in (*outcome.failures, *outcome.errors)
    ) + tuple(event_findings)
    return ProviderResult(
        provider,
        findings,
        len(outcome.operations),
        outcome.cases,
        outcome.seed,
        outcome.elapsed,
        notes=tuple(found.notes),
        logs=tuple(found.logs),
    )


def _drive(
    provider: Provider, app: object, options: EngineOptions
) -> tuple[EngineOutcome, list[Finding], str]:
    """Run schemathesis on the app: in process, or served on 127.0.0.1 while its events are
    checked on the real broker (a running app is needed to consume what is delivered to it)."""
    import os

    from accord.contracts.provider_runtime import MODE_VARIABLE, broker_unreachable

    target = provider.events
    mode = os.environ.get(MODE_VARIABLE)
    problem = broker_unreachable(target.kind, target.url) if target is not None else None
    if target is not None and problem is not None and mode == BrokerMode.real.value:
        # Asked for the real broker: testing the HTTP part alone would pass without a word.
        from accord.errors import ToolError
        from accord.events.client import shown_url

        raise ToolError(
            f"--broker real: the {target.kind} broker at {shown_url(target.url)} cannot be reached "
            f"({problem}), so the events of {provider.name} cannot be checked",
            hint="start the broker, or pass --broker auto (or memory) to test the HTTP part alone",
        )
    # On the in-memory broker (or none at all) the app's messages never reach accord's consumer:
    # only the HTTP part is tested, as the README says.
    if target is not None and (mode == BrokerMode.memory.value or problem is not None):
        target = None
    if target is None:
        return run_engine(provider.contract, options, base_url=None, app=app), [], IN_PROCESS_HOST
    from accord.apps import serve_app
    from accord.events.conformance import check_events, wait_ready

    outcomes: list[EngineOutcome] = []
    with serve_app(app) as url:
        wait_ready(url)

        def drive() -> None:
            outcomes.append(run_engine(provider.contract, options, base_url=url, app=None))

        findings = check_events(target, drive, seed=options.seed or 0)
    return outcomes[0], findings, url


def _require_reachable(base_url: str) -> None:
    import httpx

    from accord.errors import ToolError

    try:
        httpx.get(base_url, timeout=5.0)
    except httpx.HTTPError as exc:
        raise ToolError(
            f"cannot reach {base_url}: {exc}",
            hint="start the service first, or test it in process with --app",
        ) from None


def _finding(
    contract: Contract, failure: CheckFailure, host: str | None, origin: str = IN_PROCESS_HOST
) -> Finding:
    """`origin`: where the app was driven (in process, or served on a free port); curl lines point
    at `host`, where the service usually listens."""
    curl = failure.curl
    if host and curl:
        curl = curl.replace(origin, host.rstrip("/"))
    message = f"{failure.operation}: {failure.title}"
    detail = _detail(failure.message)
    if detail:
        message += f" ({detail})"
    if curl:
        message += f"\n  reproduce: {curl}"
    rule = conformance_rule(failure.check)
    return contract.finding(rule.id, rule.severity, message, _pointer(failure.operation))


def _detail(message: str) -> str:
    """The first lines of schemathesis' message; the schema and value dumps after them are left out."""
    kept = []
    for line in message.splitlines():
        if line.startswith(("Schema", "Value", "Validated against")):
            break
        if line.strip():
            kept.append(line.strip())
    detail = "; ".join(kept)
    return detail if len(detail) <= 300 else detail[:297] + "..."


def _pointer(operation: str) -> str:
    """`POST /payments/{id}` -> `/paths/~1payments~1{id}/post`; anything else points at `/paths`."""
    method, _, path = operation.partition(" ")
    if not path.startswith("/"):
        return "/paths"
    return child_pointer("/paths", path, method.lower())
