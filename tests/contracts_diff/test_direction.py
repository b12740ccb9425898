"""Direction: the same change breaks clients in a request and not in a response, or the reverse."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.contracts.diff import diff_paths

BASE = Path(__file__).resolve().parent.parent / "fixtures" / "diff" / "checks" / "path-removed" / "old.yaml"


def _diff(tmp_path: Path, schema: str, prop: str, before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    doc = yaml.safe_load(BASE.read_text())
    old, new = copy.deepcopy(doc), copy.deepcopy(doc)
    old["components"]["schemas"][schema]["properties"][prop] = before
    new["components"]["schemas"][schema]["properties"][prop] = after
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    result = diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml")
    return {c.check for c in result.changes if c.severity.value != "info"}


# (before, after, breaking in the request body, breaking in the response body)
CASES = [
    (
        {"type": "string", "maxLength": 10},
        {"type": "string", "maxLength": 5},
        {"request-max-length-decreased"},
        set(),
    ),
    (
        {"type": "string", "maxLength": 5},
        {"type": "string", "maxLength": 10},
        set(),
        {"response-max-length-increased"},
    ),
    (
        {"type": "string", "enum": ["a", "b"]},
        {"type": "string", "enum": ["a"]},
        {"request-enum-value-removed"},
        set(),
    ),
    (
        {"type": "string", "enum": ["a"]},
        {"type": "string", "enum": ["a", "b"]},
        set(),
        {"response-enum-value-added"},
    ),
    ({"type": "integer"}, {"type": "number"}, set(), {"response-property-type-changed"}),
    ({"type": "number"}, {"type": "integer"}, {"request-property-type-changed"}, set()),
    ({"type": "string", "nullable": True}, {"type": "string"}, {"request-nullable-removed"}, set()),
    ({"type": "string"}, {"type": "string", "nullable": True}, set(), {"response-nullable-added"}),
    (
        {"type": "integer", "format": "int32"},
        {"type": "integer", "format": "int64"},
        set(),
        {"response-property-format-changed"},
    ),
]


@pytest.mark.parametrize(("before", "after", "in_request", "in_response"), CASES)
def test_the_same_change_is_judged_by_direction(
    tmp_path: Path, before: dict[str, Any], after: dict[str, Any], in_request: set[str], in_response: set[str]
) -> None:
    assert _diff(tmp_path, "NewPet", "tag", before, after) == in_request
    assert _diff(tmp_path, "Pet", "tag", before, after) == in_response


def test_a_schema_shared_by_request_and_response_is_judged_both_ways(tmp_path: Path) -> None:
    doc = yaml.safe_load(BASE.read_text())
    doc["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Pet"
    }
    new = copy.deepcopy(doc)
    new["components"]["schemas"]["Pet"]["properties"]["status"]["enum"] = ["available"]
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    checks = {c.check: c for c in diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml").changes}
    assert set(checks) == {"request-enum-value-removed", "response-enum-value-removed"}
    assert checks["request-enum-value-removed"].operation == "POST /pets"


def test_read_only_properties_do_not_count_in_requests(tmp_path: Path) -> None:
    before = {"type": "string", "readOnly": True}
    after = {"type": "integer", "readOnly": True}
    doc = yaml.safe_load(BASE.read_text())
    old, new = copy.deepcopy(doc), copy.deepcopy(doc)
    old["components"]["schemas"]["NewPet"]["properties"]["serial"] = before
    new["components"]["schemas"]["NewPet"]["properties"]["serial"] = after
    new["components"]["schemas"]["NewPet"]["required"].append("serial")
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    checks = {c.check for c in diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml").changes}
    assert checks == set()
