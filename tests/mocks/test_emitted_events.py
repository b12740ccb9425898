"""The events a mock publishes after a successful answer: the operation's `x-accord-emits`,
and those accord.yaml's `emits:` adds by operationId or by 'METHOD /path' (an operation
without an operationId is named only that way)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from accord.contracts.model import load_contract
from accord.errors import ConfigError
from accord.manifest import load_workspace
from accord.mocks.emits import declared_emits
from accord.mocks.openapi_app import OpenAPIMock
from tests.conftest import FIXTURES

EMITTING = FIXTURES / "mocks" / "emitting" / "openapi.yaml"


def _emitted(mock: OpenAPIMock, method: str, path: str, body: bytes = b"") -> tuple[int, list[Any]]:
    """The status of one request through the mock's ASGI app, and the events it published."""
    events: list[Any] = []
    mock.on_emit = lambda event, request_body: events.append((event, request_body))
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": b"",
        "headers": [(b"content-type", b"application/json")],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(mock(scope, receive, send))
    return sent[0]["status"], events


def test_an_operation_publishes_its_x_accord_emits_and_those_the_manifest_adds() -> None:
    manifest_emits = {
        "placeOrder": ("order.audited",),
        "DELETE /orders/{id}": ("order.cancelled",),
        "deleteOrder": (
            "never.sent",
        ),  # no operation has this id: a DELETE without one is 'DELETE /orders/{id}'
    }
    mock = OpenAPIMock(load_contract(EMITTING), emits=manifest_emits)

    placed = [("order.placed", {"sku": "b"}), ("order.audited", {"sku": "b"})]  # `{not: an event}` is none
    assert _emitted(mock, "POST", "/orders", b'{"sku": "b"}') == (201, placed)
    assert _emitted(mock, "DELETE", "/orders/1") == (204, [("order.cancelled", None)])
    assert _emitted(mock, "PATCH", "/orders/1") == (204, [])
    assert _emitted(mock, "DELETE", "/orders/x") == (400, [])  # a refused request publishes nothing


def test_a_manifest_emits_naming_no_operation_is_refused_at_its_line_with_the_operations_there_are() -> None:
    workspace = load_workspace(EMITTING.parent / "accord.yaml")
    with pytest.raises(ConfigError) as caught:
        declared_emits(workspace, workspace.service("orders"))
    assert (caught.value.message, caught.value.line) == (
        "services.orders.emits names 'deleteOrder', which is not an operation of openapi.yaml "
        "(its operations: DELETE /orders/{id}, PATCH /orders/{id}, placeOrder)",
        10,
    )
