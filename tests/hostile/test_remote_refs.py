"""A remote `$ref` is never fetched without `--allow-remote`, by any command: a listener on
127.0.0.1 records every connection, and must record none."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import accord, copy_fixture


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture
def contract(tmp_path: Path, listener: Listener) -> Path:
    path = copy_fixture("remote", tmp_path) / "openapi.yaml"
    path.write_text(path.read_text().replace("PORT", str(listener.port)))
    return path


def test_contracts_test_does_not_fetch_remote_refs(contract: Path, listener: Listener) -> None:
    run = accord(
        ["contracts", "test", "--contract", contract.name, "--base-url", "http://127.0.0.1:9"],
        contract.parent,
    )

    assert run.code == 2, run.output
    assert f"remote document http://127.0.0.1:{listener.port}/pet.yaml is not fetched" in run.output
    assert "--allow-remote" in run.output
    assert listener.connections == 0


@pytest.mark.parametrize(
    "args",
    [
        ["contracts", "validate", "--no-cache", "openapi.yaml"],
        ["contracts", "diff", "openapi.yaml", "openapi.yaml"],
        ["mocks", "serve", "openapi.yaml"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_no_command_fetches_remote_refs(contract: Path, listener: Listener, args: list[str]) -> None:
    run = accord(args, contract.parent)

    assert run.code in (1, 2), run.output
    assert "is not fetched" in run.output
    assert listener.connections == 0


def test_allow_remote_does_fetch(contract: Path, listener: Listener) -> None:
    accord(
        [
            "contracts",
            "test",
            "--allow-remote",
            "--contract",
            contract.name,
            "--base-url",
            "http://127.0.0.1:9",
        ],
        contract.parent,
    )

    assert listener.connections >= 1  # the listener answers nothing: what matters is the attempt
