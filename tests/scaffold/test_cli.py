"""The scaffold, templates and gateway commands through the CLI: wiring and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

SRC = Path(__file__).resolve().parents[2] / "src"


def _scaffold_orders(
    system: Path, *options: str, tmpdir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`accord scaffold service orders` as a user runs it: a process of its own, no terminal (and
    pytest's log capture cannot hide what cookiecutter's logging prints on stderr)."""
    env = {**os.environ, "PYTHONPATH": str(SRC), **({"TMPDIR": str(tmpdir)} if tmpdir else {})}
    return subprocess.run(
        [sys.executable, "-m", "accord", "scaffold", "service", "orders", "-w", str(system), *options],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_scaffold_service_cli_then_refusal(system: Path) -> None:
    runner = CliRunner()
    args = ["scaffold", "service", "orders", "-w", str(system), "--no-input", "--set", "otel=yes"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "registered orders" in result.output
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    assert "already exists" in again.output
    bad = runner.invoke(app, ["scaffold", "service", "orders", "-w", str(system), "--set", "novalue"])
    assert bad.exit_code == 2


def test_templates_list_and_show() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["templates", "list"])
    assert listed.exit_code == 0
    assert "python-service" in listed.output
    shown = runner.invoke(app, ["templates", "show", "python-service"])
    assert shown.exit_code == 0
    assert "broker" in shown.output and "rabbitmq" in shown.output
    assert runner.invoke(app, ["templates", "show", "nope"]).exit_code == 2


def test_gateway_render_of_the_example(example_system: Path) -> None:
    result = CliRunner().invoke(app, ["gateway", "render", "-w", str(example_system)])
    assert result.exit_code == 0, result.output
    text = (example_system / "gateway" / "nginx.conf").read_text()
    assert "server 127.0.0.1:8001;" in text and 'location "/payments/"' in text


def test_scaffold_without_a_terminal_takes_the_defaults(system: Path) -> None:
    """In CI or a script nobody answers a prompt: without --no-input, the defaults are taken."""
    done = _scaffold_orders(system, "--gateway", "none")
    assert done.returncode == 0, done.stderr
    assert "registered orders" in done.stdout
    assert (system / "services" / "orders" / "orders_service").is_dir()


def test_input_ending_at_a_prompt_is_a_clear_error(system: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-D at a prompt: which variable went unanswered and how to go on, nothing written."""
    import io

    from accord.errors import ConfigError
    from accord.scaffold.answers import collect_answers
    from accord.scaffold.templates import resolve_template

    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    template = resolve_template("python-service")
    with pytest.raises(ConfigError) as raised:
        collect_answers(template, {"service_name": "orders"}, no_input=False)
    assert raised.value.message == "no answer for 'package_name': the input ended"
    assert "--no-input" in (raised.value.hint or "")
    assert not (system / "services").exists()


def test_a_template_that_cannot_be_cloned_is_one_line_and_leaves_nothing(
    system: Path, tmp_path: Path
) -> None:
    """In a process of its own, as a user runs it: pytest's log capture would hide cookiecutter's
    traceback, which logging prints on stderr when nothing else handles it."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    missing = tmp_path / "missing.git"
    done = _scaffold_orders(system, "--no-input", "--template", str(missing), tmpdir=scratch)
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr
        == f"error: cannot clone template {missing}: fatal: repository '{missing}' does not exist\n"
    )
    assert list(scratch.iterdir()) == []  # the clone's temporary folder is gone


def test_a_git_template_is_cloned_for_the_command_only(system: Path, tmp_path: Path) -> None:
    """A template from git is cloned into a temporary folder, which goes when the command ends."""
    import shutil

    from accord.scaffold.templates import builtin_root

    repo = tmp_path / "templates.git"
    shutil.copytree(builtin_root() / "python-service", repo)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "template"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True
        )
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    options = ["--template", str(repo), "--trust", "--no-input", "--gateway", "none"]
    done = _scaffold_orders(system, *options, tmpdir=temporary)
    assert done.returncode == 0, done.stderr
    assert (system / "services" / "orders" / "orders_service").is_dir()
    assert [p.name for p in temporary.iterdir() if p.name.startswith("accord-template-")] == []
