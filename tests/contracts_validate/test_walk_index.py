"""The walk's index of the mappings that hold a key rules look for (`Walk.having`): the same
mappings, in the same order, as asking every mapping of the walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.model import load_contract
from accord.contracts.walk import KEYED, walk_contract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONTRACTS = [
    FIXTURES / "validate" / "examples" / "media-examples.yaml",  # examples of every kind
    FIXTURES / "lint" / "inline-ignore.yaml",  # x-accord-ignore
    FIXTURES / "lint" / "rules" / "no-ref-siblings" / "pass.yaml",
    FIXTURES / "lint" / "rules" / "pattern-portable" / "fail.yaml",
    FIXTURES / "corpus" / "asyncapi" / "examples" / "streetlights-mqtt-asyncapi.yml",
]


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.name)
def test_having_lists_what_asking_every_mapping_finds(path: Path) -> None:
    walk = walk_contract(load_contract(path))
    for key in sorted(KEYED):
        assert walk.having(key) == [node for node in walk.nodes if key in node.value], key
    either = [node for node in walk.nodes if "example" in node.value or "examples" in node.value]
    assert walk.having("example", "examples") == either


def test_every_key_is_found_somewhere_in_these_contracts() -> None:
    """So that the test above compares lists that are not all empty."""
    walks = [walk_contract(load_contract(path)) for path in CONTRACTS]
    assert {key for key in KEYED if any(walk.having(key) for walk in walks)} == KEYED
    assert any(len(walk.having("example")) > 1 and walk.having("examples") for walk in walks)


def test_a_key_the_walk_does_not_index_is_refused() -> None:
    walk = walk_contract(load_contract(CONTRACTS[0]))
    with pytest.raises(KeyError):
        walk.having("description")
