"""Payments: charges orders. In memory, so the example runs anywhere."""

from __future__ import annotations

import itertools
from typing import Literal

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field

app = FastAPI(title="Payments", version="2.0.0")


class Money(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: int = Field(ge=0)
    currency: Literal["EUR", "USD", "GBP"]


class NewPayment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    order_id: str = Field(pattern=r"^o-[0-9]+$")
    amount: Money


class Payment(NewPayment):
    id: str
    status: Literal["pending", "settled", "failed"]


_payments: dict[str, Payment] = {}
_ids = itertools.count(1)


def reset(payments: dict[str, Payment] | None = None) -> None:
    """Forget every payment (tests and provider states call this)."""
    _payments.clear()
    _payments.update(payments or {})


@app.post("/payments", status_code=201, response_model=Payment)
def create_payment(body: NewPayment, response: Response) -> Payment:
    payment = Payment(id=f"p-{next(_ids)}", status="pending", **body.model_dump())
    _payments[payment.id] = payment
    response.headers["Location"] = f"/payments/{payment.id}"
    return payment


@app.get("/payments/{payment_id}", response_model=Payment)
def get_payment(payment_id: str) -> Payment:
    if payment_id not in _payments:
        raise HTTPException(404, detail=f"no payment {payment_id}")
    return _payments[payment_id]
