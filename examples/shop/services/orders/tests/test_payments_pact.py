"""Consumer pact of orders with payments: what the payments client relies on.

Run from examples/shop with `pytest services/orders/tests`; passing tests write
pacts/orders-payments.json, which `accord pact verify payments` replays against payments.
"""

from __future__ import annotations

import pytest
from orders_service import payments_client

from pact import match

PAYMENT = {
    "id": match.regex("p-1", regex=r"^p-[0-9]+$"),
    "order_id": match.regex("o-1", regex=r"^o-[0-9]+$"),
    "status": match.str("pending"),
    "amount": {"value": match.int(1999), "currency": "EUR"},
}


NEW_PAYMENT = {
    "order_id": match.regex("o-1", regex=r"^o-[0-9]+$"),
    "amount": {"value": match.int(1999), "currency": match.regex("EUR", regex=r"^(EUR|USD|GBP)$")},
}


def test_charges_an_order(accord_pact, monkeypatch: pytest.MonkeyPatch) -> None:
    pact = accord_pact("payments")
    (
        pact.upon_receiving("a request to charge an order")
        .given("no payments exist")
        .with_request("POST", "/payments")
        # Matchers, not values: any order and amount orders sends is this same interaction.
        .with_body(NEW_PAYMENT, "application/json")
        .will_respond_with(201)
        .with_body(PAYMENT, "application/json")
    )
    with accord_pact.serve(pact) as url:
        monkeypatch.setenv("PAYMENTS_URL", url)
        payment = payments_client.create_payment("o-1", 1999)
    assert payment["id"] == "p-1"
    assert payment["status"] == "pending"


def test_reads_a_settled_payment(accord_pact, monkeypatch: pytest.MonkeyPatch) -> None:
    pact = accord_pact("payments")
    (
        pact.upon_receiving("a request for a settled payment")
        .given("a payment exists", id="p-1", order_id="o-1", status="settled")
        .with_request("GET", "/payments/p-1")
        .will_respond_with(200)
        .with_body({**PAYMENT, "status": "settled"}, "application/json")
    )
    with accord_pact.serve(pact) as url:
        monkeypatch.setenv("PAYMENTS_URL", url)
        payment = payments_client.get_payment("p-1")
    assert payment is not None
    assert payment["status"] == "settled"


def test_an_unknown_payment_is_none(accord_pact, monkeypatch: pytest.MonkeyPatch) -> None:
    pact = accord_pact("payments")
    (
        pact.upon_receiving("a request for a payment that does not exist")
        .given("no payments exist")
        .with_request("GET", "/payments/p-404")
        .will_respond_with(404)
    )
    with accord_pact.serve(pact) as url:
        monkeypatch.setenv("PAYMENTS_URL", url)
        assert payments_client.get_payment("p-404") is None
