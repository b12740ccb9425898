"""Consumer pact of notifications with payments: the `payment.settled` event it handles.

Passing tests write pacts/notifications-payments.json (an asynchronous message pact);
`accord pact verify payments` checks that payments' producer still emits such an event.
"""

from __future__ import annotations

from notifications_service.handlers import on_payment_settled

from pact import match


def test_tells_the_customer_a_payment_settled(accord_pact) -> None:
    pact = accord_pact("payments")
    (
        pact.upon_receiving("a payment.settled event", "Async")
        .given("a payment was settled")
        .with_body(
            {"payment_id": match.regex("p-1", regex=r"^p-[0-9]+$"), "order_id": match.str("o-1")},
            "application/json",
        )
    )
    sent: list[str] = []
    accord_pact.deliver(pact, lambda event, metadata: sent.append(on_payment_settled(event)))
    assert sent == ["Your order o-1 is paid. Thank you!"]
