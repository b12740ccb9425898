"""Importing service apps by spec and serving them on a real port."""

from __future__ import annotations

import httpx
import pytest

from accord.apps import load_app, serve_app
from accord.errors import ConfigError
from tests.conftest import EXAMPLE


def test_example_payments_app_is_served_on_a_free_port() -> None:
    app = load_app("payments_service.app:app", EXAMPLE / "services" / "payments")
    with serve_app(app) as base_url:
        created = httpx.post(
            f"{base_url}/payments", json={"order_id": "o-1", "amount": {"value": 5, "currency": "EUR"}}
        )
        assert created.status_code == 201
        assert httpx.get(f"{base_url}{created.headers['location']}").json()["order_id"] == "o-1"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("no_colon", "not an app spec"),
        ("no_such_module_x:app", "cannot import"),
        ("json:nothing", "no attribute"),
    ],
)
def test_bad_app_specs_are_config_errors(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_app(spec)
