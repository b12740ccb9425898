"""Faults of the mock server on 127.0.0.1 and of the in-process mock, as httpx meets them."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from pathlib import Path

import httpx
import jsonschema
import pytest
import yaml

from accord.errors import ConfigError
from accord.mocks import mock_service
from accord.mocks.faults import FaultInjector, FaultPlan, parse_faults, parse_latency
from accord.mocks.runner import MockRunner, MockSpec
from tests.mocks.test_cli import ACCORD, ENV, free_port, wait_until_up

Serve = Callable[..., AbstractContextManager[str]]


@pytest.fixture
def stock(fixtures: Path) -> Path:
    return fixtures / "mocks" / "stock.yaml"


def plan(**options: object) -> FaultPlan:
    made = FaultPlan.from_options(**options)  # type: ignore[arg-type]
    assert made is not None
    return made


def test_a_fixed_latency_delays_every_answer(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock, faults=plan(latency="300ms")) as url:
        httpx.get(f"{url}/stock/a-1")  # the first answer is built and cached
        began = time.monotonic()
        response = httpx.get(f"{url}/stock/a-1")
        took = time.monotonic() - began
    assert response.status_code == 200
    assert took >= 0.29  # the delay was kept (its accuracy under load is a benchmark)


def test_the_same_seed_draws_the_same_faults() -> None:
    ranged = plan(latency="100ms..900ms", error_rate=0.3, faults=["reset=0.2"])
    injectors = [FaultInjector(ranged, seed=seed) for seed in (7, 7, 8)]
    draws = [[injector.decide(ranged, {}) for _ in range(50)] for injector in injectors]
    assert draws[0] == draws[1]
    assert draws[0] != draws[2]
    delays = [d.delay for d in draws[0] if d is not None]
    assert all(0.1 <= d <= 0.9 for d in delays) and len(set(delays)) > 40
    faults = [d.fault for d in draws[0] if d is not None]
    assert 5 <= faults.count("error") <= 25 and 2 <= faults.count("reset") <= 20


def test_an_error_is_answered_in_the_shape_the_contract_declares(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock, faults=plan(error_rate=1.0)) as url:
        response = httpx.get(f"{url}/stock/a-1")
    assert response.status_code == 503  # the operation's declared 5xx
    declared = yaml.safe_load(stock.read_text())["components"]["schemas"]["Unavailable"]
    jsonschema.validate(response.json(), declared)


def test_prefer_aims_a_reset_at_one_call(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock) as url, httpx.Client() as client:
        with pytest.raises(httpx.ReadError, match="reset by peer"):
            client.get(f"{url}/stock/a-1", headers={"Prefer": "fault=reset"})
        assert client.get(f"{url}/stock/a-1").status_code == 200  # the next call is answered


def test_a_hang_lasts_until_the_client_gives_up(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock) as url:
        began = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{url}/stock/a-1", headers={"Prefer": "fault=hang"}, timeout=0.4)
        assert time.monotonic() - began < 3  # it ended with the client, not with the mock
        assert httpx.get(f"{url}/stock/a-1").status_code == 200


def test_a_slow_body_trickles_and_a_malformed_one_does_not_parse(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock, faults=plan(faults=["slow-body"])) as url:
        began = time.monotonic()
        slow = httpx.get(f"{url}/stock/a-1")
        assert time.monotonic() - began > 1.5
        assert slow.json()["sku"]  # whole, only late
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(f"{url}/stock/a-1", timeout=httpx.Timeout(5.0, read=0.3))
        broken = httpx.get(f"{url}/stock/a-1", headers={"Prefer": "fault=malformed"})
    assert broken.status_code == 200
    with pytest.raises(ValueError):
        broken.json()


def test_faults_per_operation(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock, operation_faults={"reserveStock": plan(error_rate=1.0, error_status=500)}) as url:
        assert httpx.get(f"{url}/stock/a-1").status_code == 200
        assert httpx.post(f"{url}/stock", json={"sku": "a-1"}).status_code == 500


def test_a_down_dependency_refuses_connections(stock: Path) -> None:
    runner = MockRunner([MockSpec("stock", "openapi", stock, faults=plan(down=True))])
    with runner as running, pytest.raises(httpx.ConnectError):
        httpx.get(f"{running[0].url}/stock/a-1")


def test_a_hanging_request_does_not_outlive_the_mock(stock: Path) -> None:
    errors: list[BaseException] = []
    runner = MockRunner([MockSpec("stock", "openapi", stock)])
    url = runner.start()[0].url

    def hang() -> None:
        try:
            httpx.get(f"{url}/stock/a-1", headers={"Prefer": "fault=hang"}, timeout=60)
        except httpx.HTTPError as exc:
            errors.append(exc)

    client = threading.Thread(target=hang)
    client.start()
    time.sleep(0.3)
    began = time.monotonic()
    runner.stop()
    client.join(timeout=10)
    assert time.monotonic() - began < 3
    assert not client.is_alive()
    assert errors and isinstance(errors[0], httpx.TransportError)


def test_in_process_faults_raise_what_httpx_raises_against_a_server(stock: Path) -> None:
    with mock_service(stock, "http://stock.test") as mocked:
        with pytest.raises(httpx.ReadError):
            httpx.get("http://stock.test/stock/a-1", headers={"Prefer": "fault=reset"})
        with pytest.raises(httpx.ReadTimeout):
            httpx.get("http://stock.test/stock/a-1", headers={"Prefer": "fault=hang"}, timeout=0.1)
        assert httpx.get("http://stock.test/stock/a-1").status_code == 200
        failed = httpx.get("http://stock.test/stock/a-1", headers={"Prefer": "fault=error"})
        assert failed.status_code == 503 and failed.json()["code"] == "WAREHOUSE_DOWN"
        assert len(mocked.calls) == 2
    with (
        mock_service(stock, "http://stock.test", faults=plan(down=True)),
        pytest.raises(httpx.ConnectError),
    ):
        httpx.get("http://stock.test/stock/a-1")
    with (
        mock_service(stock, "http://stock.test", faults=plan(latency="500ms")),
        pytest.raises(httpx.ReadTimeout),
    ):
        httpx.get("http://stock.test/stock/a-1", timeout=0.2)


@pytest.mark.parametrize(
    ("parse", "text", "error"),
    [
        (parse_latency, "800ms..200ms", "ends before it starts"),
        (parse_latency, "soon", "is not a duration"),
        (lambda t: parse_faults([t]), "explode", "unknown fault 'explode'"),
        (lambda t: parse_faults([t]), "reset=0.7,hang=0.6", "add up to 1.3"),
        (lambda t: parse_faults([t]), "reset=often", "not a number"),
    ],
)
def test_bad_fault_options_are_refused(parse: Callable[[str], object], text: str, error: str) -> None:
    with pytest.raises(ConfigError, match=error):
        parse(text)


def test_a_bad_prefer_header_is_a_400(serve_mock: Serve, stock: Path) -> None:
    with serve_mock(stock) as url:
        response = httpx.get(f"{url}/stock/a-1", headers={"Prefer": "fault=meteor"})
    assert response.status_code == 400
    assert "unknown fault 'meteor'" in response.json()["detail"]


@pytest.mark.integration
def test_serve_with_fault_options_logs_them_and_stops_on_ctrl_c_during_a_hang(stock: Path) -> None:
    port = free_port()
    command = [*ACCORD, "mocks", "serve", str(stock), "--port", str(port), "--latency", "50ms"]
    command += ["--faults", "hang=0.5", "--seed", "3"]
    process = subprocess.Popen(command, env=ENV, stderr=subprocess.PIPE, text=True)
    hung = threading.Thread(target=_calls, args=(f"http://127.0.0.1:{port}", 6))
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        hung.start()
        time.sleep(1.5)
    finally:
        began = time.monotonic()
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert time.monotonic() - began < 5
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "GET /stock/a-0 -> " in err and "after 50 ms" in err
    hung.join(timeout=10)


def test_serve_refuses_bad_fault_options(stock: Path) -> None:
    done = subprocess.run(
        [*ACCORD, "mocks", "serve", str(stock), "--faults", "reset,explode"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "unknown fault 'explode'" in done.stderr
    assert "Traceback" not in done.stderr


def _calls(url: str, count: int) -> None:
    """Calls one after the other; some hang until the mock stops."""
    for index in range(count):
        with suppress(httpx.HTTPError):
            httpx.get(f"{url}/stock/a-{index}", timeout=60)
