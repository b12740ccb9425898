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
def test_the_openapi_mock_binds_loopback_and_the_pact_stub_says_it_cannot(
    features: Path, fixtures: Path
) -> None:
    specs = [
        MockSpec("widgets", "openapi", features),
        MockSpec("payments", "pact", fixtures / "mocks" / "orders-payments.json"),
    ]
    with MockRunner(specs, "127.0.0.1") as running:
        openapi, pact = running
        assert listening_address(port_of(openapi.url)) == "127.0.0.1"
        assert not openapi.every_interface
        # Pact's stub server has no bind option: it listens on 0.0.0.0, and accord says so.
        assert listening_address(port_of(pact.url)) == "0.0.0.0"
        assert pact.every_interface


@pytest.mark.integration
def test_mocks_up_warns_that_the_pact_stub_listens_on_every_interface(
    example_system: Path, fixtures: Path
) -> None:
    done = up_with_recorded_pact(example_system, fixtures, "pass")
    assert done.returncode == 0, done.stderr
    assert "warning: the pact stub of payments listens on every interface, not only 127.0.0.1" in done.stderr
