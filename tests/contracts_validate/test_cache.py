"""The content-hash cache: reused while every file of a contract is unchanged, never after."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from accord.contracts.findings_cache import FindingsCache, cache_dir
from accord.contracts.validate import validate_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validate"


def _copy_multi(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "bad" / "multi", tmp_path / "multi")
    return tmp_path / "multi" / "openapi.yaml"


def _rule_file_line(findings: list) -> list[tuple[str, str, int | None]]:
    return sorted((f.rule, Path(f.file).name, f.line) for f in findings)


# What validate finds in bad/multi: a `$ref` into part.yaml that points at nothing, and an
# example that is not an integer, both in schemas/thing.yaml.
MULTI_FINDINGS = [("example-invalid", "thing.yaml", 6), ("unresolved-ref", "thing.yaml", 10)]


def _tamper(root: Path) -> None:
    """Change the stored findings, so a cache hit is visible in the result."""
    entry_path = FindingsCache().entry_path("validate", root)
    entry = json.loads(entry_path.read_text())
    for item in entry["findings"]:
        item["message"] = "from the cache"
    entry_path.write_text(json.dumps(entry))


def test_cache_lives_under_xdg_cache_home(private_cache: Path) -> None:
    assert cache_dir() == private_cache / "accord" / "findings"


def test_unchanged_contract_is_answered_from_the_cache(tmp_path: Path) -> None:
    root = _copy_multi(tmp_path)
    first = validate_paths([root])
    assert _rule_file_line(first.findings) == MULTI_FINDINGS
    _tamper(root)
    second = validate_paths([root])
    assert {f.message for f in second.findings} == {"from the cache"}
    assert [f.line for f in second.findings] == [f.line for f in first.findings]


def test_a_changed_referenced_file_invalidates_the_entry(tmp_path: Path) -> None:
    root = _copy_multi(tmp_path)
    validate_paths([root])
    _tamper(root)
    thing = root.parent / "schemas" / "thing.yaml"
    thing.write_text(thing.read_text().replace("example: big", "example: 3"))
    report = validate_paths([root])
    assert [f.rule for f in report.findings] == ["unresolved-ref"]
    assert "from the cache" not in report.findings[0].message


def test_no_cache_ignores_the_entry(tmp_path: Path) -> None:
    root = _copy_multi(tmp_path)
    validate_paths([root])
    _tamper(root)
    report = validate_paths([root], use_cache=False)
    assert "from the cache" not in {f.message for f in report.findings}


def test_a_broken_entry_is_ignored(tmp_path: Path) -> None:
    root = _copy_multi(tmp_path)
    validate_paths([root])
    FindingsCache().entry_path("validate", root).write_text("{not json")
    report = validate_paths([root])
    assert _rule_file_line(report.findings) == MULTI_FINDINGS


def test_an_entry_of_other_code_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Same accord version, different rule code or validator library: the findings may differ.
    root = _copy_multi(tmp_path)
    validate_paths([root])
    _tamper(root)
    monkeypatch.setattr("accord.contracts.findings_cache._code", lambda: "other code")
    report = validate_paths([root])
    assert "from the cache" not in {f.message for f in report.findings}


def test_validate_and_lint_share_one_cache_with_their_own_entries(tmp_path: Path) -> None:
    from accord.contracts.lint import lint_paths

    root = _copy_multi(tmp_path)
    validated = validate_paths([root])
    _tamper(root)
    linted = lint_paths([root], cache=FindingsCache())
    assert "from the cache" not in {f.message for f in linted.findings}  # not validate's entry
    assert FindingsCache().get("lint", root, "other settings") is None  # the settings are in the key
    assert {f.message for f in validate_paths([root]).findings} == {"from the cache"}
    assert _rule_file_line(validated.findings) == MULTI_FINDINGS


def test_a_cache_that_cannot_be_written_costs_only_its_speed_up(tmp_path: Path) -> None:
    """A folder where the entry should go (as a read-only disk would): validate still answers."""
    root = _copy_multi(tmp_path)
    FindingsCache().entry_path("validate", root).mkdir(parents=True)
    report = validate_paths([root])
    assert _rule_file_line(report.findings) == MULTI_FINDINGS
    assert _rule_file_line(validate_paths([root]).findings) == MULTI_FINDINGS
