"""What the walk skips must have nothing to find: no operation check runs on an operation both
versions describe the same way (`OperationPair.unchanged`), and no schema check runs on a pair
of schemas where neither version writes one of its keywords (`check(..., keywords=...)`), and
no pair of schemas written the same way in both versions, without a `$ref`, is queued."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.contracts.diff import diff_paths, walk
from accord.contracts.diff.model import Hit
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.pairs import OperationPair, SchemaPair
from accord.contracts.diff.registry import Check, Scope, rules_in
from accord.contracts.diff.shapes import Node
from accord.contracts.diff.walk import Differ
from accord.contracts.model import load_contract
from accord.contracts.registry import Rule

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


def _schema_findings(old_path: Path, new_path: Path) -> list[str]:
    """Run the walk with every schema check on every pair, each held to its `keywords`: where
    neither version writes one of them, the check must find nothing."""
    differ = Differ(Api(load_contract(old_path)), Api(load_contract(new_path)))
    for direction, rules in differ._schema_rules.items():
        differ._schema_rules[direction] = [(_held(rule, keywords), None) for rule, keywords in rules]
    return [f"{c.check} {c.where}" for c in differ.diff_openapi()]


def _held(rule: Rule[Check], keywords: frozenset[str] | None) -> Rule[Check]:
    def check(pair: SchemaPair) -> list[Hit]:
        hits = list(rule.check(pair))
        if keywords is not None and keywords.isdisjoint(pair.old.keywords | pair.new.keywords):
            assert hits == [], f"{rule.id} found {hits} in a schema without {sorted(keywords)}"
        return hits

    return Rule(rule.id, rule.severity, rule.rationale, check)


def test_no_schema_check_finds_anything_where_its_keywords_are_not() -> None:
    for folder in PAIRS:
        if load_contract(folder / "old.yaml").kind.is_openapi:
            _schema_findings(folder / "old.yaml", folder / "new.yaml")
            _schema_findings(folder / "new.yaml", folder / "old.yaml")


def _bodies(tmp_path: Path, before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    """Diff a 3.1 request body schema `before` -> `after`, both ways of walking."""
    doc = yaml.safe_load(BASE.read_text())
    doc["openapi"] = "3.1.0"
    old, new = copy.deepcopy(doc), copy.deepcopy(doc)
    old["components"]["schemas"]["NewPet"] = before
    new["components"]["schemas"]["NewPet"] = after
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    held = {f.split()[0] for f in _schema_findings(tmp_path / "old.yaml", tmp_path / "new.yaml")}
    found = {c.check for c in diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml").changes}
    assert held == found
    return found


@pytest.mark.parametrize(
    ("before", "after", "check"),
    [
        # a 3.1 exclusive bound written alone is the bound
        (
            {"type": "integer", "exclusiveMaximum": 10},
            {"type": "integer", "exclusiveMaximum": 5},
            "request-maximum-decreased",
        ),
        ({"type": "integer"}, {"type": "integer", "exclusiveMinimum": 0}, "request-minimum-set"),
        # a keyword brought by an allOf member counts as written in the schema
        (
            {"allOf": [{"type": "string"}]},
            {"allOf": [{"type": "string"}, {"maxLength": 3, "pattern": "^a", "enum": ["a"]}]},
            "request-max-length-set",
        ),
        (
            {"allOf": [{"type": "string"}]},
            {"allOf": [{"type": "string", "pattern": "^a"}]},
            "request-pattern-changed",
        ),
        (
            {"type": "object"},
            {"allOf": [{"type": "object", "required": ["a"], "properties": {"a": {}}}]},
            "request-property-added-required",
        ),
        ({"type": "string"}, {"allOf": [{"const": "a"}]}, "request-property-enum-added"),
        (
            {"type": "object"},
            {"allOf": [{"oneOf": [{"type": "string"}, {"type": "integer"}]}]},
            "request-union-branch-added",
        ),
    ],
)
def test_a_keyword_written_anywhere_runs_its_checks(
    tmp_path: Path, before: dict[str, Any], after: dict[str, Any], check: str
) -> None:
    assert check in _bodies(tmp_path, before, after)


def _changes(old_path: Path, new_path: Path) -> list[tuple[str, str, str, str, str]]:
    differ = Differ(Api(load_contract(old_path)), Api(load_contract(new_path)))
    return [(c.check, c.operation, c.where, c.detail, c.pointer) for c in differ.diff_openapi()]


def test_schemas_written_the_same_with_no_ref_have_nothing_to_find(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk does not queue them (`walk._settled`: properties, parameters, items, branches);
    queued, they add no change anywhere."""
    settled, original = 0, walk._settled

    def counted(old: Node, new: Node) -> bool:
        nonlocal settled
        answer = original(old, new)
        settled += answer
        return answer

    folders = [f for f in PAIRS if load_contract(f / "old.yaml").kind.is_openapi]
    for folder in folders:
        for a, b in ((folder / "old.yaml", folder / "new.yaml"), (folder / "new.yaml", folder / "old.yaml")):
            with monkeypatch.context() as patch:
                patch.setattr(walk, "_settled", counted)
                skipping = _changes(a, b)
            with monkeypatch.context() as patch:
                patch.setattr(walk, "_settled", lambda old, new: False)
                assert _changes(a, b) == skipping, folder.name
    assert settled > 100
