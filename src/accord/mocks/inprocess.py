"""In-process mocks for tests: respx routes httpx calls for a dependency's base URL to the same
contract-driven mock that `accord mocks serve` runs, with no port; single responses can be overridden.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.mocks.http import MockRequest, MockResponse
from accord.mocks.openapi_app import OpenAPIMock, load_mock

__all__ = ["MockedService", "mock_service"]


@dataclass(frozen=True)
class _Override:
    method: str
    path: re.Pattern[str]
    response: MockResponse


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
    ) -> None:
        """Answer `METHOD path` (a literal path or a template like /payments/{id}) with this response."""
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
            0, _Override(method.upper(), pattern, MockResponse(status, tuple(pairs), body))
        )

    def clear_overrides(self) -> None:
        self._overrides.clear()

    def answer(self, request: MockRequest) -> MockResponse:
        path = request.path.rstrip("/") or "/"
        for override in self._overrides:
            if override.method == request.method and override.path.fullmatch(path):
                response = override.response
                break
        else:
            response = self.mock.handle(request)
        self.calls.append((request, response))
        return response


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
    workspace: Path | None = None,
    seed: int = 0,
    stateful: bool = False,
) -> Iterator[MockedService]:
    """Route httpx calls to `base_url` (default: the contract's first server) to the mock of a contract.

    `spec_or_service` is an OpenAPI file or a service of accord.yaml (found from `workspace` or the
    current folder).
    """
    import respx

    from accord.mocks.system import resolve_target

    service_url = None
    target = str(spec_or_service)
    ws = None
    if not Path(target).is_file():
        from accord.manifest import find_workspace

        ws = find_workspace(explicit=workspace)
        service_url = ws.service(target).url
    name, path = resolve_target(target, ws)
    mock = load_mock(path, seed=seed, stateful=stateful, name=name)
    url = (base_url or _default_base_url(name, mock, service_url)).rstrip("/")
    mocked = MockedService(name, url, mock)
    prefix = urllib.parse.urlsplit(url).path

    def side_effect(request: Any) -> Any:
        import httpx

        path = (
            request.url.path[len(prefix) :]
            if prefix and request.url.path.startswith(prefix)
            else request.url.path
        )
        headers = {k.lower(): v for k, v in request.headers.items()}
        mock_request = MockRequest(
            request.method, path or "/", request.url.query.decode(), headers, request.read()
        )
        answer = mocked.answer(mock_request)
        return httpx.Response(answer.status, headers=list(answer.headers), content=answer.body)

    router = respx.mock(assert_all_called=False, assert_all_mocked=True)
    router.route(url__startswith=url).mock(side_effect=side_effect)
    with router:
        yield mocked
