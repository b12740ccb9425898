"""Credentials of the manifest's broker URL never reach generated files or scaffold's messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from tests.scaffold.conftest import TEMPLATES

SECRET = "s3cret-pass"


def secret_system(tmp_path: Path) -> Path:
    system = tmp_path / "shop"
    system.mkdir()
    shutil.copy(TEMPLATES / "hostile" / "secret-accord.yaml", system / "accord.yaml")
    return system


def files_holding(folder: Path, text: str) -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and text in p.read_text()]


def test_generated_service_reads_credentials_from_the_environment(tmp_path: Path) -> None:
    system = secret_system(tmp_path)
    result = CliRunner().invoke(app, ["scaffold", "service", "orders", "-w", str(system), "--no-input"])
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert files_holding(system / "services", SECRET) == []
    assert files_holding(system / ".accord", SECRET) == []
    service = system / "services" / "orders"
    settings = "from orders_service.settings import get_settings; print(get_settings().broker_url)"

    def broker_url(**env: str) -> str:
        environment = {k: v for k, v in os.environ.items() if k != "BROKER_URL"} | env
        done = subprocess.run(
            [sys.executable, "-c", settings], cwd=service, env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert broker_url() == "amqp://127.0.0.1:5672/shop"  # the manifest's broker, without user-info
    assert broker_url(BROKER_URL="amqp://admin:other@mq:5672/") == "amqp://admin:other@mq:5672/"


def test_credentials_in_answers_are_refused_and_redacted(tmp_path: Path) -> None:
    system = secret_system(tmp_path)
    args = ["scaffold", "service", "orders", "-w", str(system), "--no-input"]
    result = CliRunner().invoke(app, [*args, "--set", f"broker_url=amqp://admin:{SECRET}@mq:5672/"])
    assert result.exit_code == 2, result.output
    assert "broker_url='amqp://***@mq:5672/'" in result.output
    assert SECRET not in result.output
    assert not (system / "services").exists()


def test_a_git_url_with_a_token_is_redacted_in_errors(tmp_path: Path) -> None:
    system = secret_system(tmp_path)
    template = f"https://builder:{SECRET}@127.0.0.1:9/templates.git"
    result = CliRunner().invoke(
        app, ["scaffold", "service", "orders", "-w", str(system), "--no-input", "--template", template]
    )
    assert result.exit_code == 2, result.output
    assert "https://***@127.0.0.1:9/templates.git" in result.output
    assert SECRET not in result.output


def test_templates_show_redacts_a_token_in_a_git_url(tmp_path: Path) -> None:
    system = secret_system(tmp_path)
    template = f"https://builder:{SECRET}@127.0.0.1:9/templates.git"
    result = CliRunner().invoke(app, ["templates", "show", template, "-w", str(system)])
    assert result.exit_code == 2, result.output
    assert "https://***@127.0.0.1:9/templates.git" in result.output
    assert SECRET not in result.output
