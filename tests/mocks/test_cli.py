"""`accord mocks serve` and `accord mocks up`, run as users run them: real processes, real ports."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from accord.apps import free_port
from accord.cli.app import app

SRC = Path(__file__).resolve().parents[2] / "src"
ENV = {
    **os.environ,
    "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    "PACT_DO_NOT_TRACK": "true",
}
ACCORD = [sys.executable, "-m", "accord"]
PROBE = (
    "import os, httpx; url = os.environ['PAYMENTS_URL']; print('url', url); "
    "r = httpx.post(url + '/payments', json={'order_id': 'o-9', 'amount': {'value': 5, 'currency': 'EUR'}}); "
    "print('status', r.status_code, r.json()['id']); raise SystemExit(3)"
)


def wait_until_up(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            httpx.get(url, timeout=0.5)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


@pytest.mark.integration
def test_serve_answers_logs_each_request_and_stops_cleanly_on_ctrl_c(features: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*ACCORD, "mocks", "serve", str(features), "--port", str(port)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        ok = httpx.get(f"http://127.0.0.1:{port}/widgets/w-1", headers={"X-Api-Key": "k"})
        bad = httpx.get(f"http://127.0.0.1:{port}/widgets/zzz", headers={"X-Api-Key": "k"})
        assert (ok.status_code, bad.status_code) == (200, 404)
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "GET /widgets/w-1 -> 200" in err
    assert "GET /widgets/zzz -> 404 rejected by invalid-parameter" in err


@pytest.mark.integration
def test_serve_a_service_of_the_manifest(example_system: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*ACCORD, "mocks", "serve", "payments", "--port", str(port), "--workspace", str(example_system)],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        body = {"order_id": "o-1", "amount": {"value": 1, "currency": "EUR"}}
        response = httpx.post(f"http://127.0.0.1:{port}/payments", json=body)
        assert response.status_code == 201
        assert response.json()["id"] == "p-1"  # the contract's example
        assert "location" in response.headers  # a declared response header
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


@pytest.mark.integration
def test_up_runs_a_command_with_the_mock_urls_and_returns_its_exit_code(example_system: Path) -> None:
    done = subprocess.run(
        [
            *ACCORD,
            "mocks",
            "up",
            "orders",
            "--workspace",
            str(example_system),
            "--",
            sys.executable,
            "-c",
            PROBE,
        ],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 3, done.stderr
    url = next(line.split("=", 1)[1] for line in done.stdout.splitlines() if line.startswith("PAYMENTS_URL="))
    assert f"url {url}" in done.stdout
    assert "status 201 p-1" in done.stdout
    assert "payments" in done.stderr  # the table
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=1)  # the mocks stopped with the command


@pytest.mark.integration
def test_up_orders_runs_the_orders_service_tests_against_the_payments_mock(example_system: Path) -> None:
    done = subprocess.run(
        [
            *ACCORD,
            "mocks",
            "up",
            "orders",
            "--",
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=example_system / "services" / "orders",
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "8 passed" in done.stdout  # 5 API tests against the mock, 3 consumer pact tests


def up_with_recorded_pact(
    example_system: Path, fixtures: Path, probe: str
) -> subprocess.CompletedProcess[str]:
    """`accord mocks up orders -- python -c PROBE` with the consumer's pact of payments recorded."""
    (example_system / "pacts").mkdir(exist_ok=True)
    shutil.copy(
        fixtures / "mocks" / "orders-payments.json", example_system / "pacts" / "orders-payments.json"
    )
    return subprocess.run(
        [*ACCORD, "mocks", "up", "orders", "-w", str(example_system), "--", sys.executable, "-c", probe],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.integration
def test_up_prefers_the_recorded_pact_and_serves_it_with_pacts_own_stub(
    example_system: Path, fixtures: Path
) -> None:
    done = up_with_recorded_pact(example_system, fixtures, PROBE.replace("o-9", "o-42"))

    assert done.returncode == 3, done.stderr
    assert "status 201 p-1" in done.stdout  # answered from the pact (o-42 matched by the regex rule)
    assert "pact" in done.stderr


def test_up_writes_an_env_file_and_never_overwrites_it_without_force(
    example_system: Path, tmp_path: Path
) -> None:
    env_file = tmp_path / "mocks.env"
    runner = CliRunner()
    args = ["mocks", "up", "orders", "-w", str(example_system), "--env-file", str(env_file), "--", "true"]

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert env_file.read_text().startswith("PAYMENTS_URL=http://127.0.0.1:")

    env_file.write_text("KEEP=1\n")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert "--force" in refused.output
    assert env_file.read_text() == "KEEP=1\n"

    forced = runner.invoke(app, [*args[:-2], "--force", "--", "true"])
    assert forced.exit_code == 0
    assert env_file.read_text().startswith("PAYMENTS_URL=")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("broken.yaml", "broken.yaml:6"), ("events.yaml", "AsyncAPI"), ("missing.yaml", "no such file")],
)
def test_serve_refuses_broken_contracts_with_exit_2(fixtures: Path, name: str, expected: str) -> None:
    result = CliRunner().invoke(app, ["mocks", "serve", str(fixtures / "mocks" / name)])

    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("port", "expected"),
    [("99999", "less than or equal to 65535"), ("-1", "greater than or equal to 0")],
)
def test_serve_refuses_a_port_out_of_range_with_exit_2(fixtures: Path, port: str, expected: str) -> None:
    contract = fixtures / "validate" / "good" / "openapi30.yaml"
    result = CliRunner().invoke(app, ["mocks", "serve", str(contract), "--port", port])

    assert result.exit_code == 2, result.output
    said = " ".join(result.output.replace("│", " ").split())  # the usage box, unwrapped
    assert f"Invalid value for '--port' / '-p': Input should be {expected}" in said
    assert "internal error" not in result.output


def test_serve_on_a_host_that_is_no_address_says_so(fixtures: Path) -> None:
    contract = fixtures / "validate" / "good" / "openapi30.yaml"
    result = CliRunner().invoke(app, ["mocks", "serve", str(contract), "--host", "256.1.1.1"])

    assert result.exit_code == 2, result.output
    assert "error: cannot listen on 256.1.1.1:0: " in result.stderr
    assert "hint: pass a --host that is an address of this machine" in result.stderr


def test_up_refuses_a_broken_pact_with_exit_2(example_system: Path, fixtures: Path) -> None:
    (example_system / "pacts").mkdir(exist_ok=True)
    shutil.copy(fixtures / "mocks" / "broken-pact.json", example_system / "pacts" / "orders-payments.json")

    result = CliRunner().invoke(app, ["mocks", "up", "orders", "-w", str(example_system), "--", "true"])

    assert result.exit_code == 2, result.output
    assert "orders-payments.json" in result.output
    assert "interactions" in result.output


def test_up_with_a_command_that_does_not_exist_is_exit_2(example_system: Path) -> None:
    args = ["mocks", "up", "orders", "-w", str(example_system), "--", "no-such-command-of-accord"]
    result = CliRunner().invoke(app, args)

    assert result.exit_code == 2, result.output
    assert result.stderr.endswith(
        "error: cannot run 'no-such-command-of-accord': No such file or directory\n"
        "  hint: the command after `--` must be a program on PATH or a path to one\n"
    )


def test_up_refuses_unknown_services_and_services_without_dependencies(example_system: Path) -> None:
    unknown = CliRunner().invoke(app, ["mocks", "up", "shipping", "-w", str(example_system)])
    lonely = CliRunner().invoke(app, ["mocks", "up", "payments", "-w", str(example_system)])

    assert unknown.exit_code == 2 and "shipping" in unknown.output
    assert lonely.exit_code == 2 and "depends_on" in lonely.output
