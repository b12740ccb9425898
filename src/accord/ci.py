"""`accord ci`: every configured check of the manifest in one run, one combined report, one exit code.

Each CI step is one function `(workspace, options) -> Report` in `STEPS`; adding a check to CI
is adding one decorated function. Steps run in parallel threads; their findings are merged with
rule ids prefixed by the step (`contracts-test/conformance.not_a_server_error`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from accord.ci_select import Selection, scoped_workspace, selected_contracts, selected_pacts
from accord.contracts.provider_runtime import BrokerMode, RuntimeOptions
from accord.contracts.registry import Registry
from accord.contracts.schemathesis_run import EngineOptions
from accord.errors import AccordError, ConfigError
from accord.manifest import Workspace
from accord.report import Finding, Report, Severity, display_path

if TYPE_CHECKING:
    from accord.contracts.proto.sources import ProtoSources

__all__ = ["OPTIONAL_STEPS", "STEPS", "CiOptions", "CiRun", "Skip", "StepResult", "run_ci", "step"]

T = TypeVar("T")


@dataclass(frozen=True, kw_only=True)
class CiOptions:
    base_ref: str | None = None  # what `diff` compares against (e.g. origin/main)
    conformance: EngineOptions = field(default_factory=lambda: EngineOptions(max_examples=10, seed=0))
    selection: Selection | None = None  # the services checked (--changed-since, --shard); None: all
    broker: BrokerMode = BrokerMode.auto  # which broker the apps under test use in contracts-test


@dataclass(frozen=True)
class Skip:
    """A step with nothing to check, and why (shown in the summary)."""

    reason: str


Step = Callable[[Workspace, CiOptions], "Report | Skip"]
STEPS: Registry[Step] = Registry("ci")
OPTIONAL_STEPS = ("chaos",)  # run only when named (`--steps chaos`): they start every app several times


def step(name: str) -> Callable[[Step], Step]:
    """Register a CI step (its docstring's first line says what it checks); it returns its
    Report, or a Skip saying why it has nothing to check."""

    def register(function: Step) -> Step:
        rationale = (function.__doc__ or name).strip().splitlines()[0]
        return STEPS.rule(name, Severity.error, rationale)(function)

    return register


def _no_contracts(options: CiOptions) -> str:
    if options.selection is not None:
        return "no contract among the selected services"
    return "no contracts in accord.yaml"


@step("validate")
def validate_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """Every contract of the manifest against its specification and the semantic rules."""
    from accord.contracts.validate import validate_paths

    contracts = selected_contracts(workspace, options.selection)
    protos = _selected_protos(workspace, options)
    if not contracts and not protos:
        return Skip(_no_contracts(options))
    return validate_paths(contracts, protos=protos)


@step("lint")
def lint_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """Every contract of the manifest against the style rules, with the manifest's `lint:` config."""
    from accord.contracts.lint.engine import lint_workspace_or_paths

    contracts = selected_contracts(workspace, options.selection)
    protos = _selected_protos(workspace, options)
    if not contracts and not protos:
        return Skip(_no_contracts(options))
    return lint_workspace_or_paths(contracts, workspace=workspace, protos=protos)


def _selected_protos(workspace: Workspace, options: CiOptions) -> list[ProtoSources]:
    """The `.proto` groups (files and import roots) of the selected services."""
    from accord.contracts.proto.sources import workspace_proto_sources

    return workspace_proto_sources(scoped_workspace(workspace, options.selection))


@step("events")
def events_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """Every subscribed event has a publisher on the subscriber's broker, every event a reader, and
    every publisher's messages are acceptable to every subscriber (their AsyncAPI contracts)."""
    from accord.events.compat import compatibility_report

    services = workspace.manifest.services.values()
    if not any(s.publishes or s.subscribes or s.asyncapi for s in services):
        return Skip("no service publishes or subscribes to events")
    return compatibility_report(workspace, None if options.selection is None else options.selection.names())


@step("diff")
def diff_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """Breaking changes of every contract since `--base-ref` (skipped without one)."""
    from accord.contracts.diff.command import DiffRequest, run_diff

    paths = () if options.selection is None else tuple(selected_contracts(workspace, options.selection))
    if options.base_ref is None:
        return Skip("no --base-ref to compare with")
    if options.selection is not None and not paths:
        return Skip(_no_contracts(options))
    request = DiffRequest(paths=paths, base_ref=options.base_ref, workspace=workspace, git_cwd=workspace.root)
    run = run_diff(request)
    return run.result.report(run.fail_on)


@step("pact-check")
def pact_check_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """Every consumer pact of the pacts folder against its provider's OpenAPI, offline."""
    from accord.contracts.pact.check import check_pacts

    pacts = selected_pacts(workspace, options.selection)
    return check_pacts(workspace, pacts) if pacts else Skip("no pacts in the pacts folder")


@step("contracts-test")
def contracts_test_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """Providers against their own contracts, for every service with an `app` or `url`."""
    from accord.contracts.conformance import TOOL, check_conformance, select_providers

    services = scoped_workspace(workspace, options.selection).manifest.services.values()
    chosen = {s.name for s in services if s.openapi and (s.app or s.url)}
    if not chosen:
        return Skip("no service has an openapi contract and an `app` or `url` to test")
    # From the whole manifest: a selected provider's dependencies may belong to another shard.
    providers = [p for p in select_providers(workspace) if p.name in chosen]
    runtime = RuntimeOptions(broker=options.broker, log_dir=app_log_dir(workspace))
    return _one_by_one(
        TOOL, providers, lambda provider: check_conformance([provider], options.conformance, runtime).report()
    )


@step("chaos")
def chaos_step(workspace: Workspace, options: CiOptions) -> Report | Skip:
    """The chaos check of every service with an `app`, an openapi contract and dependencies."""
    from accord.contracts.chaos_check import ChaosOptions, check_chaos

    scoped = scoped_workspace(workspace, options.selection)
    names = [s.name for s in scoped.manifest.services.values() if s.openapi and s.app and s.depends_on]
    if not names:
        return Skip("no service has an openapi contract, an `app` and dependencies")
    return _one_by_one(
        "chaos",
        names,
        lambda name: check_chaos(workspace, name, ChaosOptions(log_dir=app_log_dir(workspace))),
    )


def _one_by_one(tool: str, items: Iterable[T], check: Callable[[T], Report]) -> Report:
    """The reports of `check` on each item, merged. One broken service (an app that does not
    import) is an input-error finding of its own, and the others are still tested."""
    merged = Report(tool)
    for item in items:
        try:
            report = check(item)
        except AccordError as exc:
            merged.extend([_input_error(exc)])
            continue
        merged.checked += report.checked
        merged.notes += [note for note in report.notes if note not in merged.notes]
        merged.extend(report.findings)
    return merged


def app_log_dir(workspace: Workspace) -> Path:
    """Where the output of the apps under test is kept: beside accord.yaml, out of the report."""
    return workspace.root / ".accord" / "logs"


@dataclass(frozen=True)
class StepResult:
    name: str
    report: Report | None  # None: skipped
    elapsed: float
    skipped_because: str = ""

    @property
    def status(self) -> str:
        if self.report is None:
            return "skipped"
        return "failed" if self.report.failed else "passed"


@dataclass(frozen=True)
class CiRun:
    steps: tuple[StepResult, ...]

    def report(self) -> Report:
        merged = Report("ci")
        for result in self.steps:
            if result.report is None:
                continue
            merged.checked += [c for c in result.report.checked if c not in merged.checked]
            merged.notes += [n for n in result.report.notes if n not in merged.notes]
            merged.extend(f._replace(rule=f"{result.name}/{f.rule}") for f in result.report.findings)
        return merged

    def summary_rows(self) -> list[tuple[str, str, int, int, str]]:
        """(step, status, errors, warnings, time) for the summary table; a skip says why."""
        rows = []
        for result in self.steps:
            counts = result.report.counts() if result.report else {"error": 0, "warning": 0}
            shown = f"skipped: {result.skipped_because}" if result.skipped_because else result.status
            rows.append((result.name, shown, counts["error"], counts["warning"], f"{result.elapsed:.1f}s"))
        return rows


def run_ci(workspace: Workspace, options: CiOptions, names: Sequence[str] | None = None) -> CiRun:
    """Run the chosen steps (default: all) in parallel; a step's AccordError becomes its finding."""
    chosen = list(names or [name for name in STEPS.ids() if name not in OPTIONAL_STEPS])
    unknown = [n for n in chosen if n not in STEPS]
    if unknown:
        raise ConfigError(f"unknown CI step {unknown[0]!r}", hint=f"steps: {', '.join(STEPS.ids())}")
    _import_step_modules(chosen)
    with ThreadPoolExecutor(max_workers=len(chosen) or 1) as pool:
        futures = [pool.submit(_run_step, name, workspace, options) for name in chosen]
        return CiRun(tuple(f.result() for f in futures))


# What each step imports, imported in the calling thread before the steps start: CPython 3.11
# can fail ("AST constructor recursion depth mismatch") when threads compile modules at once.
_STEP_MODULES = {
    "validate": ("accord.contracts.validate",),
    "lint": ("accord.contracts.lint.engine",),
    "events": ("accord.graph.events", "accord.events.compat"),
    "diff": ("accord.contracts.diff.command",),
    "pact-check": ("accord.contracts.pact.check",),
    "contracts-test": ("accord.contracts.conformance",),
    "chaos": ("accord.contracts.chaos_check",),
}


def _import_step_modules(chosen: Sequence[str]) -> None:
    import importlib

    for name in chosen:
        for module in _STEP_MODULES.get(name, ()):
            importlib.import_module(module)


def _run_step(name: str, workspace: Workspace, options: CiOptions) -> StepResult:
    started = time.monotonic()
    try:
        outcome = STEPS.get(name).check(workspace, options)
    except AccordError as exc:
        # One broken input must not hide the other steps' results: it fails this step only.
        outcome = Report(name)
        outcome.extend([_input_error(exc)])
    elapsed = time.monotonic() - started
    if isinstance(outcome, Skip):
        return StepResult(name, None, elapsed, outcome.reason)
    return StepResult(name, outcome, elapsed)


def _input_error(exc: AccordError) -> Finding:
    where = display_path(exc.file) if exc.file else None  # as every finding names its file
    return Finding("input-error", Severity.error, exc.message, where, exc.line, exc.column)
