"""The walk runs no operation check on an operation both versions describe the same way
(`OperationPair.unchanged`): every operation check must find nothing there, and a change
reached only through a `$ref` must still count as a change."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.contracts.diff import diff_paths
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.pairs import OperationPair
from accord.contracts.diff.registry import Scope, rules_in
from accord.contracts.model import load_contract

CHECKS = Path(__file__).resolve().parent.parent / "fixtures" / "diff" / "checks"
PAIRS = sorted(p for p in CHECKS.iterdir() if (p / "old.yaml").is_file() and (p / "new.yaml").is_file())
BASE = CHECKS / "request-parameter-became-required" / "old.yaml"


def _operation_pairs(old_path: Path, new_path: Path) -> list[OperationPair]:
    old_contract, new_contract = load_contract(old_path), load_contract(new_path)
    if not (old_contract.kind.is_openapi and new_contract.kind.is_openapi):
        return []
    old, new = Api(old_contract), Api(new_contract)
    found = []
    sides = ((old.operations(), new.operations()), (old.reversed_operations(), new.reversed_operations()))
    for before, after in sides:
        found += [OperationPair(before[key], op, old, new) for key, op in after.items() if key in before]
    return found


def test_no_operation_check_finds_anything_on_an_unchanged_operation() -> None:
    unchanged = 0
    for folder in PAIRS:
        for a, b in ((folder / "old.yaml", folder / "new.yaml"), (folder / "new.yaml", folder / "old.yaml")):
            for pair in _operation_pairs(a, b):
                if not pair.unchanged():
                    continue
                unchanged += 1
                for rule in rules_in(Scope.webhook if pair.new.reverse else Scope.operation):
                    assert list(rule.check(pair)) == [], f"{rule.id} on {pair.new.label} in {folder.name}"
    assert unchanged > 100  # most operations of most pairs are untouched


def _changed_through_refs(tmp_path: Path, change: str) -> tuple[OperationPair, set[str]]:
    """The same operation text in both versions; what its `$ref`s point at differs."""
    doc = yaml.safe_load(BASE.read_text())
    get = doc["paths"]["/pets"]["get"]
    doc["components"]["parameters"] = {"Limit": get["parameters"][0]}
    doc["components"]["headers"] = {"Trace": get["responses"]["200"]["headers"]["X-Trace"]}
    doc["components"]["responses"] = {"Missing": get["responses"]["404"]}
    get["parameters"][0] = {"$ref": "#/components/parameters/Limit"}
    get["responses"]["200"]["headers"]["X-Trace"] = {"$ref": "#/components/headers/Trace"}
    get["responses"]["404"] = {"$ref": "#/components/responses/Missing"}
    new: dict[str, Any] = copy.deepcopy(doc)
    components = new["components"]
    if change == "parameter":
        components["parameters"]["Limit"]["required"] = True
    elif change == "header":
        components["headers"]["Trace"]["required"] = True
        doc["components"]["headers"]["Trace"]["required"] = True
        del new["components"]["headers"]["Trace"]["required"]
    else:
        components["responses"]["Missing"]["content"] = {"text/plain": {"schema": {"type": "string"}}}
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(doc))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    pairs = {p.new.label: p for p in _operation_pairs(tmp_path / "old.yaml", tmp_path / "new.yaml")}
    checks = {c.check for c in diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml").changes}
    return pairs["GET /pets"], checks


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ("parameter", "request-parameter-became-required"),
        ("header", "response-header-became-optional"),
        ("response", "response-media-type-added"),
    ],
)
def test_a_change_behind_a_ref_is_a_change(tmp_path: Path, change: str, check: str) -> None:
    pair, checks = _changed_through_refs(tmp_path, change)
    assert pair.old.node.value == pair.new.node.value
    assert not pair.unchanged()
    assert check in checks
