"""One removal rule with `diff.deprecation_days`: an operation deprecated without `x-sunset`
gets that many days of notice from the old version's date (the old file's modification time,
or the `--base-ref` commit's date). Removal after is info, before is an error, for a single
operation and a whole path alike."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

runner = CliRunner()
PAIR = Path(__file__).resolve().parent.parent / "fixtures" / "diff" / "deprecation-days"
DAY = 86400
SINGLE = "POST /pets: deprecated operation removed"
WHOLE = "GET /pets/{petId}: deprecated operation removed"


def _system(tmp_path: Path, days: object | None) -> Path:
    system = tmp_path / "system"
    assert runner.invoke(app, ["init", str(system)]).exit_code == 0
    if days is not None:
        manifest = system / "accord.yaml"
        manifest.write_text(manifest.read_text() + f"diff:\n  deprecation_days: {days}\n")
    for name in ("old.yaml", "new.yaml"):
        shutil.copy(PAIR / name, system / name)
    return system


def _age(path: Path, days: int) -> None:
    stamp = time.time() - days * DAY
    os.utime(path, (stamp, stamp))


def _diff(system: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(system)
    result = runner.invoke(app, ["contracts", "diff", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_removed_within_the_notice_is_an_error_alone_or_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _system(tmp_path, 30)
    _age(system / "old.yaml", 10)
    code, output = _diff(system, monkeypatch, "old.yaml", "new.yaml")
    assert code == 1
    for operation in (SINGLE, WHOLE):
        assert f"{operation} before its sunset" in output
    assert output.count("(30 days of diff.deprecation_days)") == 2
    assert "operation-removed-before-sunset" in output and "path-removed" not in output


def test_removed_after_the_notice_is_info_alone_or_with_its_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _system(tmp_path, 30)
    _age(system / "old.yaml", 40)
    code, output = _diff(system, monkeypatch, "old.yaml", "new.yaml", "-f", "json")
    assert code == 0
    assert output.count('"rule": "deprecated-operation-removed"') == 2
    assert '"severity": "error"' not in output


def test_without_the_setting_a_deprecation_without_a_date_promised_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _system(tmp_path, None)
    code, output = _diff(system, monkeypatch, "old.yaml", "new.yaml")
    assert code == 0
    assert "deprecated-operation-removed" in output


def test_a_declared_x_sunset_wins_over_the_notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = _system(tmp_path, 36500)
    old = system / "old.yaml"
    sunset = "deprecated: true\n      x-sunset: '2020-01-01'"
    old.write_text(old.read_text().replace("deprecated: true", sunset))
    code, output = _diff(system, monkeypatch, "old.yaml", "new.yaml")
    assert code == 0, output


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **({"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {})}
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.mark.parametrize(("age", "expected"), [(10, 1), (40, 0)])
def test_base_ref_counts_from_the_commit_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age: int, expected: int
) -> None:
    system = _system(tmp_path, 30)
    shutil.copy(PAIR / "old.yaml", system / "pets.yaml")
    _git(system, "init", "-q", "-b", "main")
    _git(system, "add", "-A")
    _git(system, "commit", "-q", "-m", "pets", date=f"{int(time.time()) - age * DAY} +0000")
    shutil.copy(PAIR / "new.yaml", system / "pets.yaml")
    code, output = _diff(system, monkeypatch, "--base-ref", "main", "pets.yaml")
    assert code == expected, output
    check = "operation-removed-before-sunset" if expected else "deprecated-operation-removed"
    assert output.count(check) >= 2


@pytest.mark.parametrize("value", ["-1", "ninety", "true"])
def test_a_malformed_setting_exits_2_naming_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    system = _system(tmp_path, value)
    code, output = _diff(system, monkeypatch, "old.yaml", "new.yaml")
    assert code == 2
    assert "accord.yaml" in output and "deprecation_days" in output
