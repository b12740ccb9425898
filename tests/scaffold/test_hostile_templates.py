"""Hostile templates and answers through the CLI: Jinja is sandboxed, answers are data, writes stay inside.

The payloads (tests/fixtures/scaffold/hostile/) run `touch "$ACCORD_PWNED"` if Jinja lets them reach
`os`; every test points ACCORD_PWNED at a file and checks that it never appears.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from typer.testing import CliRunner

from accord.cli.app import app
from tests.scaffold.conftest import TEMPLATES, snapshot

HOSTILE = TEMPLATES / "hostile"


@pytest.fixture
def pwned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    marker = tmp_path / "pwned"
    monkeypatch.setenv("ACCORD_PWNED", str(marker))
    return marker


def scaffold(system: Path, *args: str) -> Result:
    return CliRunner().invoke(
        app, ["scaffold", "service", "orders", "-w", str(system), "--no-input", "--gateway", "none", *args]
    )


@pytest.mark.parametrize(
    ("template", "file"),
    [
        ("jinja-in-file", "README.md"),
        ("jinja-in-default", "cookiecutter.json"),
        ("jinja-in-name", "cycler.__init__"),
    ],
)
@pytest.mark.parametrize("trust", [False, True])
def test_jinja_of_a_template_cannot_reach_python(
    system: Path, pwned: Path, template: str, file: str, trust: bool
) -> None:
    before = snapshot(system)
    result = scaffold(system, "--template", str(HOSTILE / template), *(["--trust"] if trust else []))
    assert result.exit_code == 2, result.output
    assert "Python internals" in result.output
    assert file in result.output
    assert "Traceback" not in result.output
    assert not pwned.exists()
    assert snapshot(system) == before


def test_set_values_are_never_rendered(system: Path, pwned: Path) -> None:
    payload = "{{ cycler.__init__.__globals__.os.system('touch \"$ACCORD_PWNED\"') }}"
    result = scaffold(system, "--set", f"description={payload}")
    assert result.exit_code == 0, result.output
    assert not pwned.exists()
    service = system / "services" / "orders"
    project = tomllib.loads((service / "pyproject.toml").read_text())["project"]
    assert project["description"] == payload  # kept as the literal text it is


def test_package_name_cannot_inject_code_into_the_hook(system: Path, pwned: Path) -> None:
    injected = 'x"); import os; os.system("touch $ACCORD_PWNED"); ("x'
    result = scaffold(system, "--set", f"package_name={injected}")
    assert not pwned.exists()
    assert result.exit_code == 2, result.output
    assert "package_name" in result.output and "Python identifier" in result.output
    assert not (system / "services" / "orders").exists()


def test_description_with_quotes_lands_intact_in_toml_yaml_and_python(system: Path) -> None:
    description = 'Says "hi", it\'s: {ok} \\ done #1'
    result = scaffold(system, "--set", f"description={description}")
    assert result.exit_code == 0, result.output
    service = system / "services" / "orders"
    assert tomllib.loads((service / "pyproject.toml").read_text())["project"]["description"] == description
    assert yaml.safe_load((service / "openapi.yaml").read_text())["info"]["description"] == description
    module = ast.parse((service / "orders_service" / "__init__.py").read_text())
    assert ast.get_docstring(module) == description


@pytest.mark.parametrize(
    ("assignment", "rule"),
    [
        ('subscribes=a"b', "event names"),
        ("port=70000", "1 to 65535"),
        ('route=/x"; rm -rf /', "a path of"),
        ("service_name=../../escape", "DNS label"),
    ],
)
def test_answers_are_checked_against_their_variable(system: Path, assignment: str, rule: str) -> None:
    before = snapshot(system)
    result = scaffold(system, "--set", assignment)
    assert result.exit_code == 2, result.output
    assert assignment.split("=")[0] in result.output and rule in result.output
    assert snapshot(system) == before


def test_a_generated_file_that_does_not_parse_is_refused(system: Path) -> None:
    before = snapshot(system)
    result = scaffold(system, "--template", str(HOSTILE / "quoted-python"), "--set", 'greeting=a"b')
    assert result.exit_code == 2, result.output
    assert "greeting.py" in result.output and "greeting='a\"b'" in result.output
    assert snapshot(system) == before


def test_a_file_name_cannot_leave_the_service(system: Path, tmp_path: Path) -> None:
    before = snapshot(system)
    escape = "../../../../escaped.txt"
    result = scaffold(system, "--template", str(HOSTILE / "escaping-name"), "--set", f"notes={escape}")
    assert result.exit_code == 2, result.output
    assert "outside the service" in result.output
    assert not list(tmp_path.rglob("escaped.txt"))
    assert snapshot(system) == before


def test_a_symlink_out_of_the_template_is_refused(system: Path) -> None:
    result = scaffold(system, "--template", str(HOSTILE / "link-outside"))
    assert result.exit_code == 2, result.output
    assert "passwd is a symlink to /etc/passwd" in result.output
    assert not (system / "services" / "orders").exists()


def test_a_symlink_inside_the_template_stays_a_link(system: Path) -> None:
    result = scaffold(system, "--template", str(HOSTILE / "link-inside"))
    assert result.exit_code == 0, result.output
    link = system / "services" / "orders" / "docs" / "index.md"
    assert link.is_symlink()
    assert link.read_text() == "hello orders\n"


@pytest.mark.parametrize("link", [".accord", "gateway", "services"])
def test_a_symlinked_folder_cannot_carry_writes_out_of_the_workspace(
    system: Path, tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (system / link).symlink_to(outside, target_is_directory=True)
    before = snapshot(system)
    result = CliRunner().invoke(app, ["scaffold", "service", "orders", "-w", str(system), "--no-input"])
    assert result.exit_code == 2, result.output
    assert "outside the workspace" in result.output and str(outside) in result.output
    assert list(outside.iterdir()) == []
    assert snapshot(system) == before


def test_a_symlinked_manifest_is_refused(system: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (system / "accord.yaml").rename(elsewhere / "accord.yaml")
    (system / "accord.yaml").symlink_to(elsewhere / "accord.yaml")
    result = scaffold(system)
    assert result.exit_code == 2, result.output
    assert "is a symlink to" in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["accord.yaml"]
    assert not (system / "services").exists()


def test_update_refuses_a_service_folder_linked_out_of_the_workspace(system: Path, tmp_path: Path) -> None:
    assert scaffold(system).exit_code == 0
    service = system / "services" / "orders"
    outside = tmp_path / "outside-orders"
    service.rename(outside)
    service.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    result = CliRunner().invoke(app, ["scaffold", "update", "orders", "-w", str(system)])
    assert result.exit_code == 2, result.output
    assert "outside the workspace" in result.output
    assert snapshot(outside) == before
