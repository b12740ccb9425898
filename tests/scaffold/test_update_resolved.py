"""`scaffold update` after a conflict: the user resolves by hand in git, `--resolved` finishes the update."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from tests.scaffold.conftest import TEMPLATES


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=dev", "-c", "user.email=dev@example.com", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def accord(system: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "-w", str(system)])
    return result.exit_code, result.output


def test_conflict_resolved_by_hand_then_update_resolved(system: Path) -> None:
    template = system.parent / "template"
    shutil.copytree(TEMPLATES / "plain-v1", template)
    git(system, "init", "-q")
    code, out = accord(
        system, "scaffold", "service", "orders", "-t", str(template), "--gateway", "none", "--no-input"
    )
    assert code == 0, out
    git(system, "add", "-A")
    git(system, "commit", "-qm", "orders from the template")
    settings = system / "services" / "orders" / "settings.ini"
    settings.write_text(settings.read_text().replace("timeout = 5", "timeout = 60"))  # the user's edit
    git(system, "commit", "-qam", "longer timeout")

    shutil.rmtree(template)
    shutil.copytree(TEMPLATES / "plain-v2", template)  # v2 changes the same line
    code, out = accord(system, "scaffold", "update", "orders")
    assert code == 1, out
    assert "--resolved" in out
    conflicts = system / ".accord" / "scaffold" / "orders.conflicts"
    assert (conflicts / "settings.ini").is_file()

    # Resolving halfway (markers copied in) is refused and changes nothing.
    settings.write_text((conflicts / "settings.ini").read_text())
    code, out = accord(system, "scaffold", "update", "orders", "--resolved")
    assert code == 2, out
    assert "settings.ini still hold conflict markers" in out
    assert not (system / "services" / "orders" / "CHANGELOG.md").exists()

    # Resolved: keep the user's 60. The update finishes, brings v2's clean change, cleans up.
    git(system, "checkout", "--", "services/orders/settings.ini")
    code, out = accord(system, "scaffold", "update", "orders", "--resolved")
    assert code == 0, out
    assert "timeout = 60" in settings.read_text()
    assert (system / "services" / "orders" / "CHANGELOG.md").read_text() == "template v2 adds this file\n"
    assert not conflicts.exists()
    assert "timeout = 10" in (system / ".accord" / "scaffold" / "orders" / "settings.ini").read_text()
    git(system, "add", "-A")
    git(system, "commit", "-qm", "template v2")

    # The new rendering is the base: the same template again has nothing to do ...
    code, out = accord(system, "scaffold", "update", "orders")
    assert code == 0, out
    assert "0 file(s) updated" in out
    assert git(system, "status", "--porcelain") == ""
    # ... and a later template change merges cleanly around the resolved line.
    template_settings = template / "{{cookiecutter.service_name}}" / "settings.ini"
    template_settings.write_text(template_settings.read_text().replace("level = info", "level = warning"))
    code, out = accord(system, "scaffold", "update", "orders")
    assert code == 0, out
    text = settings.read_text()
    assert "timeout = 60" in text and "level = warning" in text
