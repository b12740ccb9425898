"""The orders API, with payments mocked from its contract (a server from `accord mocks up`, or in process)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import SYSTEM

ORDER = {"customer_id": "c-1001", "items": [{"sku": "BOOK-42", "quantity": 2, "unit_price": 1999}]}


def test_placing_an_order_charges_it_through_payments(client: TestClient) -> None:
    response = client.post("/orders", json=ORDER)

    assert response.status_code == 201, response.text
    order = response.json()
    assert order["total"] == 3998
    assert order["payment_id"].startswith("p-")  # the id the payments contract promises
    assert order["status"] in ("pending", "paid")


def test_a_placed_order_can_be_read_back(client: TestClient) -> None:
    placed = client.post("/orders", json=ORDER).json()

    response = client.get(f"/orders/{placed['id']}")

    assert response.status_code == 200
    assert response.json() == placed


def test_an_order_without_items_is_refused_before_payments_is_called(client: TestClient) -> None:
    response = client.post("/orders", json={"customer_id": "c-1", "items": []})

    assert response.status_code == 422


def test_a_settled_payment_makes_the_order_paid(accord_mock: Callable[..., Any]) -> None:
    """The in-process fixture: payments answers from its contract, except where the test says otherwise."""
    from orders_service.app import app

    payments = accord_mock("payments", "http://payments.test", workspace=SYSTEM, env="PAYMENTS_URL")
    payments.override(
        "POST",
        "/payments",
        status=201,
        json_body={
            "id": "p-7",
            "order_id": "o-1",
            "status": "settled",
            "amount": {"value": 1999, "currency": "EUR"},
        },
    )

    order = TestClient(app).post("/orders", json=ORDER).json()

    assert order["status"] == "paid"
    assert order["payment_id"] == "p-7"
    request, _ = payments.calls[-1]
    assert request.path == "/payments"


def test_a_failing_payments_service_fails_the_order(accord_mock: Callable[..., Any]) -> None:
    from orders_service.app import app

    payments = accord_mock("payments", "http://payments.test", workspace=SYSTEM, env="PAYMENTS_URL")
    # An outage is not in the contract: validate=False answers with it anyway.
    payments.override(
        "POST", "/payments", status=503, json_body={"title": "down", "status": 503}, validate=False
    )

    with pytest.raises(httpx.HTTPStatusError):
        TestClient(app).post("/orders", json=ORDER)
