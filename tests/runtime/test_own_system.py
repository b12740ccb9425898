"""A new user's own system, end to end, as they would build and check it from an empty folder.

Five services scaffolded by accord: HTTP calls in a chain (orders -> stock -> audit), events over
RabbitMQ (orders.created, read by billing) and over NATS (stock.created, read by shipping), and a
Kafka service (audit) that runs on FastStream's in-memory broker, since no Kafka server runs
here. Then: every service passes its own tests; an edited generated file goes through
`scaffold update`, a conflict and `--resolved`; `mocks up` serves orders' dependency to a test
the user wrote; `accord ci --format json` passes and its output parses.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from accord.scaffold.templates import builtin_root
from tests.runtime.conftest import BROKER_VARIABLES, System
from tests.scaffold.test_generated_services import run_service_tests

STOCK_CLIENT_TEST = '''\
"""orders reads stock's items over HTTP: written by the team, run against a mock of stock."""

import os

import httpx


def test_stock_lists_items_as_its_contract_says() -> None:
    answer = httpx.get(f"{os.environ['STOCK_URL']}/stock/items", timeout=10)
    assert answer.status_code == 200
    assert isinstance(answer.json(), list)
'''


def _git(system: System, *args: str) -> None:
    identity = ["-c", "user.name=dev", "-c", "user.email=dev@example.com"]
    subprocess.run(["git", *identity, *args], cwd=system.root, check=True, capture_output=True)


@pytest.mark.slow
@pytest.mark.integration
def test_a_users_own_system_from_an_empty_folder(system: System) -> None:
    # The team keeps its own copy of the service template, next to the system.
    template = system.root / "templates" / "python-service"
    shutil.copytree(builtin_root() / "python-service", template)
    own = ("-t", str(template), "--trust")

    audit = system.scaffold("audit", "--broker", "kafka", *own)
    stock = system.scaffold("stock", "--broker", "nats", *own)
    orders = system.scaffold("orders", *own)
    billing = system.scaffold("billing", "--subscribe", "orders.created", *own)
    shipping = system.scaffold("shipping", "--broker", "nats", "--subscribe", "stock.created", *own)
    system.depends_on("orders", "stock")
    system.depends_on("stock", "audit")
    manifest = (system.root / "accord.yaml").read_text()
    assert "broker: {kind: nats" in manifest and "broker: {kind: kafka" in manifest  # their own

    services = [audit, stock, orders, billing, shipping]
    own_tests = run_service_tests(services)
    assert own_tests.returncode == 0, own_tests.stdout[-4000:] + own_tests.stderr[-2000:]

    # A generated file edited by the team and, on the same line, by the template's maintainers.
    _git(system, "init", "-q")
    _git(system, "add", "-A")
    _git(system, "commit", "-qm", "five services")
    readme = billing / "README.md"
    readme.write_text(readme.read_text().replace("# billing", "# billing (owned by the payments team)", 1))
    template_readme = template / "{{cookiecutter.service_name}}" / "README.md"
    template_readme.write_text(
        template_readme.read_text().replace(
            "# {{ cookiecutter.service_name }}", "# {{ cookiecutter.service_name }} service", 1
        )
    )
    conflict = system.accord("scaffold", "update", "billing", "--trust")
    assert conflict.code == 1, conflict.stdout + conflict.stderr
    assert "--resolved" in conflict.stdout + conflict.stderr
    readme.write_text(
        "\n".join(
            "# billing service (owned by the payments team)"
            if line.startswith(("<<<<<<<", "# billing"))
            else line
            for line in readme.read_text().splitlines()
            if not line.startswith(("=======", ">>>>>>>", "||||||| ")) and line != "# billing service"
        )
        + "\n"
    )
    system.ok("scaffold", "update", "billing", "--resolved", "--trust")
    assert readme.read_text().startswith("# billing service (owned by the payments team)\n")
    assert not (billing / ".conflicts").exists()
    assert system.accord("scaffold", "update", "billing", "--trust").code == 0  # nothing left to do

    # orders' own test of stock's API runs against a mock made from stock's contract.
    (orders / "tests" / "test_stock_client.py").write_text(STOCK_CLIENT_TEST)
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    env["PYTHONPATH"] = str(orders)
    test = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_stock_client.py"]
    mocked = subprocess.run(
        [sys.executable, "-m", "accord", "mocks", "up", "orders", "--", *test],
        cwd=orders,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mocked.returncode == 0, mocked.stdout[-3000:] + mocked.stderr[-3000:]
    assert "1 passed" in mocked.stdout

    ci = system.accord("ci", "--max-examples", "3", "--format", "json", timeout=900)
    assert ci.code == 0, ci.stdout[-4000:] + ci.stderr[-4000:]
    report = json.loads(ci.stdout)
    assert report["summary"]["failed"] is False
    assert report["summary"]["error"] == 0
    assert report["summary"]["files"] == 11  # an OpenAPI and an AsyncAPI contract each, accord.yaml
    rows = [[cell.strip() for cell in line.split("│")[1:-1]] for line in ci.stderr.splitlines()]
    table = {row[0]: row[1] for row in rows if len(row) > 2}  # the summary table, step -> status
    assert table.get("contracts-test") == "passed" and table.get("events") == "passed", ci.stderr
    assert "kafka broker at 127.0.0.1:9092 unreachable" in ci.stderr  # audit ran in memory, said once
    steps = {finding["rule"].split("/")[0] for finding in report["findings"]}
    assert steps <= {"events", "lint"}, report["findings"]  # at most warnings and info
