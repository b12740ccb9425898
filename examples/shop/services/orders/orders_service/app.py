"""Orders: takes orders and has them paid by the payments service."""

from __future__ import annotations

import itertools
from http import HTTPStatus
from typing import Annotated, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from orders_service import payments_client

app = FastAPI(title="Orders", version="1.2.0")


def _problem(status: int, title: str, detail: object, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"title": title, "status": status, "detail": detail if isinstance(detail, str) else str(detail)}
    return JSONResponse(body, status, headers=headers, media_type="application/problem+json")


@app.exception_handler(StarletteHTTPException)
async def http_problem(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Errors are application/problem+json, as the contract says."""
    title = HTTPStatus(exc.status_code).phrase
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Starlette names only the first route matching the path; /orders has two (GET, POST).
        routes = [r for r in app.routes if isinstance(r, APIRoute)]
        partial = [r for r in routes if r.matches(request.scope)[0] != Match.NONE]
        headers["Allow"] = ", ".join(sorted({m for r in partial for m in r.methods}))
    return _problem(exc.status_code, title, exc.detail, headers)


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


class OrderItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sku: str = Field(pattern=r"^[A-Z0-9-]+$")
    quantity: Integer = Field(ge=1)
    unit_price: Integer = Field(ge=0)


class NewOrder(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: str = Field(min_length=1)
    items: list[OrderItem] = Field(min_length=1)


class Order(NewOrder):
    id: str
    total: int
    status: Literal["pending", "paid", "failed"]
    payment_id: str | None = None


_orders: dict[str, Order] = {}
_ids = itertools.count(1)


@app.get("/orders", response_model=list[Order])
def list_orders(limit: int = Query(20, ge=1, le=100)) -> list[Order]:
    return list(reversed(_orders.values()))[:limit]


@app.post("/orders", status_code=201, response_model=Order)
def create_order(body: NewOrder) -> Order:
    order_id = f"o-{next(_ids)}"
    total = sum(item.quantity * item.unit_price for item in body.items)
    payment = payments_client.create_payment(order_id, total)
    status = "paid" if payment["status"] == "settled" else "pending"
    order = Order(id=order_id, total=total, status=status, payment_id=payment["id"], **body.model_dump())
    _orders[order_id] = order
    return order


@app.get("/orders/{order_id}", response_model=Order)
def get_order(order_id: str) -> Order:
    if order_id not in _orders:
        raise HTTPException(404, detail=f"no order {order_id}")
    return _orders[order_id]
