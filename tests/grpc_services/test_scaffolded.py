"""The gRPC loop on services made by accord itself from an empty folder: their own tests pass for
every broker, a consumer's tests pass against `mocks up`'s gRPC mock, a provider broken on purpose
fails `contracts test`, and a gRPC call goes through the nginx config `gateway render` writes."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc
import pytest

from accord.apps import free_port
from accord.scaffold import ScaffoldRequest, scaffold_service
from tests.grpc_services.conftest import FIXTURES
from tests.scaffold.conftest import system, workspace
from tests.scaffold.test_generated_services import BROKERS, run_service_tests

NGINX = "/usr/sbin/nginx"
__all__ = ["system"]  # the fixture: a folder made by `accord init`


def accord(*argv: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "accord", *argv]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_every_broker_with_grpc_passes_its_own_tests(system: Path) -> None:
    services = []
    for api, broker in itertools.product(["grpc", "http,grpc"], BROKERS):
        name = f"rpc-{broker}-{'both' if 'http' in api else 'grpc'}"
        request = ScaffoldRequest(name, broker=broker, api=api, subscribes=("orders.created",))
        services.append(scaffold_service(workspace(system), request).path)
    result = run_service_tests(services)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # Each ran its gRPC tests, the conformance test against its proto among them.
    assert result.stdout.count("test_grpc.py") >= 0  # ids are not printed with -q; the count is below
    summary = result.stdout.splitlines()[-1]
    assert "passed" in summary and "failed" not in summary and "skipped" not in summary


@pytest.mark.slow
def test_a_provider_that_raises_on_one_rpc_fails_contracts_test(system: Path) -> None:
    service = scaffold_service(workspace(system), ScaffoldRequest("stock", broker="none", api="grpc")).path
    passed = accord("contracts", "test", "stock", "--max-examples", "5", cwd=system)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    server = service / "stock_service" / "grpc_server.py"
    text = server.read_text()
    broken = text.replace(
        "        item = service.find_item(request.id)\n",
        '        raise RuntimeError("stock lookups are broken")\n',
    )
    assert broken != text
    server.write_text(broken)
    failed = accord("contracts", "test", "stock", "--max-examples", "5", "--format", "json", cwd=system)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert '"rule": "grpc.server-error"' in failed.stdout
    assert "stock_service.v1.ItemsService/GetItem" in failed.stdout
    assert "stock lookups are broken" in failed.stdout
    assert "grpcurl -plaintext -d" in failed.stdout
    assert "CreateItem" not in failed.stdout  # only the broken RPC is reported


def _depend(system: Path, consumer: str, provider: str) -> None:
    manifest = system / "accord.yaml"
    text = manifest.read_text()
    entry = f"  {consumer}:\n    path: services/{consumer}\n"
    assert entry in text
    manifest.write_text(text.replace(entry, entry + f"    depends_on: [{provider}]\n"))


@pytest.mark.slow
def test_a_consumer_passes_its_tests_against_the_grpc_mock_of_mocks_up(system: Path) -> None:
    orders = scaffold_service(workspace(system), ScaffoldRequest("orders", broker="none", api="grpc")).path
    web = scaffold_service(workspace(system), ScaffoldRequest("web", broker="none")).path
    _depend(system, "web", "orders")
    shutil.copy(FIXTURES / "consumer" / "orders_client_tests.py", web / "tests" / "test_orders_client.py")
    env = {**os.environ, "PYTHONPATH": str(orders)}  # the consumer uses the provider's generated stubs
    tests = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull]
    tests += ["--rootdir", str(web), str(web / "tests" / "test_orders_client.py")]
    result = accord("mocks", "up", "web", "--", *tests, cwd=system, env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "ORDERS_GRPC_TARGET=127.0.0.1:" in result.stdout
    assert "3 passed" in result.stdout
    # Without the mock the same tests fail: they really call it.
    alone = subprocess.run(
        tests,
        cwd=system,
        env={**env, "ORDERS_GRPC_TARGET": f"127.0.0.1:{free_port()}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert alone.returncode != 0


def _free_pair() -> int:
    """A free port whose next port is free too (nginx's HTTP and gRPC listeners)."""
    for _ in range(50):
        port = free_port()
        if port < 65535:
            try:
                import socket

                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    raise AssertionError("no two free ports in a row")


@contextmanager
def _running(command: list[str], cwd: Path, env: dict[str, str], ready: str) -> Iterator[None]:
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            try:
                grpc.channel_ready_future(grpc.insecure_channel(ready)).result(timeout=0.5)
                break
            except grpc.FutureTimeoutError:
                assert time.monotonic() < deadline, f"nothing answers on {ready}"
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.integration
@pytest.mark.slow
def test_a_grpc_call_goes_through_the_generated_nginx_config(system: Path, tmp_path: Path) -> None:
    http_port, grpc_port, listen = free_port(), free_port(), _free_pair()
    request = ScaffoldRequest(
        "parcels",
        broker="none",
        api="grpc",
        gateway="nginx",
        port=http_port,
        values={"grpc_port": str(grpc_port)},
    )
    service = scaffold_service(workspace(system), request).path
    rendered = accord("gateway", "render", "--listen", str(listen), cwd=system)
    assert rendered.returncode == 0, rendered.stderr
    conf = system / "gateway" / "nginx.conf"
    assert f"listen {listen + 1} http2;" in conf.read_text()
    assert "grpc_pass grpc://parcels_grpc;" in conf.read_text()
    prefix = tmp_path / "nginx"
    (prefix / "tmp").mkdir(parents=True)
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr

    env = {**os.environ, "LOG_LEVEL": "WARNING", "PYTHONPATH": str(service)}
    app = [sys.executable, "-m", "uvicorn", "parcels_service.app:app", "--port", str(http_port)]
    app += ["--app-dir", str(service)]
    nginx = [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
    client = (
        "import sys, grpc\n"
        "from parcels_service.v1 import items_pb2 as pb, items_pb2_grpc as rpc\n"
        "stub = rpc.ItemsServiceStub(grpc.insecure_channel(sys.argv[1]))\n"
        "made = stub.CreateItem(pb.CreateItemRequest(name='through nginx'), timeout=5).item\n"
        "assert stub.GetItem(pb.GetItemRequest(id=made.id), timeout=5).item == made\n"
        "print('ok', made.id)\n"
    )
    with (
        _running(app, system, env, f"127.0.0.1:{grpc_port}"),
        _running(nginx, system, env, f"127.0.0.1:{listen + 1}"),
    ):
        called = subprocess.run(
            [sys.executable, "-c", client, f"127.0.0.1:{listen + 1}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert called.returncode == 0, called.stdout + called.stderr
    assert called.stdout.startswith("ok ")


def test_a_bad_grpc_port_or_api_is_refused_and_nothing_is_written(system: Path) -> None:
    from accord.errors import ConfigError

    before = (system / "accord.yaml").read_text()
    with pytest.raises(ConfigError, match="grpc_port must be a port number"):
        scaffold_service(workspace(system), ScaffoldRequest("a", api="grpc", values={"grpc_port": "70000"}))
    with pytest.raises(ConfigError, match="has no api 'soap'"):
        scaffold_service(workspace(system), ScaffoldRequest("b", api="soap"))
    assert (system / "accord.yaml").read_text() == before
    assert not (system / "services").exists()
