"""In-process mocks: respx routes httpx calls to the contract's mock; single responses can be overridden."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import httpx
import pytest
import respx

from accord.errors import ConfigError
from accord.manifest import find_workspace
from accord.mocks import mock_service

# accord's fixtures; once accord is installed, its pytest11 entry point has loaded them already
pytest_plugins = (
    []
    if any(ep.value == "accord.pytest_plugin" for ep in entry_points(group="pytest11"))
    else ["accord.pytest_plugin"]
)
SRC = Path(__file__).resolve().parents[2] / "src"


def test_calls_to_the_base_url_are_answered_by_the_contract_mock(features: Path) -> None:
    with mock_service(features) as widgets:
        assert widgets.base_url == "http://features.test/api"  # the contract's first server
        ok = httpx.get(f"{widgets.base_url}/widgets/w-1", headers={"X-Api-Key": "k"})
        rejected = httpx.post(f"{widgets.base_url}/widgets", json={"name": ""}, headers={"X-Api-Key": "k"})

    assert ok.json()["id"] == "w-7"
    assert rejected.status_code == 422
    assert [(r.method, r.path, s.status) for r, s in widgets.calls] == [
        ("GET", "/widgets/w-1", 200),
        ("POST", "/widgets", 422),
    ]


def test_async_clients_are_routed_too(features: Path) -> None:
    import asyncio

    async def fetch(base_url: str) -> httpx.Response:
        async with httpx.AsyncClient(base_url=base_url) as client:
            return await client.get("/shapes")

    with mock_service(features, "http://widgets.internal") as widgets:
        response = asyncio.run(fetch(widgets.base_url))

    assert response.status_code == 200

    assert "shapes" in response.json()


def test_a_service_name_without_a_workspace_says_what_to_pass() -> None:
    with pytest.raises(ConfigError, match="no workspace was given") as raised, mock_service("payments"):
        pass
    assert "find_workspace()" in (raised.value.hint or "")


def test_overrides_replace_single_responses_until_cleared(features: Path) -> None:
    with mock_service(features, "http://widgets.internal") as widgets:
        down_body = {"code": 503, "message": "down"}
        widgets.override("GET", "/widgets/{widgetId}", status=503, json_body=down_body, validate=False)
        down = httpx.get("http://widgets.internal/widgets/w-1", headers={"X-Api-Key": "k"})
        other = httpx.get("http://widgets.internal/shapes")
        widgets.clear_overrides()
        back = httpx.get("http://widgets.internal/widgets/w-1", headers={"X-Api-Key": "k"})

    assert (down.status_code, down.json()) == (503, {"code": 503, "message": "down"})
    assert other.status_code == 200
    assert back.status_code == 200


def test_other_hosts_are_not_silently_answered(features: Path) -> None:
    with (
        mock_service(features, "http://widgets.internal"),
        pytest.raises(respx.models.AllMockedAssertionError),
    ):
        httpx.get("http://elsewhere.internal/")


def test_a_service_of_the_manifest_by_name(example_system: Path) -> None:
    with mock_service("payments", workspace=find_workspace(explicit=example_system)) as payments:
        response = httpx.get(f"{payments.base_url}/payments/p-1")
    assert payments.base_url == "http://127.0.0.1:8002"
    assert response.status_code == 200


def test_the_accord_mock_fixture(
    accord_mock: object, features: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    widgets = accord_mock(features, "http://widgets.fixture", env="WIDGETS_URL")  # type: ignore[operator]

    assert os.environ["WIDGETS_URL"] == "http://widgets.fixture"
    assert httpx.get(f"{widgets.base_url}/shapes").status_code == 200


@pytest.mark.integration
def test_the_example_service_tests_pass_with_payments_mocked_in_process(example_system: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PAYMENTS_URL"}
    env["PYTHONPATH"] = str(SRC)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=example_system / "services" / "orders",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 passed" in done.stdout  # 5 API tests against the mock, 3 consumer pact tests
