"""The scaffold, templates and gateway commands through the CLI: wiring and exit codes."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app


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
