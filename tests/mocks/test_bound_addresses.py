"""Which address the mock servers' real sockets are bound to (read from the kernel, /proc/net/tcp)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.mocks.runner import MockRunner, MockSpec
from tests.mocks.test_cli import up_with_recorded_pact


def listening_address(port: int) -> str:
    """The IPv4 address a listening socket on `port` is bound to, as the kernel reports it."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            return ".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0))
    raise AssertionError(f"nothing listens on port {port}")


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


@pytest.mark.integration
def test_the_openapi_mock_and_the_pact_mock_bind_loopback_only(features: Path, fixtures: Path) -> None:
    specs = [
        MockSpec("widgets", "openapi", features),
        MockSpec("payments", "pact", fixtures / "mocks" / "orders-payments.json"),
    ]
    with MockRunner(specs, "127.0.0.1") as running:
        openapi, pact = running
        assert listening_address(port_of(openapi.url)) == "127.0.0.1"
        assert listening_address(port_of(pact.url)) == "127.0.0.1"


@pytest.mark.integration
def test_mocks_up_serves_a_recorded_pact_on_loopback_without_a_warning(
    example_system: Path, fixtures: Path
) -> None:
    done = up_with_recorded_pact(example_system, fixtures, "pass")
    assert done.returncode == 0, done.stderr
    assert "every interface" not in done.stderr
