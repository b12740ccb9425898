"""`accord init` writes the .gitignore lines accord needs, and never overwrites the user's own."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "init"


def ignored(repo: Path, *paths: str) -> set[str]:
    """The paths git ignores in a fresh repository at `repo`."""
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths], cwd=repo, capture_output=True, text=True, check=False
    )
    return set(done.stdout.split())


def test_init_writes_a_gitignore_git_honours(tmp_path: Path) -> None:
    system = tmp_path / "shop"
    result = CliRunner().invoke(app, ["init", str(system)])
    assert result.exit_code == 0, result.output
    assert f"created {system.resolve() / '.gitignore'}" in result.output
    kept = [".accord/scaffold/orders/settings.ini", "accord.yaml"]
    dropped = [".accord/tmp/x", ".accord/cache/x", ".accord/logs/x", ".hypothesis/x", "a.egg-info/b"]
    dropped.append("services/orders/__pycache__/a.pyc")
    assert ignored(system, *kept, *dropped) == set(dropped)  # .accord/scaffold/ is committed


def test_init_appends_only_missing_lines_to_an_existing_gitignore(tmp_path: Path) -> None:
    system = tmp_path / "shop"
    system.mkdir()
    original = (FIXTURES / "existing.gitignore").read_text()
    shutil.copy(FIXTURES / "existing.gitignore", system / ".gitignore")
    result = CliRunner().invoke(app, ["init", str(system)])
    assert result.exit_code == 0
    assert f"updated {system.resolve() / '.gitignore'}" in result.output
    text = (system / ".gitignore").read_text()
    assert text.startswith(original + "\n")  # every byte kept, a newline added after `.env`
    lines = text.splitlines()
    assert lines.count("__pycache__/") == 1
    assert ".hypothesis/" not in lines  # `/.hypothesis/` already covers it
    assert {".accord/cache/", ".accord/logs/", ".accord/tmp/", "*.egg-info/"} <= set(lines)
    # A second init (--force) has nothing to add.
    before = (system / ".gitignore").read_text()
    assert CliRunner().invoke(app, ["init", str(system), "--force"]).exit_code == 0
    assert (system / ".gitignore").read_text() == before


def test_each_scaffolded_service_has_its_own_gitignore(tmp_path: Path) -> None:
    system = tmp_path / "shop"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(system)]).exit_code == 0
    result = runner.invoke(app, ["scaffold", "service", "orders", "-w", str(system), "--no-input"])
    assert result.exit_code == 0, result.output
    service = system / "services" / "orders"
    dropped = [".venv/bin/python", ".pytest_cache/x", "dist/orders.whl"]
    assert ignored(service, "orders_service/app.py", "openapi.yaml", *dropped) == set(dropped)


def test_a_gitignore_init_cannot_read_stops_it_before_it_writes(tmp_path: Path) -> None:
    """A .gitignore that is a folder, or not UTF-8: exit 2 naming it, and no accord.yaml half-way."""
    folder, latin = tmp_path / "folder", tmp_path / "latin"
    (folder / ".gitignore").mkdir(parents=True)
    latin.mkdir()
    (latin / ".gitignore").write_bytes("caf\xe9/\n".encode("latin-1"))
    for system, said in ((folder, "this is a folder, not a file to write"), (latin, "not UTF-8 text")):
        result = CliRunner().invoke(app, ["init", str(system)])
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {system / '.gitignore'}: {said}\n")
        assert sorted(p.name for p in system.iterdir()) == [".gitignore"]
    assert (latin / ".gitignore").read_bytes() == "caf\xe9/\n".encode("latin-1")
