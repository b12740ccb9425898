"""Events payments publishes on the broker, built by plain functions the publisher and pacts share."""

from __future__ import annotations

from typing import Any

from payments_service.app import Money, Payment


def payment_settled(payment: Payment) -> dict[str, Any]:
    """The `payment.settled` event of a payment."""
    return {"payment_id": payment.id, "order_id": payment.order_id, "amount": payment.amount.value}


def _example_settled_payment() -> dict[str, Any]:
    payment = Payment(id="p-7", order_id="o-3", status="settled", amount=Money(value=2500, currency="EUR"))
    return payment_settled(payment)


# What `accord pact verify payments` calls to produce each message a consumer's pact expects,
# keyed by the interaction's description.
pact_messages = {"a payment.settled event": _example_settled_payment}
