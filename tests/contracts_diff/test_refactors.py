"""Refactorings of a contract's text are not changes of the API: these pairs report nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.diff import diff_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "diff"
SAME = sorted(p.name for p in (FIXTURES / "same").iterdir() if p.is_dir())


@pytest.mark.parametrize("name", SAME)
def test_refactoring_reports_nothing(name: str) -> None:
    folder = FIXTURES / "same" / name
    result = diff_paths(folder / "old.yaml", folder / "new.yaml")
    assert [c.message for c in result.changes] == []


def test_the_refactor_corpus_covers_the_usual_false_alarms() -> None:
    assert {
        "renamed-component",
        "inlined-schema",
        "schema-moved-to-another-file",
        "reordered-properties-and-paths",
        "descriptions-and-examples",
        "all-of-split",
    } <= set(SAME)


def test_path_parameter_rename_is_a_rename_not_a_removal() -> None:
    folder = FIXTURES / "checks" / "path-parameter-renamed"
    result = diff_paths(folder / "old.yaml", folder / "new.yaml")
    assert [(c.check, c.severity.value, c.message) for c in result.changes] == [
        ("path-parameter-renamed", "info", "GET /pets/{id}: path parameter 'petId' renamed to 'id'")
    ]


def test_a_real_change_inside_a_moved_schema_is_still_found(tmp_path: Path) -> None:
    source = FIXTURES / "same" / "schema-moved-to-another-file"
    (tmp_path / "schemas").mkdir()
    (tmp_path / "old.yaml").write_text((source / "old.yaml").read_text())
    (tmp_path / "new.yaml").write_text((source / "new.yaml").read_text())
    moved = (source / "schemas" / "pet.yaml").read_text().replace("maxLength: 50", "maxLength: 80")
    (tmp_path / "schemas" / "pet.yaml").write_text(moved)
    (change,) = diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml").changes
    assert change.check == "response-max-length-increased"
    assert change.document.path.name == "pet.yaml"
    assert change.document.locate(change.pointer).line == 11  # the maxLength line of pet.yaml
