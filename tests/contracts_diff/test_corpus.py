"""Refactorings of real contracts: DigitalOcean's multi-file API bundled into one file (every
`$ref` inlined, recursive schemas moved under new component names) is the same API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.contracts.diff import diff_contracts
from accord.contracts.model import Contract, load_contract
from accord.documents.loader import Document


def bundle(contract: Contract) -> dict[str, Any]:
    """Inline every `$ref`; a recursive one becomes a local `#/components/schemas/bundled_N`."""
    names: dict[tuple[str, str], str] = {}
    targets: dict[str, tuple[Any, Document, tuple[str, str]]] = {}

    def inline(value: Any, doc: Document, stack: frozenset[tuple[str, str]]) -> Any:
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                target = contract.resolver.resolve(value["$ref"], doc)
                key = (target.document.name, target.pointer)
                if key in stack:
                    name = names.setdefault(key, f"bundled_{len(names)}")
                    targets[name] = (target.value, target.document, key)
                    return {"$ref": f"#/components/schemas/{name}"}
                return inline(target.value, target.document, stack | {key})
            return {k: inline(v, doc, stack) for k, v in value.items()}
        if isinstance(value, list):
            return [inline(v, doc, stack) for v in value]
        return value

    data = inline(contract.data, contract.document, frozenset())
    done: dict[str, Any] = {}
    while len(done) < len(targets):
        for name, (value, doc, key) in list(targets.items()):
            if name not in done:
                done[name] = inline(value, doc, frozenset({key}))
    data.setdefault("components", {}).setdefault("schemas", {}).update(done)
    return data


@pytest.fixture(scope="module")
def digitalocean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Contract, Contract]:
    original = load_contract(corpus / "digitalocean" / "specification" / "DigitalOcean-public.v2.yaml")
    bundled = tmp_path_factory.mktemp("do") / "bundled.json"
    bundled.write_text(json.dumps(bundle(original)))
    return original, load_contract(bundled)


def test_bundling_a_multi_file_contract_changes_nothing(digitalocean: tuple[Contract, Contract]) -> None:
    original, bundled = digitalocean
    assert len(original.resolver.documents) > 50  # really a multi-file contract
    assert [c.message for c in diff_contracts(original, bundled)] == []
    assert [c.message for c in diff_contracts(bundled, original)] == []
