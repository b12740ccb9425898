"""Hostile input: every file gives a clean InputError (exit 2) naming the line, fast, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.model import load_contract
from accord.errors import InputError

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"

# file -> (words the message must hold, the line it must name or None when no line applies)
CASES: dict[str, tuple[str, int | None]] = {
    # Stopped at the first alias that takes the expansion past 10x what is written.
    "alias-bomb.yaml": ("alias bomb", 6),
    # A valid contract of 674 bytes whose schemas expand 8^5 times: lint took 50 s on it.
    "alias-bomb-schemas.yaml": ("alias bomb", 10),
    "deep-flow.yaml": ("nesting depth", 2),
    "deep-flow.json": ("nested too deeply", None),
    "deep-block.yaml": ("nested too deeply", 403),
    "binary.yaml": ("binary", None),
    "latin1.yaml": ("not valid UTF-8", 3),
    "utf16.yaml": ("UTF-16", None),
    "empty.yaml": ("empty", None),
    "whitespace.yaml": ("empty", None),
    "scalar-root.yaml": ("a single value, not a mapping", 1),
    "list-root.yaml": ("a list, not a mapping", 1),
    "duplicate-keys.yaml": ("duplicate key 'title' (first defined on line 3)", 5),
    "duplicate-keys.json": ("duplicate key 'paths'", 4),
    "tabs.yaml": ("invalid YAML", 3),
    "unterminated-string.yaml": ("invalid YAML", 6),
    "unterminated-string.json": ("invalid JSON", 2),
    "python-object.yaml": ("unsupported YAML tag", 2),
    "python-name.yaml": ("unsupported YAML tag", 2),
    "not-a-contract.yaml": ("not an OpenAPI or AsyncAPI document", 1),
    "bad-version.yaml": ("unsupported openapi version '9.9.9'", 1),
}


def test_every_hostile_file_has_a_case() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir() if p.is_file()}
    assert on_disk == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_is_refused_cleanly(name: str) -> None:
    words, line = CASES[name]
    with pytest.raises(InputError) as info:
        load_contract(HOSTILE / name)
    assert words in info.value.message
    assert info.value.file is not None and info.value.file.endswith(name)
    assert info.value.line == line


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_through_the_cli(name: str) -> None:
    result = CliRunner().invoke(app, ["contracts", "validate", "--no-cache", str(HOSTILE / name)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert name in result.output and "error:" in result.output


def test_tabs_get_a_hint() -> None:
    with pytest.raises(InputError) as info:
        load_contract(HOSTILE / "tabs.yaml")
    assert info.value.hint == "indent with spaces, not tabs"


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = Path("/tmp/accord-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(InputError):
        load_contract(HOSTILE / "python-object.yaml")
    assert not marker.exists()


def test_missing_file() -> None:
    result = CliRunner().invoke(app, ["contracts", "validate", str(HOSTILE / "no-such.yaml")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_directory_given_as_a_contract_file(tmp_path: Path) -> None:
    folder = tmp_path / "openapi.yaml"
    folder.mkdir()
    with pytest.raises(InputError, match="directory"):
        load_contract(folder)
    result = CliRunner().invoke(app, ["contracts", "validate", str(folder)])
    assert result.exit_code == 2
    assert "holds no OpenAPI or AsyncAPI contract" in result.output


def test_huge_single_line(tmp_path: Path) -> None:
    # 8 MB of minified JSON on one line, broken at its very end.
    path = tmp_path / "huge.json"
    body = ",".join(f'"k{i}": "{"x" * 40}"' for i in range(180_000))
    path.write_text('{"openapi": "3.0.3", ' + body + ', "end": }')
    with pytest.raises(InputError) as info:
        load_contract(path)
    assert info.value.line == 1
    assert info.value.column is not None and info.value.column > 8_000_000


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(InputError, match="MiB"):
        load_contract(path)


def test_bad_file_among_good_ones_stops_with_exit_2(fixtures: Path) -> None:
    good = (
        Path(__file__).resolve().parents[2] / "examples" / "shop" / "services" / "payments" / "openapi.yaml"
    )
    result = CliRunner().invoke(
        app, ["contracts", "validate", "--no-cache", str(good), str(HOSTILE / "binary.yaml")]
    )
    assert result.exit_code == 2


def test_lint_refuses_an_alias_bomb_before_walking_it() -> None:
    bomb = HOSTILE / "alias-bomb-schemas.yaml"
    result = CliRunner().invoke(app, ["contracts", "lint", "--no-cache", str(bomb)])
    assert result.exit_code == 2, result.output
    assert "alias bomb" in result.output and "alias-bomb-schemas.yaml:10" in result.output
