"""Provider states for pact verification: put payments into the state a consumer's pact assumes."""

from __future__ import annotations

from typing import Any

from payments_service.app import Money, Payment, reset


def provider_state(state: str, action: str, parameters: dict[str, Any] | None = None) -> None:
    """Called by `accord pact verify` before (setup) and after (teardown) each interaction."""
    reset()
    if action != "setup":
        return
    params = dict(parameters or {})
    if state == "a payment exists":
        payment = Payment(
            id=params.get("id", "p-1"),
            order_id=params.get("order_id", "o-1"),
            status=params.get("status", "settled"),
            amount=Money(value=params.get("value", 1999), currency=params.get("currency", "EUR")),
        )
        reset({payment.id: payment})
