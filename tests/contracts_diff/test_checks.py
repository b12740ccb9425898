"""Every diff check fires on its before/after pair, and every check has a pair."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.diff import diff_paths, list_checks
from accord.report import Severity

PAIRS = Path(__file__).resolve().parent.parent / "fixtures" / "diff" / "checks"
FOLDERS = sorted(p.name for p in PAIRS.iterdir() if p.is_dir())
# Contract-level checks need a git history; test_base_ref covers them.
GIT_ONLY = {"contract-added", "contract-removed"}
# Changes that are just as breaking when undone (a type swapped for another, a name changed).
SYMMETRIC = {
    "async-operation-action-changed",
    "base-path-changed",
    "request-default-changed",
    "if-condition-changed",
    "request-not-changed",
    "response-not-changed",
    "operation-id-changed",
    "request-parameter-style-changed",
    "request-property-type-changed",
    "response-property-type-changed",
    "response-pattern-changed",
    "response-property-format-changed",
    "response-success-status-removed",
    "security-scheme-changed",
    "webhook-success-status-removed",
}


def test_every_check_has_a_pair() -> None:
    covered = {name.split("@")[0] for name in FOLDERS}
    # The proto checks have their table of pairs: tests/contracts_proto/test_breaking_vs_buf.py.
    missing = [
        check_id
        for check_id, _, _ in list_checks()
        if check_id not in covered | GIT_ONLY and not check_id.startswith("proto-")
    ]
    assert missing == []
    assert len(list_checks()) >= 40


def test_every_pair_names_a_check() -> None:
    known = {check_id for check_id, _, _ in list_checks()}
    assert [name for name in FOLDERS if name.split("@")[0] not in known] == []


@pytest.mark.parametrize("folder", FOLDERS)
def test_check_fires_on_its_pair(folder: str) -> None:
    check_id = folder.split("@")[0]
    result = diff_paths(PAIRS / folder / "old.yaml", PAIRS / folder / "new.yaml")
    fired = [c for c in result.changes if c.check == check_id]
    assert fired, f"{check_id} did not fire; found {[c.check for c in result.changes]}"
    finding = result.finding(fired[0])
    # Removals point into OLD, everything else into NEW, at a real line.
    expected_file = "old.yaml" if fired[0].side.value == "old" else "new.yaml"
    assert finding.file is not None and finding.file.endswith(expected_file)
    assert finding.line is not None and finding.line > 1


@pytest.mark.parametrize("folder", FOLDERS)
def test_pair_reversed_does_not_repeat_a_breaking_check(folder: str) -> None:
    """Undoing a change is never the same breaking change again."""
    check_id = folder.split("@")[0]
    result = diff_paths(PAIRS / folder / "new.yaml", PAIRS / folder / "old.yaml")
    rule_levels = {i: s for i, s, _ in list_checks()}
    if rule_levels[check_id] is Severity.info or check_id in SYMMETRIC:
        return
    assert check_id not in {c.check for c in result.changes}


def test_messages_name_the_operation_and_the_json_path() -> None:
    folder = PAIRS / "request-property-type-changed"
    (change,) = diff_paths(folder / "old.yaml", folder / "new.yaml").changes
    assert (
        change.message
        == "POST /pets: request body application/json $.tag: type changed from string to integer"
    )
    assert change.severity is Severity.error


def test_a_removed_shared_parameter_points_at_the_operation_that_listed_it() -> None:
    folder = PAIRS / "request-parameter-removed@component"
    (change,) = diff_paths(folder / "old.yaml", folder / "new.yaml").changes
    assert change.pointer == "/paths/~1pets/get/parameters/0"
    assert change.message == "GET /pets: query parameter 'limit' removed"
