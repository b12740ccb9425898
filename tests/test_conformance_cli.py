"""`accord contracts test` through the command line: wiring, exit codes and formats."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from typer.testing import CliRunner

from accord.cli.app import app
from tests.conftest import FIXTURES

CONFORMANCE = FIXTURES / "conformance"
FAST = ["--max-examples", "5", "--seed", "3", "--no-stateful"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["contracts", "test", *args])
    return result.exit_code, result.stdout, result.stderr


def test_a_failing_provider_exits_1_with_a_json_report() -> None:
    code, out, err = run("--workspace", str(CONFORMANCE), *FAST, "--format", "json")
    assert code == 1
    payload = json.loads(out)
    rules = {f["rule"] for f in payload["findings"]}
    assert {"conformance.status_code_conformance", "conformance.not_a_server_error"} <= rules
    assert payload["summary"]["failed"] is True
    assert "inventory (app inventory_app:app): 3 operation(s)" in err


def test_junit_report_written_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "conformance.xml"
    code, out, _ = run(
        "--contract", str(CONFORMANCE / "inventory" / "openapi.yaml"), "--app", "inventory_app:app",
        "--phases", "coverage", *FAST, "-f", "junit", "-o", str(target),
    )  # fmt: skip
    assert code == 1
    assert "report written to" in out
    failure = ElementTree.parse(target).getroot().find("./testsuite/testcase/failure")
    assert failure is not None and "curl -X" in (failure.text or "")


def test_a_passing_provider_exits_0_in_human_format(example_system: Path) -> None:
    code, out, _ = run("payments", "--workspace", str(example_system), *FAST, "--phases", "examples,coverage")
    assert code == 0, out
    assert "payments (app payments_service.app:app): 2 operation(s)" in out
    assert "passed" in out


def test_headers_reach_the_provider() -> None:
    # The ping app answers 401 (undocumented) unless it gets its API key.
    ping = ["--contract", str(CONFORMANCE / "ping" / "openapi.yaml"), "--app", "ping_wsgi:app", *FAST]
    code, out, _ = run(*ping)
    assert code == 1
    assert "Received: 401" in out
    code, out, _ = run(*ping, "-H", "X-Api-Key: secret")
    assert code == 0, out
    code, _, err = run(*ping, "--header", "no colon here")
    assert code == 2
    assert "is not 'Name: value'" in err


def test_bad_input_exits_2_without_a_traceback() -> None:
    inventory = str(CONFORMANCE / "inventory" / "openapi.yaml")
    cases = [
        (["--contract", str(CONFORMANCE / "broken" / "bad-yaml.yaml"), "--app", "x:y"], "bad-yaml.yaml:10"),
        (["--contract", inventory, "--app", "nope_module:app"], "cannot import 'nope_module'"),
        (["--contract", inventory, "--app", "inventory_app:app", "--phases", "warp"], "unknown phase 'warp'"),
        (
            ["--contract", inventory, "--app", "inventory_app:app", "--checks", "vibes"],
            "unknown check 'vibes'",
        ),
        (["--contract", inventory], "nothing to test"),
    ]
    for args, message in cases:
        code, _, err = run(*args)
        assert code == 2, (args, err)
        assert message in err
        assert "Traceback" not in err


def test_broker_real_with_the_broker_down_is_exit_2_not_an_http_only_pass(tmp_path: Path) -> None:
    from accord.manifest import find_workspace, init_manifest
    from accord.scaffold import ScaffoldRequest, scaffold_service

    system = tmp_path / "lib"
    init_manifest(system, "lib")
    scaffold_service(
        find_workspace(explicit=system), ScaffoldRequest("members", broker="nats", gateway="none")
    )
    manifest = system / "accord.yaml"
    manifest.write_text(manifest.read_text().replace("nats://127.0.0.1:4222", "nats://127.0.0.1:1"))
    args = ["contracts", "test", "members", "-w", str(system), "--broker", "real", "--max-examples", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "error: --broker real: the nats broker at nats://127.0.0.1:1 cannot be reached ("
    )
    assert "so the events of members cannot be checked\n" in result.stderr
    assert result.stdout == ""
