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


def test_the_terminal_colours_the_same_text_a_file_gets() -> None:
    """The terminal's pieces (coloured by role) and the plain text are made apart, for speed:
    they must read the same, headings, places without a line and the summary included."""
    from accord.report import Finding, Report, Severity, human_pieces, render_human

    report = Report(
        "lint",
        [
            Finding("b-rule", Severity.info, "second file", "b.yaml", 3, 7),
            Finding("a-rule", Severity.error, "no line known", "a.yaml"),
            Finding("a-rule", Severity.warning, "a line, no column", "a.yaml", 12),
            Finding("c-rule", Severity.error, "no file at all"),
        ],
        checked=["a.yaml", "b.yaml"],
    )
    pieces = human_pieces(report)
    plain = render_human(report)
    assert "".join(text for text, _ in pieces) == plain
    assert plain.splitlines() == [
        "-",
        "        -:-  error    no file at all  c-rule",
        "a.yaml",
        "        -:-  error    no line known  a-rule",
        "       12:-  warning  a line, no column  a-rule",
        "b.yaml",
        "        3:7  info     second file  b-rule",
        "lint: failed - 2 file(s), 2 error(s), 1 warning(s), 1 info",
    ]
    assert [role for text, role in pieces if role in ("file", "error", "warning", "info")] == [
        "file",
        "error",
        "file",
        "error",
        "warning",
        "file",
        "info",
    ]
