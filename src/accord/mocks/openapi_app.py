"""The OpenAPI mock: route, validate, answer; as a plain function and as a raw ASGI app.

`OpenAPIMock.handle` is synchronous and transport-free, so the same mock serves uvicorn
(`__call__`, ASGI) and respx (in-process tests) alike.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from accord.contracts.model import Contract, ContractKind, load_contract
from accord.contracts.openapi.operations import Operation, read_operations
from accord.errors import ConfigError
from accord.mocks.answer_memo import AnswerMemo
from accord.mocks.fault_delivery import Hangs, deliver, send_whole
from accord.mocks.faults import Decision, FaultInjector
from accord.mocks.http import MockRequest, MockResponse, json_response
from accord.mocks.request_log import RequestLog
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
        faults: FaultInjector | None = None,
        emits: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.contract = contract
        self.name = name or contract.path.stem
        # `emits` (from accord.yaml: operationId or 'METHOD /path' -> events) adds to `x-accord-emits`
        self.operations: list[Operation] = [_with_emits(op, emits or {}) for op in read_operations(contract)]
        self.router = Router(self.operations, _base_path(contract))
        self.validator = RequestValidator(contract)
        self.responses = ResponseBuilder(contract, seed)
        self.store = StatefulStore(self.operations, self.responses, max_resources) if stateful else None
        self.faults = faults if faults is not None and faults.active else None
        self.hangs = Hangs()
        self.request_log = RequestLog()
        self.memo = AnswerMemo()
        self.observer: Callable[[MockRequest], None] | None = None  # sees every request the server gets
        # Told (event, request JSON) after a successful answer to an operation with `x-accord-emits`.
        self.on_emit: Callable[[str, Any], None] | None = None

    def handle(self, request: MockRequest) -> MockResponse:
        """The answer to one request, logged at once (the server batches its log instead)."""
        response = self._answer(request)
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s %s -> %d%s", self.name, request.method, request.path, response.status, _note(response)
            )
        return response

    def operation_of(self, request: MockRequest) -> Operation | None:
        match = self.router.match(request.method, request.path)
        return match.operation if match is not None else None

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
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await _lifespan(receive, send)
            return
        message = await receive()
        body: bytes | None = message.get("body", b"")
        if message.get("more_body", False):
            body = await _rest_of_body(receive, body or b"")
        if body is None or len(body) > MAX_BODY_BYTES:
            await send_whole(send, json_response(413, {"title": "Payload Too Large", "status": 413}))
            return
        memo = self.memo if self.faults is None and self.store is None else None
        key = memo.key(scope, body) if memo is not None else None
        known = memo.get(key) if memo is not None else None
        if known is not None and self.observer is None and self.on_emit is None:  # a repeat: its answer
            await send({"type": "http.response.start", "status": known.status, "headers": known.wire_headers})
            await send({"type": "http.response.body", "body": known.body})
            self.request_log.record(self.name, scope["method"], scope["path"], known.status, _note(known))
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request = MockRequest(
            scope["method"], scope["path"], scope["query_string"].decode("latin-1"), headers, body
        )
        if self.observer is not None:
            self.observer(request)
        if self.faults is None and "prefer" not in headers:  # the common case costs one lookup
            response = known or self.answer_safely(request)
            await send_whole(send, response)
            if memo is not None:
                memo.keep(key, response)
            self.request_log.record(self.name, request.method, request.path, response.status, _note(response))
            if self.on_emit is not None and response.status < 300:
                self._emitted(request)
            return
        await self._answer_with_faults(request, scope, receive, send)

    def answer_safely(self, request: MockRequest) -> MockResponse:
        try:
            return self._answer(request)
        except Exception:  # a bug must not take the mock down; say so and carry on
            log.exception("%s %s %s failed", self.name, request.method, request.path)
            problem = {
                "title": "Internal mock error",
                "status": 500,
                "detail": "the mock failed on this request; its log has the details",
            }
            return json_response(500, problem, "application/problem+json", "mock-error")

    async def _answer_with_faults(
        self, request: MockRequest, scope: dict[str, Any], receive: Any, send: Any
    ) -> None:
        try:
            decision = self.decide(request)
        except ConfigError as exc:  # a Prefer header asking for something the mock cannot do
            problem = {"title": "Bad Request", "status": 400, "detail": f"Prefer header: {exc.message}"}
            await send_whole(send, json_response(400, problem, "application/problem+json"))
            return
        if decision is None:
            response = self.answer_safely(request)
            await send_whole(send, response)
            self.request_log.record(self.name, request.method, request.path, response.status, _note(response))
            if self.on_emit is not None and response.status < 300:
                self._emitted(request)
            return
        outcome = await deliver(self, decision, request, (scope, receive, send))
        note = f" ({decision.note})" if decision.note else ""
        self.request_log.record(self.name, request.method, request.path, outcome, note)

    def decide(self, request: MockRequest) -> Decision | None:
        """What faults do to this request: its operation's plan (or the mock's) and its Prefer header."""
        plan = None
        if self.faults is not None:
            op = self.operation_of(request)
            plan = (
                self.faults.plan_for(op.operation_id, op.method, op.template) if op else self.faults.default
            )
        return (self.faults or _NO_FAULTS).decide(plan, request.prefer())

    def failure(self, request: MockRequest, status: int | None) -> MockResponse:
        """The injected error answer to `request`, in the shape its operation declares."""
        return self.responses.failure(self.operation_of(request), status, request.headers.get("accept", ""))

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


_NO_FAULTS = FaultInjector()


def _with_emits(op: Operation, emits: Mapping[str, tuple[str, ...]]) -> Operation:
    extra = [*emits.get(op.operation_id, ()), *emits.get(f"{op.method} {op.template}", ())]
    if not extra:
        return op
    return op._replace(emits=tuple(dict.fromkeys((*op.emits, *extra))))


def _note(response: MockResponse) -> str:
    return f" rejected by {response.rule}" if response.rule else ""


async def _rest_of_body(receive: Any, first: bytes) -> bytes | None:
    """The request's body after its `first` part, or None past MAX_BODY_BYTES."""
    chunks, size, more = [first], len(first), True
    while more and size <= MAX_BODY_BYTES:
        message = await receive()
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        more = message.get("more_body", False)
    return b"".join(chunks) if size <= MAX_BODY_BYTES else None


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
    path: str | Path,
    *,
    seed: int = 0,
    stateful: bool = False,
    name: str = "",
    max_resources: int = 10_000,
    faults: FaultInjector | None = None,
    emits: Mapping[str, tuple[str, ...]] | None = None,
) -> OpenAPIMock:
    """A mock from a contract file; InputError/ContractError for files that cannot be one."""
    from accord.mocks.preflight import check_mock_contract

    contract = load_contract(path)
    mock = OpenAPIMock(
        contract,
        seed=seed,
        stateful=stateful,
        name=name,
        max_resources=max_resources,
        faults=faults,
        emits=emits,
    )
    check_mock_contract(mock.contract, mock.operations, mock.responses)
    return mock
