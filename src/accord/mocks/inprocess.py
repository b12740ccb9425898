"""In-process mocks for tests: respx routes httpx calls for a dependency's base URL to the same
contract-driven mock that `accord mocks serve` runs, with no port; single responses can be overridden.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.contracts.openapi.operations import Operation
from accord.errors import ConfigError, ContractError
from accord.mocks.faults import FaultInjector, FaultPlan
from accord.mocks.http import MockRequest, MockResponse
from accord.mocks.inprocess_faults import in_process_answer
from accord.mocks.openapi_app import OpenAPIMock, load_mock

if TYPE_CHECKING:
    from accord.manifest import Workspace

__all__ = ["MockedService", "check_override", "mock_service"]


@dataclass(frozen=True)
class _Override:
    method: str
    path: re.Pattern[str]
    response: MockResponse
    validate: bool = True


@dataclass
class MockedService:
    """A dependency mocked in process: its base URL, the calls it got, and per-test overrides."""

    name: str
    base_url: str
    mock: OpenAPIMock
    calls: list[tuple[MockRequest, MockResponse]] = field(default_factory=list)
    _overrides: list[_Override] = field(default_factory=list)

    def override(
        self,
        method: str,
        path: str,
        *,
        status: int = 200,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        text: str | None = None,
        validate: bool = True,
    ) -> None:
        """Answer `METHOD path` (a literal path or a template like /payments/{id}) with this response.

        The response must be one the contract declares (status, and a JSON body valid against
        its schema), else ContractError; requests are still validated, and an invalid one gets
        the contract's rejection. `validate=False` answers with anything, to anything.
        """
        if validate:
            check_override(self.mock, method.upper(), path, status, json_body)
        body = (
            text.encode()
            if text is not None
            else json.dumps(json_body).encode()
            if json_body is not None
            else b""
        )
        media = "text/plain" if text is not None else "application/json"
        pairs = [(k.lower(), v) for k, v in (headers or {}).items()]
        if body and not any(k == "content-type" for k, _ in pairs):
            pairs.append(("content-type", media))
        pattern = re.compile(re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(path.rstrip("/") or "/")))
        self._overrides.insert(
            0, _Override(method.upper(), pattern, MockResponse(status, tuple(pairs), body), validate)
        )

    def clear_overrides(self) -> None:
        self._overrides.clear()

    def answer(self, request: MockRequest) -> MockResponse:
        path = request.path.rstrip("/") or "/"
        for override in self._overrides:
            if override.method == request.method and override.path.fullmatch(path):
                rejected = _rejection(self.mock, request) if override.validate else None
                response = rejected or override.response
                break
        else:
            response = self.mock.handle(request)
        self.calls.append((request, response))
        return response


def _rejection(mock: OpenAPIMock, request: MockRequest) -> MockResponse | None:
    """The contract's answer to a request it does not accept, or None when it accepts it."""
    match = mock.router.match(request.method, request.path)
    if match is None or match.operation is None:
        return None
    violations = mock.validator.check(match.operation, match.params, request)
    if not violations:
        return None
    status = 401 if violations[0].rule == "security" else None
    return mock.responses.rejection(match.operation, violations, request.headers.get("accept", ""), status)


def _operation(mock: OpenAPIMock, method: str, path: str) -> Operation | None:
    for op in mock.operations:
        if op.method == method and op.template.rstrip("/") == (path.rstrip("/") or "/"):
            return op
    match = mock.router.match(method, path)
    return match.operation if match is not None else None


def check_override(mock: OpenAPIMock, method: str, path: str, status: int, json_body: Any) -> None:
    """Raise ContractError unless the contract declares `status` for METHOD path, with a
    JSON body schema that `json_body` (when given) is valid against."""
    from accord.mocks.datagen import validator
    from accord.mocks.responses import choose_status

    subject = f"the override of {method} {path} with status {status}"
    hint = "answer with what the contract declares, or pass validate=False to answer with anything"
    op = _operation(mock, method, path)
    if op is None:
        raise ContractError(f"{subject}: the contract has no such operation", hint=hint)
    chosen, response = choose_status(op, str(status))
    if chosen != status or response is None:
        declared = ", ".join(sorted(op.responses)) or "none"
        raise ContractError(f"{subject}: the contract does not declare it (declared: {declared})", hint=hint)
    if json_body is None:
        return
    media = next((m for name, m in response.media.items() if "json" in name.lower()), None)
    if media is None:
        raise ContractError(f"{subject}: the contract declares no JSON body for it", hint=hint)
    compiled = validator(mock.responses.schema(media))
    errors = [str(e.message) for e in compiled.iter_errors(json_body)] if compiled is not None else []
    if errors:
        raise ContractError(
            f"{subject}: the body does not match the contract: {'; '.join(errors[:3])}", hint=hint
        )


def _default_base_url(name: str, mock: OpenAPIMock, service_url: str | None) -> str:
    if service_url:
        return service_url
    servers = mock.contract.data.get("servers") or []
    if servers and isinstance(servers[0], dict) and "{" not in str(servers[0].get("url", "{")):
        url = str(servers[0]["url"])
        if url.startswith("http"):
            return url
    return f"http://{name}.mock"


@contextlib.contextmanager
def mock_service(
    spec_or_service: str | Path,
    base_url: str | None = None,
    *,
    workspace: Workspace | None = None,
    seed: int = 0,
    stateful: bool = False,
    faults: FaultPlan | None = None,
    operation_faults: Mapping[str, FaultPlan] | None = None,
) -> Iterator[MockedService]:
    """Route httpx calls to `base_url` (default: the contract's first server) to the mock of a contract.

    `spec_or_service` is an OpenAPI file or a service of `workspace` (`find_workspace()` loads one;
    the `accord_mock` fixture passes the workspace of the test file). `faults` (every operation)
    and `operation_faults` (operationId -> plan) make calls fail as they would against a faulty
    server: httpx raises ReadError for a reset, ReadTimeout for a hang, ConnectError when the
    service is down.
    """
    import respx

    from accord.mocks.system import resolve_target

    service_url = None
    target = str(spec_or_service)
    if not Path(target).is_file():
        if workspace is None:
            raise ConfigError(
                f"{target!r} is not a file, and no workspace was given to find a service in",
                hint="pass an OpenAPI file, or workspace=accord.manifest.find_workspace()",
            )
        service_url = workspace.service(target).url
    name, path = resolve_target(target, workspace)
    injector = FaultInjector(faults, operation_faults or {}, seed)
    mock = load_mock(path, seed=seed, stateful=stateful, name=name, faults=injector)
    url = (base_url or _default_base_url(name, mock, service_url)).rstrip("/")
    mocked = MockedService(name, url, mock)
    prefix = urllib.parse.urlsplit(url).path

    def side_effect(request: Any) -> Any:

        path = (
            request.url.path[len(prefix) :]
            if prefix and request.url.path.startswith(prefix)
            else request.url.path
        )
        headers = {k.lower(): v for k, v in request.headers.items()}
        mock_request = MockRequest(
            request.method, path or "/", request.url.query.decode(), headers, request.read()
        )
        return in_process_answer(mocked, mock_request, request, down=bool(faults and faults.down))

    router = respx.mock(assert_all_called=False, assert_all_mocked=True)
    router.route(url__startswith=url).mock(side_effect=side_effect)
    with router:
        yield mocked
