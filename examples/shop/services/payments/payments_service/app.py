"""Payments: charges orders. In memory, so the example runs anywhere."""

from __future__ import annotations

import itertools
from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI(title="Payments", version="2.0.0")


def _problem(status: int, title: str, detail: object, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"title": title, "status": status, "detail": detail if isinstance(detail, str) else str(detail)}
    return JSONResponse(body, status, headers=headers, media_type="application/problem+json")


@app.exception_handler(StarletteHTTPException)
async def http_problem(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Errors are application/problem+json, as the contract says."""
    title = HTTPStatus(exc.status_code).phrase
    return _problem(exc.status_code, title, exc.detail, dict(exc.headers or {}))


@app.exception_handler(RequestValidationError)
async def validation_problem(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A bad body is 422; a bad query or path parameter is 400."""
    status = 422 if any(error["loc"][:1] == ("body",) for error in exc.errors()) else 400
    return _problem(status, HTTPStatus(status).phrase, exc.errors())


def _reject_bool(value: object) -> object:
    """JSON Schema's integer takes 1.0 but never `true`; pydantic's lax int takes both."""
    if isinstance(value, bool):
        raise ValueError("must be an integer, not a boolean")
    return value


Integer = Annotated[int, BeforeValidator(_reject_bool)]


class Money(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Integer = Field(ge=0)
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
