"""Fixtures of the orders service's tests: the app, and a payments dependency that is always a mock."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

# accord's fixtures (accord_mock); the pytest11 entry point loads them when accord is installed.
pytest_plugins = (
    []
    if any(ep.value == "accord.pytest_plugin" for ep in entry_points(group="pytest11"))
    else ["accord.pytest_plugin"]
)

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
