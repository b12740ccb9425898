"""A Pact Broker that accepts connections and never answers cannot hang accord, and the
credentials in a broker URL never reach the terminal."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.runtime import redact_credentials
from tests.pact.conftest import PACT_FIXTURES

SECRET = "hunter2-broker-password"


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A real socket on 127.0.0.1 that accepts every connection and never sends a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


class _Refusing(BaseHTTPRequestHandler):
    """A broker that turns every request down: the credentials in its URL are wrong."""

    def _refuse(self) -> None:
        body = b'{"error": "bad credentials"}'
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _refuse

    def log_message(self, *args: object) -> None:
        return


@contextlib.contextmanager
def refusing_broker() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _use_broker(system: Path, url: str) -> None:
    manifest = system / "accord.yaml"
    manifest.write_text(manifest.read_text().replace("  broker_url: null", f"  broker_url: {url}"))


def test_verify_against_a_broker_that_never_answers_stops_at_the_timeout(example_system: Path) -> None:
    with silent_server() as port:
        _use_broker(example_system, f"http://reader:{SECRET}@127.0.0.1:{port}")
        started = time.monotonic()
        result = CliRunner().invoke(
            app, ["pact", "verify", "payments", "-w", str(example_system), "--timeout", "1"]
        )
        elapsed = time.monotonic() - started
    assert elapsed < 15
    assert result.exit_code == 2, result.output
    assert f"the Pact Broker at http://***@127.0.0.1:{port} did not answer within 1 s" in result.output
    assert SECRET not in result.output


def test_can_i_deploy_against_a_broker_that_never_answers_stops_at_the_timeout(
    example_system: Path,
) -> None:
    with silent_server() as port:
        _use_broker(example_system, f"http://127.0.0.1:{port}")
        started = time.monotonic()
        args = ["pact", "can-i-deploy", "--pacticipant", "payments", "--version", "1.0.0", "--timeout", "2"]
        result = CliRunner().invoke(app, [*args, "-w", str(example_system)])
        elapsed = time.monotonic() - started
    assert elapsed < 20
    assert result.exit_code == 2, result.output
    assert "`pact broker can-i-deploy` did not answer within 2 s" in result.output


def test_broker_errors_never_print_the_credentials_of_the_url(example_system: Path) -> None:
    runner = CliRunner()
    with refusing_broker() as port:
        _use_broker(example_system, f"http://reader:{SECRET}@127.0.0.1:{port}")
        publish = runner.invoke(app, ["pact", "publish", "--version", "1.0.0", "-w", str(example_system)])
        args = ["pact", "can-i-deploy", "--pacticipant", "payments", "--version", "1"]
        deploy = runner.invoke(app, [*args, "-w", str(example_system)])
    for result in (publish, deploy):
        assert result.exit_code == 2, result.output
        assert f"http://***@127.0.0.1:{port}" in result.output
        assert "401 Unauthorized" in result.output
        assert SECRET not in result.output and "reader:" not in result.output


def test_redaction_covers_every_url_in_a_message() -> None:
    text = "URL: 'http://u:p@a.example' then https://token@b.example/x?y=1, not mail a@b.example"
    assert redact_credentials(text) == (
        "URL: 'http://***@a.example' then https://***@b.example/x?y=1, not mail a@b.example"
    )


def test_a_provider_that_never_answers_fails_each_interaction_at_the_timeout(example_system: Path) -> None:
    shutil.copy(
        PACT_FIXTURES / "orders-payments-one-fails.json", example_system / "pacts" / "orders-payments.json"
    )
    (example_system / "pacts" / "notifications-payments.json").unlink()
    with silent_server() as port:
        started = time.monotonic()
        args = ["pact", "verify", "payments", "--base-url", f"http://127.0.0.1:{port}", "--timeout", "1"]
        result = CliRunner().invoke(app, [*args, "-w", str(example_system)])
        elapsed = time.monotonic() - started
    assert elapsed < 40
    assert result.exit_code == 1, result.output
    assert result.output.count(f"error sending request for url (http://127.0.0.1:{port}/payments/p-404)") == 2
    assert "2 interaction(s): 2 failed" in result.stderr
