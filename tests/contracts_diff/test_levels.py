"""One severity policy: default levels, `diff.levels` in accord.yaml, `--level CHECK=LEVEL`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app

runner = CliRunner()
CHECKS = Path(__file__).resolve().parent.parent / "fixtures" / "diff" / "checks"
SET = CHECKS / "request-max-length-set"


def diff(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["contracts", "diff", *map(str, args)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_a_bound_set_where_there_was_none_is_an_error_by_default() -> None:
    code, output = diff(SET / "old.yaml", SET / "new.yaml")
    assert code == 1
    assert "request-max-length-set" in output
    assert "POST /pets: request body application/json $.extra: maxLength changed from none to 5" in output


def test_level_option_lowers_a_check(tmp_path: Path) -> None:
    code, output = diff(SET / "old.yaml", SET / "new.yaml", "--level", "request-max-length-set=warning")
    assert code == 0
    assert "1 warning(s)" in output
    assert diff(SET / "old.yaml", SET / "new.yaml", "--level", "request-max-length-set=info")[0] == 0


def test_level_option_raises_a_check() -> None:
    folder = CHECKS / "response-property-added"
    assert diff(folder / "old.yaml", folder / "new.yaml")[0] == 0
    assert diff(folder / "old.yaml", folder / "new.yaml", "--level", "response-property-added=error")[0] == 1


def _manifest(system: Path, levels: str) -> Path:
    manifest = system / "accord.yaml"
    manifest.write_text(manifest.read_text() + f"diff:\n  levels:\n{levels}")
    return manifest


def test_manifest_levels_apply_and_the_option_wins(
    example_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _manifest(example_system, "    request-max-length-set: warning\n")
    monkeypatch.chdir(example_system)
    code, output = diff(SET / "old.yaml", SET / "new.yaml")
    assert code == 0 and "1 warning(s)" in output
    assert diff(SET / "old.yaml", SET / "new.yaml", "--level", "request-max-length-set=error")[0] == 1


def test_unknown_check_in_the_option_exits_2_naming_close_ids() -> None:
    code, output = diff(SET / "old.yaml", SET / "new.yaml", "--level", "request-max-lenght-set=warning")
    assert code == 2
    assert "unknown diff check 'request-max-lenght-set'" in output
    assert "request-max-length-set" in output and "--list-checks" in output


@pytest.mark.parametrize("value", ["request-max-length-set", "request-max-length-set=loud"])
def test_malformed_level_option_exits_2(value: str) -> None:
    code, output = diff(SET / "old.yaml", SET / "new.yaml", "--level", value)
    assert code == 2
    assert "--level" in output


def test_unknown_check_in_the_manifest_names_the_line(
    example_system: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = _manifest(example_system, "    request-max-lenght-set: warning\n")
    line = manifest.read_text().splitlines().index("    request-max-lenght-set: warning") + 1
    monkeypatch.chdir(example_system)
    code, output = diff(SET / "old.yaml", SET / "new.yaml")
    assert code == 2
    assert f"accord.yaml:{line}" in output
    assert "did you mean 'request-max-length-set'" in output


def test_accepted_changes_still_apply_over_levels(tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        "accepted:\n  - {check: request-max-length-set, operation: POST /pets, reason: documented cap}\n"
    )
    args = (SET / "old.yaml", SET / "new.yaml", "--accepted", accepted)
    code, output = diff(*args, "--level", "request-max-length-set=error")
    assert code == 0
    assert "accepted (documented cap)" in output
