"""`pact verify SERVICE`: replay every consumer's pact against the provider with pact's Verifier.

The provider is a running URL or an ASGI app accord serves on a free port; provider
states and message producers are Python functions of the provider. Failures come back
as findings, and every verification is recorded in the local matrix.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
from collections.abc import Callable, Iterator
from dataclasses import KW_ONLY, dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from accord.apps import load_app, serve_app, split_spec
from accord.contracts.pact import matrix
from accord.contracts.pact.files import HTTP, MESSAGE, PactFile, pacts_dir, pacts_for_provider
from accord.contracts.pact.findings import (
    NOT_VERIFIED,
    InteractionVerdict,
    interaction_verdicts,
    unhandled_states,
    verification_findings,
)
from accord.contracts.pact.provider import load_message_producers, load_state_handler
from accord.contracts.pact.published import BROKER, verify_published
from accord.contracts.pact.runtime import (
    DEFAULT_TIMEOUT,
    captured_stdout,
    git_output,
    load_pact,
    redact_credentials,
)
from accord.errors import ConfigError, ToolError
from accord.manifest import Service, Workspace
from accord.report import Finding, Report, Severity, display_path

__all__ = ["Verification", "VerifyRequest", "verify_provider"]

_ATTEMPTS = 3


@dataclass(frozen=True)
class VerifyRequest:
    """What to verify and against what; None means the manifest's default."""

    service: str
    _: KW_ONLY  # everything after the name by keyword
    base_url: str | None = None
    app: str | None = None
    states: str | None = None
    state_url: str | None = None
    messages: str | None = None
    provider_version: str | None = None
    branch: str | None = None
    publish: bool = False
    timeout: float = DEFAULT_TIMEOUT
    strict_states: bool = False


@dataclass(frozen=True)
class Verification:
    """The report of a verification, the verdict on every interaction, the matrix rows it
    recorded and the verifier's output."""

    report: Report
    rows: tuple[matrix.MatrixRow, ...]
    output: str
    interactions: tuple[InteractionVerdict, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Setup:
    """Everything the Verifier is built from."""

    provider: str
    url: str | None
    states: Callable[..., None] | str | None
    producers: dict[str, Callable[[], dict[str, Any]]] | None
    pacts: list[PactFile]
    broker: tuple[str, str | None] | None
    publish: tuple[str, str | None] | None
    timeout: float = DEFAULT_TIMEOUT


def verify_provider(workspace: Workspace, request: VerifyRequest) -> Verification:
    """Verify SERVICE against every pact naming it as provider (pacts folder or Pact Broker)."""
    service = workspace.service(request.service)
    _check_specs(request)
    search = workspace.resolve(service.path) if service.path else workspace.root
    broker = _broker(workspace)
    if request.publish and broker is None:
        raise ConfigError("--publish needs a Pact Broker", hint="set pacts.broker_url in accord.yaml")
    pacts = [] if broker else pacts_for_provider(workspace, service.name)
    report = Report(tool="pact verify", checked=[display_path(p.path) for p in pacts])
    if broker is None and not pacts:
        folder = display_path(pacts_dir(workspace))
        message = f"no pact in {folder} names {service.name} as its provider: nothing to verify"
        report.findings.append(Finding("pact.no-pacts", Severity.warning, message, file=folder))
        return Verification(report, (), "")
    kinds = set().union(*(p.kinds for p in pacts)) if pacts else {HTTP, MESSAGE}
    version = request.provider_version or git_output(["rev-parse", "--short", "HEAD"], workspace.root)
    notes: tuple[str, ...] = () if version else (_UNVERSIONED,)
    version = version or "unversioned"
    if broker is not None:
        _probe_broker(broker[0], request.timeout)
    on_broker = request.messages == BROKER
    if on_broker and broker is not None:
        raise ConfigError("--messages broker verifies the pacts of the pacts folder, not a Pact Broker's")
    needed = MESSAGE in kinds and broker is None and not on_broker
    app_log = workspace.root / ".accord" / "logs" / f"{service.name}--pact-verify.log"
    needs_url = HTTP in kinds and broker is None
    with _provider_url(request, service, search, app_log, needed=needs_url) as url:
        setup = _Setup(
            provider=service.name,
            url=url,
            states=_states(request, service, search),
            producers=None if on_broker else _producers(request, service, search, needed=needed),
            pacts=pacts,
            broker=broker,
            publish=(version, request.branch) if request.publish else None,
            timeout=request.timeout,
        )
        run = _verify_on_broker(workspace, service, setup) if on_broker else _run_with_retries(setup)
        results, output, publish_errors = run
    if setup.states is None:
        report.extend(unhandled_states(service.name, pacts, strict=request.strict_states))
    report.extend(verification_findings(service.name, results, pacts, output))
    report.extend(
        Finding("pact.publish", Severity.error, redact_credentials(text)) for text in publish_errors
    )
    verdicts = tuple(interaction_verdicts(pacts, results))
    judged = [p for p in pacts if any(v.pact is p and v.verdict != NOT_VERIFIED for v in verdicts)]
    # A pact the verifier never judged has no result: recording one would be made up.
    rows = _matrix_rows(workspace, service.name, version, report, judged)
    matrix.record(matrix.matrix_path(workspace), list(rows))
    if url is not None and not request.base_url and report.failed:
        notes += (f"{service.name}'s output while it was verified: {display_path(app_log)}",)
    return Verification(report, rows, output, verdicts, notes)


def _check_specs(request: VerifyRequest) -> None:
    """A misspelt option is refused even when no pact would have used it."""
    if request.base_url is not None:
        parts = urlsplit(request.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(
                f"--base-url {request.base_url!r} is not an http(s) URL",
                hint="e.g. --base-url http://127.0.0.1:8000",
            )
    if request.app:
        split_spec(request.app)
    if request.states:
        split_spec(request.states, what="a state handler spec", example="payments_service.states:handler")
    if request.messages and request.messages != BROKER:
        split_spec(
            request.messages,
            what=f"`{BROKER}` or a message producers spec (module:mapping)",
            example="payments_service.pact:messages",
        )


_UNVERSIONED = (
    "not a git repository: the provider version is recorded as 'unversioned' "
    "(pass --provider-version V to name it)"
)


def _probe_broker(url: str, timeout: float) -> None:
    """Fail fast on a broker that accepts connections and never answers: pact's core would
    wait for it forever. Other failures are left for the verifier to report."""
    import httpx

    try:
        httpx.get(url, timeout=timeout, headers={"Accept": "application/hal+json"})
    except httpx.TimeoutException:
        raise ToolError(
            f"the Pact Broker at {redact_credentials(url)} did not answer within {timeout:g} s",
            hint="is the broker up? pass --timeout SECONDS to wait longer",
        ) from None
    except httpx.HTTPError:
        return


def _broker(workspace: Workspace) -> tuple[str, str | None] | None:
    import os

    pacts = workspace.manifest.pacts
    if not pacts.broker_url:
        return None
    return pacts.broker_url, os.environ.get(pacts.broker_token_env) or None


@contextlib.contextmanager
def _provider_url(
    request: VerifyRequest, service: Service, search: Path, app_log: Path, *, needed: bool
) -> Iterator[str | None]:
    """The base URL given, or the app (from --app or the manifest) served on a free port, its
    output (the app's logs) kept in `app_log`: stdout carries the report only."""
    if request.base_url:
        yield request.base_url.rstrip("/")
        return
    spec = request.app or service.app
    if spec is None:
        if needed:
            raise ConfigError(
                f"cannot reach {service.name}: pass --base-url URL or --app module:app",
                hint=f"or set services.{service.name}.app in accord.yaml",
            )
        yield None
        return
    from accord.contracts.provider_runtime import RuntimeOptions, surroundings

    runtime = RuntimeOptions(log_dir=app_log.parent)
    with surroundings(app_log.stem, None, (), runtime), serve_app(load_app(spec, search)) as url:
        yield url


def _states(request: VerifyRequest, service: Service, search: Path) -> Callable[..., None] | str | None:
    if request.states and request.state_url:
        raise ConfigError("pass either --states or --state-url, not both")
    if request.state_url:
        return request.state_url
    spec = request.states or service.pact_states
    return load_state_handler(spec, search) if spec else None


def _producers(
    request: VerifyRequest, service: Service, search: Path, *, needed: bool
) -> dict[str, Callable[[], dict[str, Any]]] | None:
    spec = request.messages or service.pact_messages
    if spec is None:
        if needed:
            raise ConfigError(
                f"a consumer's pact has messages from {service.name}, but no message producers are known",
                hint=f"pass --messages module:mapping or set services.{service.name}.pact_messages",
            )
        return None
    return load_message_producers(spec, search)


def _verify_on_broker(
    workspace: Workspace, service: Service, setup: _Setup
) -> tuple[dict[str, Any], str, list[str]]:
    """Message interactions against what the provider publishes on its broker; the HTTP ones, if
    any, by the verifier, from copies of their pacts that hold only them."""
    import tempfile

    asked = any(MESSAGE in p.kinds for p in setup.pacts)
    messages = verify_published(workspace, service, setup.pacts, states=setup.states) if asked else _NOTHING
    http = [p for p in setup.pacts if p.kinds - {MESSAGE}]
    if not http:
        return messages, "", []
    with tempfile.TemporaryDirectory() as folder:
        copies = [_without_messages(p, Path(folder)) for p in http]
        results, output, publish_errors = _run_with_retries(replace(setup, pacts=copies))
    merged = [*(results.get("interactionResults") or []), *messages["interactionResults"]]
    verdict = results.get("result") is not False and messages["result"]
    return {**results, "result": verdict, "interactionResults": merged}, output, publish_errors


_NOTHING: dict[str, Any] = {"result": True, "interactionResults": []}


def _without_messages(pact: PactFile, folder: Path) -> PactFile:
    """A copy of the pact file with its message interactions left out."""
    import json

    data = json.loads(pact.path.read_text("utf-8"))
    data.pop("messages", None)
    kept = [i.data for i in pact.interactions if i.kind != MESSAGE and i.pointer.startswith("/interactions/")]
    data["interactions"] = kept
    copy = folder / pact.path.name
    copy.write_text(json.dumps(data), "utf-8")
    return replace(pact, path=copy)


def _run_with_retries(setup: _Setup) -> tuple[dict[str, Any], str, list[str]]:
    """Run the verifier; pact's helper servers pick ports racily (issue 1541), so retry."""
    for attempt in range(_ATTEMPTS):
        try:
            return _run(setup)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or attempt == _ATTEMPTS - 1:
                raise ToolError(f"the pact verifier could not start its helper servers: {exc}") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _build(setup: _Setup) -> Any:
    pact = load_pact()
    host = urlsplit(setup.url).hostname if setup.url else "localhost"
    # The Verifier refuses a transport whose host differs from its own ("Host mismatch").
    verifier = pact.Verifier(setup.provider, host=host)
    verifier.set_coloured_output(enabled=False)
    verifier.set_request_timeout(int(setup.timeout * 1000))
    if setup.url:
        verifier.add_transport(url=setup.url)
    if setup.producers:
        verifier.message_handler(setup.producers)
    if isinstance(setup.states, str):
        verifier.state_handler(setup.states, teardown=True, body=True)
    elif setup.states is not None:
        verifier.state_handler(setup.states, teardown=True)
    for pact_file in setup.pacts:
        verifier.add_source(pact_file.path)
    if setup.broker:
        url, token = setup.broker
        verifier.broker_source(url, token=token, use_env=False)
    if setup.publish:
        version, branch = setup.publish
        verifier.set_publish_options(version, branch=branch)
    return verifier


def _run(setup: _Setup) -> tuple[dict[str, Any], str, list[str]]:
    verifier = _build(setup)
    publish_errors = _PublishErrors()
    logger = logging.getLogger("pact")
    logger.addHandler(publish_errors)
    try:
        # A failed verification raises a bare RuntimeError; the details are in .results.
        with (
            captured_stdout() as printed,
            contextlib.redirect_stderr(io.StringIO()),
            contextlib.suppress(RuntimeError),
        ):
            verifier.verify()
    finally:
        logger.removeHandler(publish_errors)
    return verifier.results, "".join(printed), publish_errors.messages


class _PublishErrors(logging.Handler):
    """pact only logs a failed publication of results; collect those records to fail on them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if "publish" in text.lower():
            self.messages.append(f"verification results were not published: {text}")


def _matrix_rows(
    workspace: Workspace, provider: str, version: str, report: Report, pacts: list[PactFile]
) -> tuple[matrix.MatrixRow, ...]:
    consumer_version = git_output(["rev-parse", "--short", "HEAD"], workspace.root) or "unversioned"
    rows = []
    for pact_file in pacts:
        failures = sum(
            1
            for f in report.findings
            if f.severity is Severity.error and f.message.startswith(f"{pact_file.consumer} -> {provider}:")
        )
        general = any(
            f.severity is Severity.error and f.rule in ("pact.error", "pact.publish") and f.file is None
            for f in report.findings
        )
        rows.append(
            matrix.MatrixRow(
                consumer=pact_file.consumer,
                consumer_version=consumer_version,
                provider=provider,
                provider_version=version,
                success=failures == 0 and not general,
                pact=display_path(pact_file.path),
                failures=failures,
            )
        )
    return tuple(rows)
