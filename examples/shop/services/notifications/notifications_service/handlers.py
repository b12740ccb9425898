"""Notifications: turn events from the broker into messages for customers."""

from __future__ import annotations

from typing import Any


def on_payment_settled(event: dict[str, Any]) -> str:
    """The text sent to the customer when the payment of their order settled."""
    order_id = event["order_id"]
    if not isinstance(order_id, str):
        raise TypeError(f"order_id must be a string, got {order_id!r}")
    return f"Your order {order_id} is paid. Thank you!"
