"""The check of what the fast YAML parser returns: level by level (C does the per-node work)
it answers as the walk node by node does, and hands the text to the careful path for the
same reasons, wherever in the document they lie."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml_rs

from accord.documents import plain_data
from accord.documents.limits import MAX_DEPTH
from accord.documents.loader import _NOT_PARSED, _fast_yaml, load_document


def _nested(depth: int, leaf: dict[str, Any]) -> dict[str, Any]:
    """`leaf` at `depth` (the Rust parser refuses to nest this deep: its data is made here)."""
    data: Any = leaf
    for _ in range(depth - 1):
        data = [data]
    return {"a": data}


CASES = [
    "a: 1\nb: [x, 2.5, true, null, {c: d}]\n",
    "responses:\n  200: ok\n  404: missing\n",  # number keys, made strings
    "paths:\n  /a:\n    get:\n      responses:\n        200:\n          content: {x: [1, {201: y}]}\n",
    "a:\n  - b:\n      true: 1\n",  # a bool key, deep down
    "a:\n  - b:\n      null: 1\n",
    "a:\n  - b:\n      1.5: x\n",
    "a:\n  - ? [x]\n    : 1\n",  # a complex key
    "a: [1, [2, [3, 0x" + "f" * 4000 + "]]]\n",  # a number too long, three levels down
    "a: [1, [2, [3, 0x" + "f" * 3000 + "]]]\n",
    "[]\n",
    "plain text\n",
]
DEEP = [
    _nested(MAX_DEPTH - 1, {"x": 1}),
    _nested(MAX_DEPTH, {"x": 1}),
    _nested(MAX_DEPTH + 1, {"x": 1}),
    _nested(MAX_DEPTH, {}),  # an empty mapping at the deepest level allowed, and one past it
    _nested(MAX_DEPTH + 1, {}),
    _nested(MAX_DEPTH - 5, {"x": {1: [2]}}),  # a number key down there
    _nested(MAX_DEPTH - 5, {"x": {(1,): 2}}),
    _nested(3, {"x": {1, 2}}),  # no JSON value
]


@pytest.mark.parametrize("data", [*(yaml_rs.loads(t, parse_datetime=False) for t in CASES), *DEEP])
def test_the_level_walk_answers_as_the_node_walk(data: Any) -> None:
    by_level, by_node = copy.deepcopy(data), copy.deepcopy(data)
    verdict = plain_data.plain_json_data(by_level)
    assert verdict == plain_data._plain_nodes(by_node, 0)
    if verdict:
        assert by_level == by_node  # number keys made strings by both


def test_depth_and_values_deep_down() -> None:
    assert plain_data.plain_json_data(_nested(MAX_DEPTH, {"x": 1}))
    assert not plain_data.plain_json_data(_nested(MAX_DEPTH + 1, {"x": 1}))
    assert not plain_data.plain_json_data(_nested(MAX_DEPTH + 1, {}))
    assert not plain_data.plain_json_data(_nested(3, {"x": {1, 2}}))
    fixed = _nested(MAX_DEPTH - 5, {"x": {1: [2]}})
    assert plain_data.plain_json_data(fixed)
    assert fixed == _nested(MAX_DEPTH - 5, {"x": {"1": [2]}})


def test_this_python_takes_the_level_walk() -> None:
    assert plain_data._BY_LEVEL  # else every file is walked node by node: right, but slower


def test_number_keys_deep_in_lists_become_strings() -> None:
    data: Any = _fast_yaml(CASES[2])
    response = data["paths"]["/a"]["get"]["responses"]["200"]
    assert response == {"content": {"x": [1, {"201": "y"}]}}


@pytest.mark.parametrize("text", CASES[3:8])
def test_what_the_fast_path_cannot_tell_goes_to_the_careful_path(text: str) -> None:
    assert _fast_yaml(text) is _NOT_PARSED


def test_a_bool_key_deep_down_is_read_by_the_careful_path(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("openapi: 3.0.3\n" + CASES[3])
    assert load_document(path).data == {"openapi": "3.0.3", "a": [{"b": {"true": 1}}]}


def _entries_node_by_node(data: Any) -> int:
    if isinstance(data, dict):
        return len(data) + sum(map(_entries_node_by_node, data.values()))
    return sum(map(_entries_node_by_node, data)) if isinstance(data, list) else 0


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"a": 1},
        {"a": [{"b": {}, "c": [1, {"d": None}]}, []], "e": {"f": "g"}},
        [[[{"x": 1, "y": 2}]]],
    ],
)
def test_json_mapping_entries_counts_every_mapping_entry(data: Any) -> None:
    assert plain_data.json_mapping_entries(data) == _entries_node_by_node(data)


def test_json_mapping_entries_refuses_what_lies_too_deep() -> None:
    # As the JSON reader always did: a non-empty container at MAX_DEPTH holds values too deep.
    assert plain_data.json_mapping_entries(_nested(MAX_DEPTH - 1, {"x": 1})) == 2
    assert plain_data.json_mapping_entries(_nested(MAX_DEPTH, {})) is not None
    assert plain_data.json_mapping_entries(_nested(MAX_DEPTH, {"x": 1})) is None
