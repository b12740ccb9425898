"""The OpenAPI mock: route, validate, answer; as a plain function and as a raw ASGI app.

`OpenAPIMock.handle` is synchronous and transport-free, so the same mock serves uvicorn
(`__call__`, ASGI) and respx (in-process tests) alike.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord.contracts.model import Contract, ContractKind, load_contract
from accord.contracts.openapi.operations import Operation, read_operations
from accord.mocks.http import MockRequest, MockResponse, json_response
from accord.mocks.responses import ResponseBuilder
from accord.mocks.router import Router
from accord.mocks.stateful import StatefulStore
from accord.mocks.validation import RequestValidator

__all__ = ["OpenAPIMock", "load_mock"]

log = logging.getLogger("accord.mocks")
MAX_BODY_BYTES = 10 * 1024 * 1024


class OpenAPIMock:
    """A mock of one OpenAPI contract."""

    def __init__(
        self,
        contract: Contract,
        *,
        seed: int = 0,
        stateful: bool = False,
        name: str = "",
        max_resources: int = 10_000,
    ) -> None:
        self.contract = contract
        self.name = name or contract.path.stem
        self.operations: list[Operation] = read_operations(contract)
        self.router = Router(self.operations, _base_path(contract))
        self.validator = RequestValidator(contract)
        self.responses = ResponseBuilder(contract, seed)
        self.store = StatefulStore(self.operations, self.responses, max_resources) if stateful else None
        # Told (event, request JSON) after a successful answer to an operation with `x-accord-emits`.
        self.on_emit: Callable[[str, Any], None] | None = None

    def handle(self, request: MockRequest) -> MockResponse:
        response = self._answer(request)
        if log.isEnabledFor(logging.INFO):
            rule = f" rejected by {response.rule}" if response.rule else ""
            log.info("%s %s %s -> %d%s", self.name, request.method, request.path, response.status, rule)
        return response

    def _answer(self, request: MockRequest) -> MockResponse:
        match = self.router.match(request.method, request.path)
        if match is None:
            problem = {
                "title": "Not Found",
                "status": 404,
                "detail": f"no path {request.path} in the contract",
            }
            return json_response(404, problem, "application/problem+json", "unknown-path")
        op = match.operation
        if op is None:
            problem = {
                "title": "Method Not Allowed",
                "status": 405,
                "detail": f"{request.method} is not an operation of this path",
            }
            found = json_response(405, problem, "application/problem+json", "unknown-method")
            return MockResponse(
                405, (*found.headers, ("allow", ", ".join(match.allowed))), found.body, found.rule
            )
        violations = self.validator.check(op, match.params, request)
        if violations:
            # missing credentials are 401 whatever the contract lists: clients and fuzzers expect it
            status = 401 if violations[0].rule == "security" else None
            return self.responses.rejection(op, violations, request.headers.get("accept", ""), status)
        if self.store is not None and "code" not in request.prefer():
            stateful = self.store.handle(op, match.params, request)
            if stateful is not None:
                return stateful
        return self.responses.success(op, request)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                response = json_response(413, {"title": "Payload Too Large", "status": 413})
                await _send(send, response)
                return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = MockRequest(
            method=scope["method"],
            path=scope["path"],
            query_string=scope["query_string"].decode("latin-1"),
            headers=headers,
            body=body,
        )
        try:
            response = self.handle(request)
        except Exception:  # a bug must not take the mock down; say so and carry on
            log.exception("%s %s %s failed", self.name, request.method, request.path)
            problem = {
                "title": "Internal mock error",
                "status": 500,
                "detail": "the mock failed on this request; its log has the details",
            }
            response = json_response(500, problem, "application/problem+json", "mock-error")
        await _send(send, response)
        if self.on_emit is not None and response.status < 300:
            self._emitted(request)

    def _emitted(self, request: MockRequest) -> None:
        """The events the answered operation declares it emits, with the request they follow."""
        assert self.on_emit is not None
        match = self.router.match(request.method, request.path)
        if match is None or match.operation is None or not match.operation.emits:
            return
        try:
            body = json.loads(request.body) if request.body else None
        except ValueError:
            body = None
        for event in match.operation.emits:
            self.on_emit(event, body)


async def _send(send: Any, response: MockResponse) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _base_path(contract: Contract) -> str:
    import urllib.parse

    if contract.kind is ContractKind.swagger2:
        return str(contract.data.get("basePath") or "")
    servers = contract.data.get("servers") or []
    if servers and isinstance(servers[0], dict):
        url = str(servers[0].get("url", ""))
        return urllib.parse.urlsplit(url).path if "{" not in url else ""
    return ""


def load_mock(
    path: str | Path, *, seed: int = 0, stateful: bool = False, name: str = "", max_resources: int = 10_000
) -> OpenAPIMock:
    """A mock from a contract file; InputError/ContractError for files that cannot be one."""
    from accord.mocks.preflight import check_mock_contract

    contract = load_contract(path)
    mock = OpenAPIMock(contract, seed=seed, stateful=stateful, name=name, max_resources=max_resources)
    check_mock_contract(mock.contract, mock.operations, mock.responses)
    return mock
