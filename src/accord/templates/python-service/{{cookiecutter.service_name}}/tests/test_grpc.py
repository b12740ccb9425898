"""The gRPC API against a real grpcio server on a free port: items, health, reflection and the
contract (proto/) checked by accord's conformance test (generated requests on every RPC).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from fastapi.testclient import TestClient
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from {{ cookiecutter.package_name }}.v1 import items_pb2, items_pb2_grpc

PROTO = Path(__file__).resolve().parent.parent / "proto"


@pytest.fixture
def channel(client: TestClient) -> Iterator[grpc.Channel]:
    with grpc.insecure_channel(f"127.0.0.1:{client.app.state.grpc_port}") as opened:
        yield opened


def test_create_get_and_list_items(channel: grpc.Channel) -> None:
    stub = items_pb2_grpc.ItemsServiceStub(channel)
    created = stub.CreateItem(items_pb2.CreateItemRequest(name="first"), timeout=5).item
    assert created.name == "first" and created.id
    assert stub.GetItem(items_pb2.GetItemRequest(id=created.id), timeout=5).item == created
    listed = [answer.item for answer in stub.ListItems(items_pb2.ListItemsRequest(), timeout=5)]
    assert created in listed


def test_unknown_item_is_not_found_and_bad_names_are_refused(channel: grpc.Channel) -> None:
    stub = items_pb2_grpc.ItemsServiceStub(channel)
    with pytest.raises(grpc.RpcError) as missing:
        stub.GetItem(items_pb2.GetItemRequest(id="no-such-item"), timeout=5)
    assert missing.value.code() is grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as empty:
        stub.CreateItem(items_pb2.CreateItemRequest(name=""), timeout=5)
    assert empty.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_health_and_reflection(channel: grpc.Channel) -> None:
    checked = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
    assert checked.status == health_pb2.HealthCheckResponse.SERVING
    ask = reflection_pb2.ServerReflectionRequest(list_services="")
    answer = next(reflection_pb2_grpc.ServerReflectionStub(channel).ServerReflectionInfo(iter([ask])))
    names = {service.name for service in answer.list_services_response.service}
    assert "{{ cookiecutter.package_name }}.v1.ItemsService" in names
{%- if cookiecutter.broker != "none" %}


def test_creating_an_item_over_grpc_publishes_an_event(channel: grpc.Channel) -> None:
    from {{ cookiecutter.package_name }} import events

    stub = items_pb2_grpc.ItemsServiceStub(channel)
    item = stub.CreateItem(items_pb2.CreateItemRequest(name="boxed"), timeout=5).item
    events.item_created.mock.assert_called_once_with({"id": item.id, "name": "boxed"})
{%- endif %}


def test_the_server_conforms_to_its_proto(client: TestClient) -> None:
    from accord.contracts.grpc_conformance import GrpcOptions, GrpcProvider, check_grpc_provider
    from accord.contracts.grpc_model import load_grpc_contract

    contract = load_grpc_contract(sorted(PROTO.rglob("*.proto")), [PROTO])
    target = f"127.0.0.1:{client.app.state.grpc_port}"
    provider = GrpcProvider("{{ cookiecutter.service_name }}", contract, target)
    result = check_grpc_provider(provider, GrpcOptions(max_examples=15, seed=0))
    assert result.findings == [], "\n".join(f.message for f in result.findings)
