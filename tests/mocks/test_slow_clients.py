"""Slow and idle clients cannot starve a mock: a request deadline, a connection cap, a resource cap."""

from __future__ import annotations

import resource
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

import httpx
import pytest

from accord.apps import free_port
from accord.mocks.runner import MockRunner, MockSpec, ServerLimits
from tests.mocks.test_cli import ACCORD, ENV, wait_until_up

AUTH = {"X-Api-Key": "k", "X-Request-Id": "5b3e0d4e-9d7f-4c1e-9a53-0c1f1f9b7a10"}
OPEN_FILES = 64  # the mock's own limit of open files in the first test: far below the idle sockets


def idle_sockets(stack: ExitStack, port: int, count: int, first_bytes: bytes = b"") -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        sock = stack.enter_context(socket.create_connection(("127.0.0.1", port), timeout=5))
        if first_bytes:
            sock.sendall(first_bytes)
        sockets.append(sock)
    return sockets


def closed_by_server(sock: socket.socket, within: float) -> float | None:
    """Seconds until the server closed `sock`, or None if it stayed open `within` seconds."""
    start = time.monotonic()
    sock.settimeout(within)
    try:
        data = sock.recv(1024)
    except TimeoutError:
        return None
    except ConnectionResetError:
        data = b""
    return time.monotonic() - start if data == b"" else None


def serve_with_few_files(features: Path, port: int, *options: str) -> subprocess.Popen[str]:
    def limit_open_files() -> None:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, hard))

    return subprocess.Popen(
        [*ACCORD, "mocks", "serve", str(features), "--port", str(port), *options],
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit_open_files,
    )


@pytest.fixture
def few_files_mock(features: Path) -> Iterator[int]:
    port = free_port()
    process = serve_with_few_files(features, port, "--max-connections", "24", "--request-timeout", "60")
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        yield port
    finally:
        process.terminate()
        process.communicate(timeout=20)


@pytest.mark.integration
def test_more_idle_sockets_than_open_files_do_not_block_a_normal_request(few_files_mock: int) -> None:
    with ExitStack() as stack:
        idle_sockets(stack, few_files_mock, 2 * OPEN_FILES)
        idle_sockets(stack, few_files_mock, 10, b"GET /widgets HTTP/1.1\r\nHost: slow\r\n")
        start = time.monotonic()
        response = httpx.get(f"http://127.0.0.1:{few_files_mock}/widgets/w-1", headers=AUTH, timeout=5)
        elapsed = time.monotonic() - start
    assert response.status_code == 200
    assert elapsed < 2, f"a normal request took {elapsed:.1f} s"


@pytest.fixture
def strict_mock(features: Path) -> Iterator[int]:
    limits = ServerLimits(request_timeout=0.5, max_connections=100)
    with MockRunner([MockSpec("features", "openapi", features)], limits=limits) as running:
        yield int(running[0].url.rsplit(":", 1)[1])


@pytest.mark.integration
@pytest.mark.parametrize(
    "first_bytes", [b"", b"GET /widgets/w-1 HTTP/1.1\r\nHost: slow\r\n", b"POST /widgets HTTP/1.1\r\n"]
)
def test_a_request_that_never_completes_is_dropped_after_the_timeout(
    strict_mock: int, first_bytes: bytes
) -> None:
    with ExitStack() as stack:
        [sock] = idle_sockets(stack, strict_mock, 1, first_bytes)
        waited = closed_by_server(sock, within=5)
    assert waited is not None and 0.3 < waited < 2, waited


@pytest.mark.integration
def test_a_slow_answer_is_not_cut_by_the_request_timeout(strict_mock: int) -> None:
    with httpx.Client(base_url=f"http://127.0.0.1:{strict_mock}", headers=AUTH) as client:
        first = client.get("/widgets/w-1")
        time.sleep(0.2)  # the same keep-alive connection, within the deadline
        second = client.get("/widgets/w-1")
    assert (first.status_code, second.status_code) == (200, 200)


def test_stateful_keeps_at_most_max_resources_and_drops_the_oldest(
    features: Path, serve_mock: Callable[..., AbstractContextManager[str]]
) -> None:
    with (
        serve_mock(features, stateful=True, max_resources=2) as url,
        httpx.Client(base_url=url, headers=AUTH) as client,
    ):
        ids = [client.post("/widgets", json={"name": f"w{i}", "price": 1.0}).json()["id"] for i in range(3)]
        kept = [client.get(f"/widgets/{i}").status_code for i in ids]
        listed = sorted(w["id"] for w in client.get("/widgets").json())
    assert kept == [404, 200, 200]
    assert listed == sorted(ids[1:])
