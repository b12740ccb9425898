"""Faults in the in-process (respx) mock: the httpx exception or answer a faulty server would cause.

Against the server mock httpx raises ReadError for a reset (the peer's RST), ReadTimeout when
an answer comes later than the client's read timeout, and ConnectError when nothing listens;
here the same exceptions are raised without a socket. Latency passes for real (up to the
client's read timeout); a hang ends at once with the ReadTimeout the client would get.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Protocol

from accord.errors import ConfigError
from accord.mocks.fault_delivery import malformed
from accord.mocks.http import MockRequest, MockResponse, json_response

if TYPE_CHECKING:
    from accord.mocks.openapi_app import OpenAPIMock

__all__ = ["in_process_answer"]


class _Answering(Protocol):
    name: str
    mock: OpenAPIMock
    calls: list[tuple[MockRequest, MockResponse]]

    def answer(self, request: MockRequest) -> MockResponse: ...


def in_process_answer(mocked: _Answering, request: MockRequest, sent: Any, *, down: bool = False) -> Any:
    """The httpx.Response to `sent` (an httpx.Request), or the exception its fault makes httpx raise."""
    import httpx

    if down:
        raise httpx.ConnectError(f"[Errno 111] Connection refused ({mocked.name} is down)", request=sent)
    try:
        decision = mocked.mock.decide(request)
    except ConfigError as exc:
        problem = {"title": "Bad Request", "status": 400, "detail": f"Prefer header: {exc.message}"}
        return _response(json_response(400, problem, "application/problem+json"))
    if decision is None:
        return _response(mocked.answer(request))
    read = (sent.extensions.get("timeout") or {}).get("read")
    late = decision.delay + (decision.slow_body_seconds if decision.fault == "slow-body" else 0.0)
    if read is not None and late > read:
        time.sleep(read)
        raise httpx.ReadTimeout(
            f"no answer from {mocked.name} within {read} s (injected latency)", request=sent
        )
    if decision.delay:
        time.sleep(decision.delay)
    if decision.fault == "reset":
        raise httpx.ReadError(
            "[Errno 104] Connection reset by peer (a fault injected by the mock)", request=sent
        )
    if decision.fault == "hang":
        waited = (
            f"within the client's read timeout of {read} s"
            if read is not None
            else "(the client has no read timeout: it would wait forever)"
        )
        raise httpx.ReadTimeout(f"{mocked.name} hangs: no answer {waited}", request=sent)
    if decision.fault == "error":
        failed = mocked.mock.failure(request, decision.status)
        mocked.calls.append((request, failed))
        return _response(failed)
    answer = mocked.answer(request)
    if decision.fault == "slow-body":
        time.sleep(decision.slow_body_seconds)
    return _response(malformed(answer) if decision.fault == "malformed" else answer)


def _response(answer: MockResponse) -> Any:
    import httpx

    return httpx.Response(answer.status, headers=list(answer.headers), content=answer.body)
