"""The orders service's client of the payments service (found through PAYMENTS_URL)."""

from __future__ import annotations

import os
from typing import Any

import httpx


def payments_url() -> str:
    return os.environ.get("PAYMENTS_URL", "http://127.0.0.1:8002")


def create_payment(order_id: str, amount_cents: int, currency: str = "EUR") -> dict[str, Any]:
    """Ask payments to charge an order; returns the payment it created."""
    response = httpx.post(
        f"{payments_url()}/payments",
        json={"order_id": order_id, "amount": {"value": amount_cents, "currency": currency}},
        timeout=5.0,
    )
    response.raise_for_status()
    payment: dict[str, Any] = response.json()
    return payment


def get_payment(payment_id: str) -> dict[str, Any] | None:
    """One payment, or None when payments does not know it."""
    response = httpx.get(f"{payments_url()}/payments/{payment_id}", timeout=5.0)
    if response.status_code == 404:
        return None
    response.raise_for_status()
    payment: dict[str, Any] = response.json()
    return payment
