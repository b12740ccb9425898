"""The gRPC mock: a real grpcio server answering every kind of RPC, with reflection and health."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import json_format
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.grpc_model import GrpcContract, load_grpc_contract
from accord.errors import ContractError, InputError
from accord.mocks.grpc import GrpcMockServer, grpc_mock
from tests.grpc_services.conftest import FIXTURES, ORDERS, SERVICE


def _decoded(contract: GrpcContract, method: str, raw: bytes) -> dict[str, object]:
    output = contract.rpc(f"/{SERVICE}/{method}").output
    return json_format.MessageToDict(contract.message_class(output).FromString(raw))


def test_every_rpc_kind_answers_with_messages_of_its_output_type(
    orders: GrpcContract, orders_mock: str
) -> None:
    with grpc.insecure_channel(orders_mock) as channel:
        unary = channel.unary_unary(f"/{SERVICE}/GetOrder")(b"", timeout=5)
        stream = list(channel.unary_stream(f"/{SERVICE}/ListOrders")(b"", timeout=5))
        client = channel.stream_unary(f"/{SERVICE}/PlaceOrder")(iter([b"", b""]), timeout=5)
        bidi = list(channel.stream_stream(f"/{SERVICE}/WatchOrders")(iter([b"", b"", b""]), timeout=5))
    order = _decoded(orders, "GetOrder", unary)["order"]
    assert isinstance(order, dict)
    # Every kind of field is filled: nested, repeated, enum, map, well-known type, one oneof member.
    assert {"id", "lines", "status", "labels", "placedAt", "cardToken", "note", "totalCents"} <= set(order)
    assert "voucherCode" not in order
    assert len(stream) == 2 and all(_decoded(orders, "ListOrders", raw)["order"] for raw in stream)
    assert _decoded(orders, "PlaceOrder", client)["order"]
    assert len(bidi) == 3  # one answer per message received


def test_same_seed_same_data_and_another_seed_other_data(orders: GrpcContract) -> None:
    first = grpc_mock("orders", orders, seed=1).answers
    assert grpc_mock("orders", orders, seed=1).answers == first
    assert grpc_mock("orders", orders, seed=2).answers != first


def test_requests_that_do_not_decode_are_refused(orders_mock: str) -> None:
    with grpc.insecure_channel(orders_mock) as channel, pytest.raises(grpc.RpcError) as refused:
        channel.unary_unary(f"/{SERVICE}/GetOrder")(b"\xff\xff\xff", timeout=5)
    assert refused.value.code() is not grpc.StatusCode.OK


@pytest.mark.parametrize("status", ["NOT_FOUND", "permission_denied", "UNAVAILABLE"])
def test_x_accord_status_metadata_answers_with_that_status(orders_mock: str, status: str) -> None:
    with grpc.insecure_channel(orders_mock) as channel, pytest.raises(grpc.RpcError) as answered:
        channel.unary_unary(f"/{SERVICE}/GetOrder")(b"", metadata=[("x-accord-status", status)], timeout=5)
    assert answered.value.code().name == status.upper()


def test_health_and_reflection_serve_grpcurl_style_clients(orders_mock: str) -> None:
    with grpc.insecure_channel(orders_mock) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        checked = health.Check(health_pb2.HealthCheckRequest(service=SERVICE), timeout=5)
        assert checked.status == health_pb2.HealthCheckResponse.SERVING
        ask = [
            reflection_pb2.ServerReflectionRequest(list_services=""),
            reflection_pb2.ServerReflectionRequest(file_containing_symbol=SERVICE),
        ]
        answers = list(
            reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(iter(ask), timeout=5)
        )
    names = {service.name for service in answers[0].list_services_response.service}
    assert {SERVICE, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"} <= names
    assert answers[1].file_descriptor_response.file_descriptor_proto  # the .proto, for grpcurl describe


def _beside(folder: str, tmp_path: Path) -> Path:
    """The orders proto with the examples file of fixtures/grpc/FOLDER beside it."""
    shutil.copy(ORDERS, tmp_path / "orders.proto")
    shutil.copy(FIXTURES / folder / "orders.examples.yaml", tmp_path)
    return tmp_path / "orders.proto"


def test_examples_beside_the_proto_are_the_answers(tmp_path: Path) -> None:
    contract = load_grpc_contract([_beside("examples", tmp_path)])
    mock = grpc_mock("orders", contract)
    with GrpcMockServer([(mock, None)]) as ports, grpc.insecure_channel(f"127.0.0.1:{ports[0]}") as channel:
        unary = channel.unary_unary(f"/{SERVICE}/GetOrder")(b"", timeout=5)
        stream = list(channel.unary_stream(f"/{SERVICE}/ListOrders")(b"", timeout=5))
    assert _decoded(contract, "GetOrder", unary) == {
        "order": {
            "id": "ord-1",
            "customerId": "cust-7",
            "status": "ORDER_STATUS_SHIPPED",
            "totalCents": "4200",
        }
    }
    assert [_decoded(contract, "ListOrders", raw)["order"] for raw in stream] == [
        {"id": "ord-1"},
        {"id": "ord-2"},
        {"id": "ord-3"},
    ]


def test_an_example_that_is_not_the_message_names_file_line_and_field(tmp_path: Path) -> None:
    contract = load_grpc_contract([_beside("broken", tmp_path)])
    with pytest.raises(InputError) as error:
        grpc_mock("orders", contract)
    assert error.value.file is not None and str(error.value.file).endswith("orders.examples.yaml")
    assert error.value.line == 3
    assert "quantity_of_nothing" in str(error.value)


def test_a_proto_without_services_is_a_contract_error() -> None:
    with pytest.raises(ContractError, match="no service with an rpc"):
        load_grpc_contract([FIXTURES / "no_service.proto"])


@pytest.mark.parametrize(
    ("argument", "complaint"),
    [("missing.proto", "no such .proto file"), ("no_service.proto", "no service with an rpc")],
)
def test_mocks_serve_refuses_broken_protos_with_exit_2(tmp_path: Path, argument: str, complaint: str) -> None:
    shutil.copy(FIXTURES / "no_service.proto", tmp_path)
    result = CliRunner().invoke(app, ["mocks", "serve", str(tmp_path / argument)])
    assert result.exit_code == 2, result.output
    assert complaint in result.output
    assert "Traceback" not in result.output


def test_mocks_serve_reports_protoc_errors_with_their_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.proto"
    broken.write_text(
        'syntax = "proto3";\npackage a;\nservice S {\n  rpc Get(Missing) returns (Missing);\n}\n'
    )
    result = CliRunner().invoke(app, ["mocks", "serve", str(broken)])
    assert result.exit_code == 2, result.output
    assert "broken.proto" in result.output and ":4" in result.output


def test_the_pytest_fixture_serves_the_mock_in_process(accord_grpc_mock: Any, orders: GrpcContract) -> None:
    import os

    mock = accord_grpc_mock(str(ORDERS), env="ORDERS_GRPC_TARGET", seed=4)
    assert os.environ["ORDERS_GRPC_TARGET"] == mock.target
    with grpc.insecure_channel(mock.target) as channel:
        answer = channel.unary_unary(f"/{SERVICE}/GetOrder")(b"", timeout=5)
    assert answer == grpc_mock("orders", orders, seed=4).answers[f"/{SERVICE}/GetOrder"][0]


def test_the_pytest_fixture_refuses_what_is_no_grpc_contract(accord_grpc_mock: Any, tmp_path: Path) -> None:
    from accord.errors import ConfigError
    from accord.manifest import init_manifest

    init_manifest(tmp_path, "shop")
    with pytest.raises(ConfigError, match=r"neither a \.proto file nor a service"):
        accord_grpc_mock("payments", workspace=tmp_path)
