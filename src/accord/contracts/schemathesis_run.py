"""Drive schemathesis' engine for one provider and turn what it found into plain dataclasses.

The only module of accord that speaks schemathesis: configuration in, `CheckFailure`s out.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import ContractError, ToolError

__all__ = [
    "ALL_CHECKS",
    "PHASES",
    "CheckFailure",
    "EngineOptions",
    "EngineOutcome",
    "known_checks",
    "run_engine",
]

PHASES = ("examples", "coverage", "fuzzing", "stateful")
ALL_CHECKS = "all"


@dataclass(frozen=True, kw_only=True)
class EngineOptions:
    """What schemathesis generates and checks; the defaults suit a CI run of a few seconds per service."""

    phases: tuple[str, ...] = PHASES
    checks: tuple[str, ...] = (ALL_CHECKS,)
    max_examples: int = 25
    seed: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    request_timeout: float = 10.0


@dataclass(frozen=True)
class CheckFailure:
    """One distinct failure: which check, on which operation, and the request that shows it."""

    check: str
    operation: str
    title: str
    message: str
    curl: str
    phase: str


@dataclass(frozen=True)
class EngineOutcome:
    """Everything one engine run found."""

    failures: tuple[CheckFailure, ...]
    errors: tuple[CheckFailure, ...]
    operations: tuple[str, ...]
    cases: int
    seed: int
    elapsed: float


def known_checks() -> list[str]:
    """The names `--checks` accepts: schemathesis' built-in checks and any registered ones."""
    from schemathesis.checks import CHECKS
    from schemathesis.config._checks import _BUILTIN_CHECK_NAMES

    return sorted(set(_BUILTIN_CHECK_NAMES) | set(CHECKS.get_all_names()))


def _config(options: EngineOptions, base_url: str | None) -> Any:
    from schemathesis.config import SchemathesisConfig

    # A fresh config rather than `discover()`: a run must not change with a stray schemathesis.toml.
    config = SchemathesisConfig()
    config.update(seed=options.seed, max_failures=None)
    project = config.projects.override
    project.update(
        base_url=base_url,
        headers=dict(options.headers) or None,
        request_timeout=options.request_timeout,
    )
    project.phases.update(phases=list(options.phases))
    project.checks.update(included_check_names=list(options.checks))
    # No hypothesis database: nothing is written into the user's folder, and a seed replays exactly.
    project.generation.update(max_examples=options.max_examples, database="none")
    return config


def _load_schema(contract: Path, config: Any) -> Any:
    import schemathesis
    from schemathesis.core.errors import LoaderError

    try:
        return schemathesis.openapi.from_path(contract, config=config)
    except LoaderError as exc:
        raise ContractError(f"schemathesis cannot load the contract: {exc}", file=contract) from None


def run_engine(contract: Path, options: EngineOptions, *, base_url: str | None, app: Any) -> EngineOutcome:
    """Run every phase against `app` in process (ASGI or WSGI) or the server at `base_url`."""
    from schemathesis.engine import from_schema

    config = _config(options, base_url)
    schema = _load_schema(contract, config)
    if app is not None:
        from schemathesis.transport import is_asgi_app

        schema.app = _answering_500(app) if is_asgi_app(app) else app
    started = time.monotonic()
    collected = _Collector()
    try:
        for event in from_schema(schema).execute():
            collected.take(event)
    except (RecursionError, ValueError) as exc:
        if isinstance(exc, ValueError) and "ecursion" not in str(exc):
            raise
        raise ContractError(
            f"schemathesis cannot test this contract: its schemas nest too deeply ({exc})",
            file=contract,
            hint="flatten the deepest allOf/anyOf/oneOf nesting of the contract",
        ) from None
    return EngineOutcome(
        failures=tuple(collected.failures.values()),
        errors=tuple(collected.errors.values()),
        operations=tuple(sorted(collected.operations)),
        cases=collected.cases,
        seed=config.seed,
        elapsed=time.monotonic() - started,
    )


def _answering_500(app: Any) -> Any:
    """The app as a server runs it: an exception becomes a 500 the checks can see, not a crash of the run."""

    async def served(scope: dict[str, Any], receive: Any, send: Any) -> None:
        started = False

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await app(scope, receive, tracking_send)
        except Exception:
            if scope["type"] != "http":
                raise
            if not started:
                headers = [(b"content-type", b"text/plain; charset=utf-8")]
                await send({"type": "http.response.start", "status": 500, "headers": headers})
                await send({"type": "http.response.body", "body": b"Internal Server Error"})

    return served


class _Collector:
    """Folds the engine's event stream into distinct failures, errors and counts."""

    def __init__(self) -> None:
        self.failures: dict[tuple[str, str, str], CheckFailure] = {}
        self.errors: dict[tuple[str, str, str], CheckFailure] = {}
        self.operations: set[str] = set()
        self.cases = 0

    def take(self, event: Any) -> None:
        from schemathesis.engine import events

        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            phase = str(getattr(event, "phase", "fuzzing"))
            self._take_recorder(event.recorder, phase)
        elif isinstance(event, events.NonFatalError):
            self._take_error(event)
        elif isinstance(event, events.FatalError):
            raise ToolError(f"schemathesis stopped: {event.exception}") from event.exception

    def _take_recorder(self, recorder: Any, phase: str) -> None:
        self.cases += len(recorder.cases)
        for node in recorder.cases.values():
            self.operations.add(node.value.operation.label)
        for case_id, checks in recorder.checks.items():
            for check in checks:
                info = check.failure_info
                if info is None:
                    continue
                failure = info.failure
                operation = failure.operation or _case_label(recorder, case_id)
                # The same defect shows in many generated cases; the first one found is kept.
                key = (operation, check.name, failure.title)
                self.failures.setdefault(
                    key,
                    CheckFailure(
                        check.name, operation, failure.title, failure.message, info.code_sample, phase
                    ),
                )

    def _take_error(self, event: Any) -> None:
        info = event.info
        message = info.message
        if info.extras:
            message += "\n" + "\n".join(info.extras)
        self.errors.setdefault(
            (event.label, info.title, message),
            CheckFailure(
                "error", event.label, info.title, message, info.code_sample or "", str(event.phase or "")
            ),
        )


def _case_label(recorder: Any, case_id: str) -> str:
    node = recorder.cases.get(case_id)
    return str(node.value.operation.label) if node is not None else str(recorder.label)
