"""Fixtures of the orders service's tests: the app, and a payments dependency that is always a mock."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient


def pytest_configure(config: pytest.Config) -> None:
    # accord's fixtures (accord_mock); an installed accord registers them itself.
    from accord.pytest_plugin import ensure_registered

    ensure_registered(config)


SYSTEM = Path(__file__).resolve().parents[2]  # the folder of accord.yaml


@pytest.fixture
def payments_url(accord_mock: Callable[..., Any]) -> Iterator[str]:
    """PAYMENTS_URL from `accord mocks up orders -- pytest`, else a payments mock in process."""
    if os.environ.get("PAYMENTS_URL"):
        yield os.environ["PAYMENTS_URL"]
    else:
        yield accord_mock("payments", workspace=SYSTEM, env="PAYMENTS_URL").base_url


@pytest.fixture
def client(payments_url: str) -> TestClient:
    from orders_service.app import app

    return TestClient(app)
