"""One human layout: a report written with `-o FILE` reads as the terminal shows it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app

runner = CliRunner()
FAIL = Path(__file__).parent / "fixtures" / "lint" / "rules" / "no-ref-siblings" / "fail.yaml"


def test_a_report_file_has_the_terminal_layout(tmp_path: Path) -> None:
    on_terminal = runner.invoke(app, ["contracts", "lint", str(FAIL), "--fail-on", "warning"])
    assert on_terminal.exit_code == 1, on_terminal.output
    report = tmp_path / "lint.txt"
    to_file = runner.invoke(app, ["contracts", "lint", str(FAIL), "--fail-on", "warning", "-o", str(report)])
    assert to_file.exit_code == 1, to_file.output
    written = report.read_text()
    assert written == on_terminal.stdout
    lines = written.splitlines()
    assert lines[0].endswith("fail.yaml")  # grouped by file
    finding = lines[1]
    assert finding.rstrip().endswith("no-ref-siblings")
    assert finding.split()[1] == "error" and finding.split()[0][0].isdigit()  # line:column first
    assert lines[-1].startswith("lint: failed")
