"""The chaos check: does a service degrade gracefully when its dependencies misbehave?

Each chaos profile in turn (`errors`, `down`, `hang`, and accord.yaml's `mocks.profiles`)
serves the service's dependencies as faulty mocks, starts the service's app in a process of
its own pointed at them (with the call policy of each `depends_on` edge in its environment),
sends one valid request per operation, and reports what a caller would suffer: an undeclared
status, an answer later than the budget, no answer at all, or a storm of retries.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from accord.contracts.chaos_requests import DrivenRequest, valid_requests
from accord.contracts.model import Contract, load_contract
from accord.contracts.openapi.operations import Operation
from accord.contracts.provider_rules import RESILIENCE_RULES
from accord.documents.loader import child_pointer
from accord.errors import ConfigError
from accord.manifest import Service, Workspace
from accord.mocks.http import MockRequest
from accord.report import Finding, Report, display_path

__all__ = ["CHECK_PROFILES", "ChaosOptions", "check_chaos"]

TOOL = "contracts test --chaos"
CHECK_PROFILES = ("errors", "down", "hang")
NO_BUDGET_WAIT = 10.0  # seconds to wait for an answer when nothing declares a budget
DEFAULT_RETRIES = 2  # attempts beyond the first a caller may make when its edge declares none
NON_IDEMPOTENT = {"POST", "PATCH"}


@dataclass(frozen=True, kw_only=True)
class ChaosOptions:
    profiles: tuple[str, ...] = ()  # empty: CHECK_PROFILES and the manifest's own profiles
    seed: int = 0
    log_dir: Path | None = None  # where the app's output is kept (one file per profile)


@dataclass
class _Observed:
    """What one request to the service caused: the mocks' requests, its answer, its time."""

    by_dependency: dict[str, list[MockRequest]] = field(default_factory=dict)
    status: int | None = None  # None: no answer in time
    elapsed: float = 0.0


def check_chaos(workspace: Workspace, name: str, options: ChaosOptions = ChaosOptions()) -> Report:
    """Run every profile against service `name`; a report of `resilience.*` findings."""
    from accord.mocks.chaos import profile_names

    service = workspace.service(name)
    contract, app = _testable(workspace, service)
    requests = valid_requests(contract, options.seed)
    profiles = options.profiles or tuple(dict.fromkeys([*CHECK_PROFILES, *workspace.manifest.chaos_profiles]))
    for profile in profiles:
        if profile not in profile_names(workspace):
            raise ConfigError(f"no chaos profile named {profile!r}", hint=", ".join(profile_names(workspace)))
    report = Report(TOOL)
    report.checked.append(str(contract.path))
    budget = _budget(workspace, service)
    for profile in profiles:
        with _served(workspace, service, app, profile, options) as (url, mocks):
            for request in requests:
                observed = _drive(url, request, mocks, _patience(budget))
                report.extend(_findings(contract, service, request, observed, profile, budget, url))
    report.notes.append(
        f"{name}: {len(requests)} operation(s) under {len(profiles)} profile(s) ({', '.join(profiles)}); "
        + (f"budget {budget:g} s" if budget else f"no declared budget: waited up to {NO_BUDGET_WAIT:g} s")
    )
    return report


def _testable(workspace: Workspace, service: Service) -> tuple[Contract, str]:
    if not service.openapi or not service.app:
        raise ConfigError(
            f"the chaos check runs {service.name}'s app against its OpenAPI contract; it lacks "
            + ("`openapi`" if not service.openapi else "`app`"),
            file=workspace.manifest_path,
            hint="set `openapi:` and `app: module:attribute` for it in accord.yaml",
        )
    if not service.depends_on:
        raise ConfigError(
            f"{service.name} has no `depends_on`: the chaos check faults its dependencies",
            file=workspace.manifest_path,
        )
    # Loaded by its name relative to the current folder, as `contracts test` does: what reports show.
    return load_contract(display_path(workspace.resolve(service.openapi))), service.app


def _patience(budget: float | None) -> float:
    """How long to wait for an answer before calling it a hang: well past the budget."""
    return max(2 * budget, budget + 2.0) if budget else NO_BUDGET_WAIT


def _budget(workspace: Workspace, service: Service) -> float | None:
    """Seconds the service may take: its own `timeout`, else the shortest its callers allow it."""
    if service.timeout is not None:
        return service.timeout.seconds
    allowed = [
        edge.timeout.seconds
        for caller in workspace.manifest.services.values()
        for edge in caller.depends_on
        if edge.service == service.name and edge.timeout is not None
    ]
    return min(allowed) if allowed else None


@contextlib.contextmanager
def _served(
    workspace: Workspace, service: Service, app: str, profile: str, options: ChaosOptions
) -> Iterator[tuple[str, dict[str, list[MockRequest]]]]:
    """The dependencies' mocks under `profile` and the service's app pointed at them."""
    from accord.apps import serve_app_process
    from accord.mocks.chaos import chaos_profile
    from accord.mocks.runner import MockRunner
    from accord.mocks.system import dependency_mocks, env_name, policy_env

    plan = chaos_profile(profile, workspace)
    specs = dependency_mocks(workspace, service.name, seed=options.seed, faults=plan)
    seen: dict[str, list[MockRequest]] = {spec.name: [] for spec in specs}
    with contextlib.ExitStack() as stack:
        runner = MockRunner(specs)
        running = stack.enter_context(runner)
        for mock_name, mock in runner.served().items():
            mock.observer = seen[mock_name].append
        env = {**os.environ, **policy_env(workspace, service.name), "PYTHONUNBUFFERED": "1"}
        env |= {env_name(mock.name): mock.url for mock in running}
        if workspace.manifest.broker_of(service).kind != "none":
            env["BROKER_MODE"] = "memory"  # the check is about HTTP dependencies, not the broker
        log_dir = options.log_dir or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        log_file = log_dir / f"{service.name}--chaos-{profile}.log"
        search = workspace.resolve(service.path) if service.path else workspace.root
        url = stack.enter_context(serve_app_process(app, search, env=env, log_file=log_file))
        yield url, seen


def _drive(url: str, request: DrivenRequest, seen: dict[str, list[MockRequest]], wait: float) -> _Observed:
    import httpx

    for calls in seen.values():
        calls.clear()
    observed = _Observed()
    began = time.monotonic()
    try:
        response = httpx.request(
            request.method, url + request.path, headers=request.headers, content=request.body, timeout=wait
        )
        observed.status = response.status_code
    except httpx.TimeoutException:
        observed.status = None
    except httpx.TransportError:
        observed.status = 0  # the service dropped the connection: as bad as a 500 to its caller
    observed.elapsed = time.monotonic() - began
    time.sleep(0.05)  # let the mocks' last requests arrive
    observed.by_dependency = {name: list(calls) for name, calls in seen.items()}
    return observed


def _findings(
    contract: Contract,
    service: Service,
    request: DrivenRequest,
    observed: _Observed,
    profile: str,
    budget: float | None,
    url: str,
) -> Iterator[Finding]:
    by_dependency = observed.by_dependency
    called = [name for name, calls in by_dependency.items() if calls]
    if profile == "down":
        called = list(service.dependency_names)
    elif not called:
        return  # this operation does not reach a dependency: the profile cannot touch it
    reproduce = (
        f"\n  reproduce: accord mocks up {service.name} --chaos {profile} -- "
        f"python -m uvicorn {service.app} --port PORT, then {request.curl('http://127.0.0.1:PORT')}"
    )
    where = f"{request.label} with {', '.join(called)} under the {profile} profile"
    pointer = _pointer(request.operation)
    if observed.status is None:
        waited = f"{_patience(budget):g} s" + (f" (its budget is {budget:g} s)" if budget else "")
        message = f"{where}: no answer after {waited}: a hanging dependency makes {service.name} hang"
        yield _found(contract, "resilience.no-timeout", message + reproduce, pointer)
    else:
        if budget is not None and observed.elapsed > budget:
            message = f"{where}: answered after {observed.elapsed:.1f} s, beyond its budget of {budget:g} s"
            yield _found(contract, "resilience.too-slow", message + reproduce, pointer)
        if not _declared(request.operation, observed.status):
            shown = "dropped the connection" if observed.status == 0 else f"answered {observed.status}"
            declared = ", ".join(sorted(request.operation.responses)) or "none"
            message = f"{where}: {shown}, a status its contract does not declare (declared: {declared})"
            yield _found(contract, "resilience.undeclared-status", message + reproduce, pointer)
    for name, calls in by_dependency.items():
        yield from _storm(contract, service, name, calls, where, pointer, reproduce)


def _storm(
    contract: Contract,
    service: Service,
    dependency: str,
    calls: list[MockRequest],
    where: str,
    pointer: str,
    reproduce: str,
) -> Iterator[Finding]:
    edge = service.dependency(dependency)
    retries = edge.retries if edge is not None and edge.retries is not None else DEFAULT_RETRIES
    if len(calls) > retries + 1:
        message = (
            f"{where}: {dependency} got {len(calls)} attempts for one request; "
            f"its edge allows {retries} retr{'y' if retries == 1 else 'ies'}"
        )
        yield _found(contract, "resilience.retry-storm", message + reproduce, pointer)
        return
    unsafe = [c for c in calls if c.method in NON_IDEMPOTENT and "idempotency-key" not in c.headers]
    if len(calls) > 1 and len(unsafe) == len(calls):
        attempt = f"{calls[0].method} {calls[0].path}"
        message = f"{where}: {len(calls)} attempts of {attempt} on {dependency} without an Idempotency-Key"
        yield _found(contract, "resilience.retry-storm", message + reproduce, pointer)


def _found(contract: Contract, rule_id: str, message: str, pointer: str) -> Finding:
    rule = RESILIENCE_RULES.get(rule_id)
    return contract.finding(rule.id, rule.severity, message, pointer)


def _declared(op: Operation, status: int) -> bool:
    text = str(status)
    return status > 0 and (
        text in op.responses or f"{text[0]}XX" in op.responses or "DEFAULT" in op.responses
    )


def _pointer(op: Operation) -> str:
    return child_pointer("/paths", op.template, op.method.lower())
