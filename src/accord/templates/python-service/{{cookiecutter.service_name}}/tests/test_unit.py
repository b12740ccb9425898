"""Unit tests of the HTTP API and the service's building blocks."""

from __future__ import annotations

import json
import logging

from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.log import JsonFormatter
from {{ cookiecutter.package_name }}.settings import Settings

ROUTE = "{{ cookiecutter.route }}"


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_create_then_read_an_item(client: TestClient) -> None:
    created = client.post(f"{ROUTE}/items", json={"name": "first"})
    assert created.status_code == 201
    item = created.json()
    assert item["name"] == "first"
    assert client.get(f"{ROUTE}/items/{item['id']}").json() == item
    assert item in client.get(f"{ROUTE}/items").json()


def test_unknown_item_is_404(client: TestClient) -> None:
    assert client.get(f"{ROUTE}/items/no-such-item").status_code == 404


def test_invalid_item_is_rejected(client: TestClient) -> None:
    assert client.post(f"{ROUTE}/items", json={"name": ""}).status_code == 422
    assert client.post(f"{ROUTE}/items", json={"title": "x"}).status_code == 422


def test_settings_come_from_the_environment(monkeypatch: object) -> None:
    monkeypatch.setenv("PORT", "9123")  # type: ignore[attr-defined]
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")  # type: ignore[attr-defined]
    settings = Settings()
    assert settings.port == 9123
    assert settings.log_level == "DEBUG"


def test_logs_are_json_lines() -> None:
    record = logging.LogRecord("svc", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    record.item_id = "7"
    entry = json.loads(JsonFormatter("{{ cookiecutter.service_name }}").format(record))
    assert entry["message"] == "hello world"
    assert entry["level"] == "info"
    assert entry["service"] == "{{ cookiecutter.service_name }}"
    assert entry["item_id"] == "7"
