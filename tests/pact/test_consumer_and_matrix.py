"""Pact files managed across runs, and can-i-deploy from the local matrix."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact.consumer import PactRecorder, mock_server, recording
from accord.contracts.pact.matrix import MatrixRow, matrix_path, record
from accord.manifest import find_workspace
from tests.pact.conftest import run_consumer_tests


def _interactions(path: Path) -> list[str]:
    return sorted(i["description"] for i in json.loads(path.read_text())["interactions"])


def _record_one(recorder: PactRecorder, description: str) -> None:
    import httpx

    pact = recorder.new_pact("orders", "payments")
    pact.upon_receiving(description).with_request("GET", "/payments/p-1").will_respond_with(200)
    with mock_server(pact) as url:
        assert httpx.get(f"{url}/payments/p-1").status_code == 200
    recorder.record(pact)


def test_stale_interactions_do_not_survive_a_new_run(example_system: Path) -> None:
    workspace = find_workspace(explicit=example_system)
    target = example_system / "pacts" / "orders-payments.json"
    with recording(workspace) as recorder:
        _record_one(recorder, "an old request")
    assert _interactions(target) == ["an old request"]
    with recording(workspace) as recorder:
        _record_one(recorder, "a new request")
    assert _interactions(target) == ["a new request"]
    with recording(workspace, merge=True) as recorder:
        _record_one(recorder, "one more request")
    assert _interactions(target) == ["a new request", "one more request"]


def test_a_failing_consumer_test_leaves_the_pact_as_it_was(example_system: Path) -> None:
    target = example_system / "pacts" / "orders-payments.json"
    before = target.read_text()
    test_file = example_system / "services" / "orders" / "tests" / "test_payments_pact.py"
    test_file.write_text(
        test_file.read_text().replace('assert payment["status"] == "pending"', "assert False")
    )
    done = run_consumer_tests(example_system, "services/orders/tests")
    assert done.returncode == 1
    assert target.read_text() == before


def test_consumer_tests_rewrite_the_pact_without_a_removed_interaction(example_system: Path) -> None:
    test_file = example_system / "services" / "orders" / "tests" / "test_payments_pact.py"
    text = test_file.read_text()
    test_file.write_text(text[: text.index("def test_an_unknown_payment_is_none")])
    done = run_consumer_tests(example_system, "services/orders/tests")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _interactions(example_system / "pacts" / "orders-payments.json") == [
        "a request for a settled payment",
        "a request to charge an order",
    ]


def test_can_i_deploy_from_the_local_matrix(example_system: Path) -> None:
    workspace = find_workspace(explicit=example_system)
    path = matrix_path(workspace)
    record(
        path,
        [
            MatrixRow("orders", "c1", "payments", "p1", True),
            MatrixRow("notifications", "c1", "payments", "p1", True),
        ],
    )
    record(path, [MatrixRow("orders", "c2", "payments", "p2", False, failures=2)])
    runner = CliRunner()

    def ask(name: str, version: str) -> tuple[int, str]:
        args = [
            "pact",
            "can-i-deploy",
            "-w",
            str(example_system),
            "--pacticipant",
            name,
            "--version",
            version,
        ]
        result = runner.invoke(app, args)
        return result.exit_code, result.output

    assert ask("payments", "p1")[0] == 0
    assert ask("orders", "c1")[0] == 0
    code, output = ask("orders", "c2")
    assert code == 1 and "verification failed (2 failure(s)" in output
    code, output = ask("payments", "p2")
    assert code == 1 and "notifications -> payments: no verification of payments p2" in output
    assert ask("nobody", "1")[0] == 2


def test_a_damaged_matrix_is_exit_2(example_system: Path) -> None:
    workspace = find_workspace(explicit=example_system)
    matrix_path(workspace).parent.mkdir(parents=True, exist_ok=True)
    matrix_path(workspace).write_text("{not json")
    args = ["pact", "can-i-deploy", "-w", str(example_system), "--pacticipant", "orders", "--version", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "matrix is damaged" in result.output
