"""gRPC conformance: generated requests on every RPC; failures found on real servers, each with
the request as JSON and a grpcurl line."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent import futures

import grpc
import pytest
from google.protobuf import json_format

from accord.contracts.grpc_conformance import GrpcOptions, GrpcProvider, check_grpc_provider
from accord.contracts.grpc_model import GrpcContract
from accord.contracts.grpc_strategies import message_strategy
from accord.errors import ToolError
from tests.grpc_services.conftest import SERVICE


def test_the_mock_conforms_to_its_own_contract(orders: GrpcContract, orders_mock: str) -> None:
    result = check_grpc_provider(
        GrpcProvider("orders", orders, orders_mock), GrpcOptions(max_examples=10, seed=3)
    )
    assert result.findings == []
    assert result.calls == 40  # 10 per RPC, 4 RPCs


def _broken_server(orders: GrpcContract) -> grpc.Server:
    """GetOrder raises, ListOrders answers bytes that are no message, PlaceOrder is too slow and
    WatchOrders is missing: one failure of each kind."""
    answer = orders.message_class(orders.rpc(f"/{SERVICE}/PlaceOrder").output)()

    def raises(request: bytes, context: object) -> bytes:
        raise RuntimeError("the database is gone")

    def garbage(request: bytes, context: object) -> Iterator[bytes]:
        yield b"\x0a\x05\x0a"  # field 1, length 5, then only one byte

    def slow(requests: Iterator[bytes], context: object) -> bytes:
        list(requests)
        time.sleep(1.0)
        return answer.SerializeToString()

    handlers = {
        "GetOrder": grpc.unary_unary_rpc_method_handler(raises),
        "ListOrders": grpc.unary_stream_rpc_method_handler(garbage),
        "PlaceOrder": grpc.stream_unary_rpc_method_handler(slow),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(SERVICE, handlers),))
    return server


@pytest.fixture
def broken(orders: GrpcContract) -> Iterator[str]:
    server = _broken_server(orders)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(0)


def test_each_kind_of_failure_is_one_finding_with_a_reproduction(orders: GrpcContract, broken: str) -> None:
    options = GrpcOptions(max_examples=3, seed=5, deadline=0.3)
    result = check_grpc_provider(GrpcProvider("orders", orders, broken), options)
    by_rpc = {f.pointer: f for f in result.findings}
    assert {f.pointer: f.rule for f in result.findings} == {
        "/services/OrdersService/rpcs/GetOrder": "grpc.server-error",
        "/services/OrdersService/rpcs/ListOrders": "grpc.undecodable-response",
        "/services/OrdersService/rpcs/PlaceOrder": "grpc.deadline-exceeded",
        "/services/OrdersService/rpcs/WatchOrders": "grpc.unimplemented",
    }
    raised = by_rpc["/services/OrdersService/rpcs/GetOrder"]
    assert raised.file is not None and raised.file.endswith("orders.proto")
    assert raised.line == 11  # the line of `rpc GetOrder(`
    assert "the database is gone" in raised.message
    request = raised.message.split("request: ", 1)[1].split("\n", 1)[0]
    json_format.ParseDict(
        json.loads(request), orders.message_class(orders.rpc(f"/{SERVICE}/GetOrder").input)()
    )
    assert f"grpcurl -plaintext -d '{request}' {broken} {SERVICE}/GetOrder" in raised.message


def test_the_grpcurl_line_quotes_a_request_with_quotes(orders: GrpcContract, broken: str) -> None:
    result = check_grpc_provider(
        GrpcProvider("orders", orders, broken), GrpcOptions(max_examples=25, seed=11, deadline=0.2)
    )
    for finding in result.findings:
        line = finding.message.split("reproduce: ", 1)[1]
        assert line.startswith("grpcurl -plaintext -d '") and line.count(broken) == 1


def test_an_unreachable_target_is_a_tool_error(orders: GrpcContract) -> None:
    from accord.apps import free_port

    target = f"127.0.0.1:{free_port()}"
    with pytest.raises(ToolError, match="cannot reach the gRPC server"):
        check_grpc_provider(GrpcProvider("orders", orders, target), GrpcOptions(max_examples=1))


def test_strategies_draw_valid_messages_of_every_field_kind(orders: GrpcContract) -> None:
    from hypothesis import given, settings

    order = orders.pool.FindMessageTypeByName("shop.v1.Order")
    seen: set[str] = set()

    @settings(max_examples=200, database=None, deadline=None)
    @given(message_strategy(orders, order))
    def check(message: object) -> None:
        raw = message.SerializeToString()  # type: ignore[attr-defined]
        decoded = orders.message_class(order).FromString(raw)
        json_format.MessageToJson(decoded)  # the reproduction can always be written
        seen.update(field.name for field, _ in decoded.ListFields())

    check()
    # Over 200 draws every field shows up, and both members of the oneof.
    assert {"lines", "labels", "placed_at", "card_token", "voucher_code", "note", "status"} <= seen
