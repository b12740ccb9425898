"""The root of the command line: version, help, init, and the exit codes of the error model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from accord import __version__
from accord.cli.app import app

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"accord {__version__}"


def test_help_lists_the_command_groups() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for group in ("contracts", "pact", "mocks", "scaffold", "init"):
        assert group in result.stdout


def test_init_then_init_again_exits_2_without_traceback(tmp_path: Path) -> None:
    first = runner.invoke(app, ["init", str(tmp_path), "--system", "shop"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["init", str(tmp_path)])
    assert second.exit_code == 2
    assert "already exists" in second.output
    assert "Traceback" not in second.output


def test_init_rejects_a_bad_system_name(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--system", "Bad_Name"])
    assert result.exit_code == 2
    assert not (tmp_path / "accord.yaml").exists()


def test_console_entry_point_runs_as_a_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "accord", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"accord {__version__}"


def test_unknown_command_is_a_usage_error() -> None:
    result = runner.invoke(app, ["no-such-command"])
    assert result.exit_code == 2
