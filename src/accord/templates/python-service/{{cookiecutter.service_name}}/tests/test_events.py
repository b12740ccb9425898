"""Broker tests with FastStream's in-memory test broker, and asyncapi.yaml against the code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }} import events

CONTRACT = Path(__file__).resolve().parent.parent / "asyncapi.yaml"
{%- if "http" in cookiecutter.api %}


def test_creating_an_item_publishes_an_event(client: TestClient) -> None:
    item = client.post("{{ cookiecutter.route }}/items", json={"name": "boxed"}).json()
    events.item_created.mock.assert_called_once_with({"id": item["id"], "name": "boxed"})


def test_memory_mode_publishes_without_a_broker_server(monkeypatch: Any) -> None:
    from {{ cookiecutter.package_name }}.app import app
    from {{ cookiecutter.package_name }}.settings import get_settings

    # BROKER_MODE=memory: the app runs FastStream's in-memory broker itself (no fixture patches it).
    monkeypatch.setattr(get_settings(), "broker_mode", "memory")
    with TestClient(app) as client:
        response = client.post("{{ cookiecutter.route }}/items", json={"name": "boxed"})
        assert response.status_code == 201
        events.item_created.mock.assert_called_once_with({"id": response.json()["id"], "name": "boxed"})
{%- endif %}


def test_subscribed_events_are_received(test_broker: Any, client: TestClient) -> None:
    for event in events.SUBSCRIBES:
        test_broker.publish({"id": "42"}, **_destination(event))
    received = client.get("{{ cookiecutter.route }}/events").json()
    assert received == [{"event": e, "body": {"id": "42"}} for e in events.SUBSCRIBES]


def _destination(event: str) -> dict[str, Any]:
{%- if cookiecutter.broker == "rabbitmq" %}
    return {"routing_key": event, "exchange": events.EVENTS}
{%- elif cookiecutter.broker == "kafka" %}
    return {"topic": event}
{%- elif cookiecutter.broker == "nats" %}
    return {"subject": event}
{%- else %}
    return {"channel": event}
{%- endif %}


def _pointer(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _strip(schema: Any) -> Any:
    """Schema without the titles pydantic adds."""
    if isinstance(schema, dict):
        return {k: _strip(v) for k, v in schema.items() if k not in {"title", "description"}}
    if isinstance(schema, list):
        return [_strip(v) for v in schema]
    return schema


def _channels(document: dict[str, Any]) -> dict[tuple[str, str], list[Any]]:
    """(action, address) -> payload schemas, for every operation of an AsyncAPI 3 document."""
    found: dict[tuple[str, str], list[Any]] = {}
    for operation in document.get("operations", {}).values():
        channel = _pointer(document, operation["channel"]["$ref"])
        payloads = []
        for ref in operation.get("messages", []):
            message = _pointer(document, ref["$ref"])
            message = _pointer(document, message["$ref"]) if "$ref" in message else message
            payloads.append(_strip(_deref(document, message["payload"])))
        found[(operation["action"], channel["address"])] = payloads
    return found


def _deref(document: dict[str, Any], node: Any) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _deref(document, _pointer(document, node["$ref"]))
        return {k: _deref(document, v) for k, v in node.items()}
    if isinstance(node, list):
        return [_deref(document, v) for v in node]
    return node


def test_asyncapi_contract_matches_the_code() -> None:
    contract = yaml.safe_load(CONTRACT.read_text())
    assert contract["asyncapi"] == "3.0.0"
    assert _channels(contract) == _channels(events.asyncapi_document())
