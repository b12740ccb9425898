"""The provider's own output during `pact verify` goes to a log file, never into the report.

A scaffolded service logs JSON lines on stdout; `--format json` must stay one JSON document.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from tests.pact.conftest import catalog_with_a_pact


def test_the_providers_logs_stay_out_of_the_json_report(tmp_path: Path) -> None:
    system = catalog_with_a_pact(tmp_path)
    args = ["pact", "verify", "catalog", "-w", str(system), "--format", "json", "--provider-version", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)  # the report and nothing else
    assert (
        "pact.status",
        "lending -> catalog: 'a request for an item' (given 'an item exists'): "
        "status: expected 200 but was 404",
    ) in {(f["rule"], f["message"]) for f in report["findings"]}
    log = system / ".accord" / "logs" / "catalog--pact-verify.log"
    assert '"message": "started"' in log.read_text()
    assert "note: catalog's output while it was verified: " in result.stderr
    assert "catalog--pact-verify.log" in result.stderr
