"""Fixtures of the gRPC tests: the shop's orders contract compiled by accord, and servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.contracts.grpc_model import GrpcContract, load_grpc_contract
from accord.mocks.grpc import GrpcMockServer, grpc_mock

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "grpc"
ORDERS = FIXTURES / "shop" / "v1" / "orders.proto"
SERVICE = "shop.v1.OrdersService"


@pytest.fixture(scope="session")
def orders() -> GrpcContract:
    return load_grpc_contract([ORDERS], [FIXTURES])


@pytest.fixture
def orders_mock(orders: GrpcContract) -> Iterator[str]:
    """The mock of the orders contract, serving; yields its host:port."""
    with GrpcMockServer([(grpc_mock("orders", orders, seed=0), None)]) as ports:
        yield f"127.0.0.1:{ports[0]}"
