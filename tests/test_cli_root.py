"""The root of the command line: version, help, init, and the exit codes of the error model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
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


def test_lazy_commands_show_the_help_their_modules_declare() -> None:
    from accord.cli.app import RootGroup
    from accord.cli.contracts import ContractsGroup
    from accord.cli.lazy import build_command

    for name, lazy in [*RootGroup.LAZY.items(), *ContractsGroup.LAZY.items()]:
        assert build_command(name, lazy).get_short_help_str(limit=1000) == lazy.short_help, name


def test_help_imports_no_command_group() -> None:
    code = (
        "import sys; sys.argv = ['accord', '--help']\n"
        "from accord.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "groups = ('accord.cli.contracts', 'accord.cli.pact', 'accord.graph')\n"
        "loaded = [m for m in sys.modules if m.startswith(groups)]\n"
        "print('LOADED', loaded)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "contracts  Validate, lint, diff and test" in result.stdout
    assert "LOADED []" in result.stdout


def test_a_contracts_command_imports_no_other_contracts_command() -> None:
    code = (
        "import sys; sys.argv = ['accord', 'contracts', 'diff', '--help']\n"
        "from accord.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "others = ('accord.cli.contracts_test', 'accord.cli.contracts_lint', "
        "'accord.contracts.provider_runtime')\n"
        "print('LOADED', [m for m in sys.modules if m.startswith(others)])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Breaking changes between two contract versions" in result.stdout
    assert "LOADED []" in result.stdout


def test_a_reader_that_goes_away_is_no_internal_error() -> None:
    """`accord ... | head`: the closed pipe ends accord quietly, as SIGPIPE ends other tools."""
    command = [sys.executable, "-m", "accord", "init", "--schema"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # gone before accord has written a byte
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert "internal error" not in stderr and "Traceback" not in stderr


def _every_command_path() -> list[list[str]]:
    root = typer.main.get_command(app)
    ctx = root.make_context("accord", ["--help"], resilient_parsing=True)
    paths: list[list[str]] = []

    def walk(group: Any, prefix: list[str]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            paths.append([*prefix, name])
            if hasattr(command, "list_commands"):
                walk(command, [*prefix, name])

    walk(root, [])
    return paths


@pytest.mark.parametrize("path", _every_command_path(), ids=" ".join)
def test_help_names_values_as_words_not_types(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    usage_and_options = result.output
    for type_marker in ("<str>", "<int", "<path>", "<list[", "<float", "{", "[["):
        assert type_marker not in usage_and_options, f"{' '.join(path)}: {type_marker}\n{result.output}"


def test_a_bad_choice_is_named_without_the_validator_prefix() -> None:
    result = CliRunner().invoke(app, ["contracts", "validate", "--format", "bogus"])
    assert result.exit_code == 2
    assert "'bogus' is not one of 'human', 'json'" in result.output
    assert "Value error" not in result.output
