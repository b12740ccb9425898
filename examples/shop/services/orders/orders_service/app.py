"""Orders: takes orders and has them paid by the payments service."""

from __future__ import annotations

import itertools
from typing import Literal

from fastapi import FastAPI, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field

from orders_service import payments_client

app = FastAPI(title="Orders", version="1.2.0")


class OrderItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sku: str = Field(pattern=r"^[A-Z0-9-]+$")
    quantity: int = Field(ge=1)
    unit_price: int = Field(ge=0)


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
