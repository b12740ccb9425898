"""`scaffold update`: template changes merge into the user's edits; conflicts exit 1 and change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from accord.scaffold import ScaffoldRequest, scaffold_service
from accord.scaffold.update import update_service
from tests.scaffold.conftest import TEMPLATES, snapshot, workspace


def scaffold_from_v1(system: Path) -> tuple[Path, Path]:
    template = system.parent / "template"
    shutil.copytree(TEMPLATES / "plain-v1", template)
    request = ScaffoldRequest("orders", template=str(template), gateway="none", values={"port": "8123"})
    service = scaffold_service(workspace(system), request).path
    return template, service


def release_v2(template: Path) -> None:
    shutil.rmtree(template)
    shutil.copytree(TEMPLATES / "plain-v2", template)


def test_clean_merge_keeps_user_edits_and_brings_template_changes(system: Path) -> None:
    template, service = scaffold_from_v1(system)
    settings = service / "settings.ini"
    settings.write_text(settings.read_text().replace("retries = 3", "retries = 7"))  # the user's edit
    release_v2(template)
    result = update_service(workspace(system), "orders")
    assert result.exit_code == 0
    assert result.conflicts == ()
    text = settings.read_text()
    assert "retries = 7" in text  # kept
    assert "timeout = 10" in text  # from the new template
    assert "port = 8123" in text
    assert (service / "CHANGELOG.md").read_text() == "template v2 adds this file\n"
    assert result.old_version != result.new_version
    # A second update has nothing left to do.
    assert update_service(workspace(system), "orders").updated == ()


def test_conflict_exits_1_and_changes_nothing(system: Path) -> None:
    template, service = scaffold_from_v1(system)
    settings = service / "settings.ini"
    settings.write_text(settings.read_text().replace("timeout = 5", "timeout = 60"))  # same line as v2
    release_v2(template)
    before = snapshot(service)
    result = CliRunner().invoke(app, ["scaffold", "update", "orders", "--workspace", str(system)])
    assert result.exit_code == 1
    assert "conflict: settings.ini" in result.output
    assert snapshot(service) == before  # not clobbered, no markers in the user's file
    merged = (system / ".accord" / "scaffold" / "orders.conflicts" / "settings.ini").read_text()
    assert "<<<<<<< yours" in merged
    assert "timeout = 60" in merged
    assert "timeout = 10" in merged
