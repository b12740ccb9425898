"""The walk passes by an operation written the same in both versions down to all its `$ref`s
reach (`Unchanged`): the diff must find exactly what it finds when it looks into every one,
and a change anywhere a `$ref` leads keeps the operation in the walk."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.contracts.diff import diff_paths
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.unchanged import Unchanged
from accord.contracts.model import load_contract
from accord.errors import ContractError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "diff"
PAIRS = sorted(p.parent for p in FIXTURES.rglob("old.*") if any(p.parent.glob("new.*")))


def _findings(old: Path, new: Path) -> list[tuple[object, ...]]:
    report = diff_paths(old, new).report()
    return [(f.rule, f.severity, f.message, f.file, f.line, f.column, f.pointer) for f in report.findings]


def test_the_diff_finds_the_same_when_it_looks_into_every_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [(old, new) for folder in PAIRS for old in folder.glob("old.*") for new in folder.glob("new.*")]
    pairs += [(new, old) for old, new in pairs]
    skipping = [_findings(old, new) for old, new in pairs]
    monkeypatch.setattr(Unchanged, "operation", lambda self, old, new: False)
    looking = [_findings(old, new) for old, new in pairs]
    assert len(pairs) > 300
    assert skipping == looking


def _contract(schemas: dict[str, Any], **extra: Any) -> dict[str, Any]:
    ok = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "pets", "version": "1"},
        "paths": {
            "/pets/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"responses": {"200": ok}},
            },
            "/owners": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
        "components": {"schemas": schemas},
        **extra,
    }


PET = {
    "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/Owner"}}},
    "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
}


def _unchanged(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> dict[str, bool]:
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    a, b = Api(load_contract(tmp_path / "old.yaml")), Api(load_contract(tmp_path / "new.yaml"))
    judge = Unchanged(a, b)
    before, after = a.operations(), b.operations()
    return {op.label: judge.operation(before[key], op) for key, op in after.items()}


def test_an_operation_the_same_down_to_its_refs_is_unchanged(tmp_path: Path) -> None:
    got = _unchanged(tmp_path, _contract(PET), _contract(copy.deepcopy(PET)))
    assert got == {"GET /pets/{id}": True, "GET /owners": True}


def test_a_change_two_refs_down_keeps_the_operation_in_the_walk(tmp_path: Path) -> None:
    new = copy.deepcopy(PET)
    new["Owner"]["properties"]["name"]["type"] = "integer"
    assert _unchanged(tmp_path, _contract(PET), _contract(new)) == {
        "GET /pets/{id}": False,
        "GET /owners": True,
    }
    checks = {
        (c.check, c.operation) for c in diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml").changes
    }
    assert ("response-property-type-changed", "GET /pets/{id}") in checks


def test_a_changed_path_parameter_or_default_security_keeps_operations_in_the_walk(tmp_path: Path) -> None:
    new = _contract(copy.deepcopy(PET))
    new["paths"]["/pets/{id}"]["parameters"][0]["schema"]["format"] = "uuid"
    assert _unchanged(tmp_path, _contract(PET), new) == {"GET /pets/{id}": False, "GET /owners": True}
    secured = _contract(copy.deepcopy(PET), security=[{"key": []}])
    assert set(_unchanged(tmp_path, _contract(PET), secured).values()) == {False}


def _cycle(extra_change: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """Pet -> Owner -> Pet (a cycle), and Owner -> Address, changed or not in the new version."""
    schemas = copy.deepcopy(PET)
    schemas["Owner"]["properties"]["pets"] = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    schemas["Owner"]["properties"]["home"] = {"$ref": "#/components/schemas/Address"}
    schemas["Address"] = {"type": "object", "properties": {"city": {"type": "string"}}}
    new = copy.deepcopy(schemas)
    if extra_change:
        new["Address"]["properties"]["city"]["maxLength"] = 10
    old_doc, new_doc = _contract(schemas), _contract(new)
    for doc in (old_doc, new_doc):  # a second operation that reaches the cycle from Owner
        owner = {"$ref": "#/components/schemas/Owner"}
        doc["paths"]["/owners"]["get"]["responses"]["200"]["content"] = {
            "application/json": {"schema": owner}
        }
    return old_doc, new_doc


@pytest.mark.parametrize("changed", [False, True])
def test_cycles_of_refs_are_judged_whole(tmp_path: Path, changed: bool) -> None:
    old, new = _cycle(changed)
    assert set(_unchanged(tmp_path, old, new).values()) == {not changed}


def test_a_dense_web_of_refs_is_walked_once(tmp_path: Path) -> None:
    # Every schema refers to every other: a walk that did not remember what it had judged would
    # take longer than the age of the universe; the last one differs, and every operation sees it.
    names = [f"S{i}" for i in range(40)]
    schemas = {
        n: {"type": "object", "properties": {m: {"$ref": f"#/components/schemas/{m}"} for m in names}}
        for n in names
    }
    new = copy.deepcopy(schemas)
    new["S39"]["description"] = "changed"
    old_doc, new_doc = (
        _contract({**schemas, "Pet": {"$ref": "#/components/schemas/S0"}}),
        _contract({**new, "Pet": {"$ref": "#/components/schemas/S0"}}),
    )
    assert _unchanged(tmp_path, old_doc, new_doc)["GET /pets/{id}"] is False
    assert _unchanged(tmp_path, old_doc, copy.deepcopy(old_doc))["GET /pets/{id}"] is True


def test_what_cannot_be_judged_is_left_to_the_walk(tmp_path: Path) -> None:
    dynamic = copy.deepcopy(PET)
    dynamic["Pet"]["properties"]["owner"] = {"$dynamicRef": "#/components/schemas/Owner"}
    assert (
        _unchanged(tmp_path, _contract(dynamic), _contract(copy.deepcopy(dynamic)))["GET /pets/{id}"] is False
    )
    broken = copy.deepcopy(PET)
    broken["Pet"]["properties"]["owner"] = {"$ref": "#/components/schemas/Nobody"}
    assert (
        _unchanged(tmp_path, _contract(broken), _contract(copy.deepcopy(broken)))["GET /pets/{id}"] is False
    )
    with pytest.raises(ContractError, match="Nobody"):  # reported as before, though nothing changed
        diff_paths(tmp_path / "old.yaml", tmp_path / "new.yaml")


def _random_pair(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A contract whose schemas refer to each other at random (cycles included), and a next
    version with a few random changes somewhere along the `$ref` chains."""
    rng = random.Random(seed)
    names = [f"S{i}" for i in range(rng.randint(2, 7))]
    schemas: dict[str, Any] = {}
    for name in names:
        properties: dict[str, Any] = {"id": {"type": "string"}}
        for target in rng.sample(names, rng.randint(0, min(3, len(names)))):
            properties[f"to_{target}"] = {"$ref": f"#/components/schemas/{target}"}
        schemas[name] = {"type": "object", "properties": properties}
    paths: dict[str, Any] = {}
    for index in range(rng.randint(1, 5)):
        body = {
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{rng.choice(names)}"}}}
        }
        answer = {
            "description": "ok",
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{rng.choice(names)}"}}
            },
        }
        paths[f"/r{index}"] = {"post": {"requestBody": body, "responses": {"200": answer}}}
    old = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    new = copy.deepcopy(old)
    for _ in range(rng.randint(0, 2)):
        properties = new["components"]["schemas"][rng.choice(names)]["properties"]
        change = rng.choice(["type", "drop", "add"])
        if change == "type":
            properties["id"]["type"] = "integer"
        elif change == "drop" and len(properties) > 1:
            del properties[rng.choice([k for k in properties if k != "id"])]
        else:
            properties["extra"] = {"$ref": f"#/components/schemas/{rng.choice(names)}"}
    return old, new


@pytest.mark.parametrize("seed", range(60))
def test_random_webs_of_refs_find_the_same_with_and_without_the_skip(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _random_pair(seed)
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    pair = (tmp_path / "old.yaml", tmp_path / "new.yaml")
    skipping = _findings(*pair), _findings(*reversed(pair))
    monkeypatch.setattr(Unchanged, "operation", lambda self, old, new: False)
    assert (_findings(*pair), _findings(*reversed(pair))) == skipping
