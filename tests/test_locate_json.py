"""The JSON line index agrees with the composed node tree on every pointer it answers, and
answers every pointer of pretty-printed JSON; the JSON report writer is json.dumps(indent=2)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.documents.locate_json import JsonLineIndex
from accord.documents.yaml_tree import compose_or_none, locate_in_tree
from accord.report import pretty_json

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
VALUE = {
    "openapi": "3.1.0",
    "paths": {"/a/{id}": {"get": {"parameters": [{"name": "id", "in": "path"}, {"name": "q"}]}}},
    'k"e\\y': {"nested": [[1, [2, {"deep": {}}]], [], {}, "},{\n", None, True, 1.5]},
    "unicode é 漢": {"x": "y"},
    "empty": {},
}


def _pointers(value: Any, tokens: list[str]) -> Iterator[list[str]]:
    yield tokens
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _pointers(item, [*tokens, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _pointers(item, [*tokens, str(index)])


def _compare(text: str) -> tuple[int, int]:
    """(pointers answered, pointers left to the node tree); fails on any disagreement."""
    index, root, members = JsonLineIndex(text), compose_or_none(text), {}
    assert root is not None
    answered = unanswered = 0
    for tokens in _pointers(json.loads(text), []):
        found = index.locate(tokens)
        if found is None:
            unanswered += 1
            continue
        answered += 1
        assert found == locate_in_tree(root, tokens, members), tokens
    return answered, unanswered


@pytest.mark.parametrize("indent", [1, 2, 4])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_pretty_printed_json_is_answered_everywhere(indent: int, ascii_only: bool) -> None:
    answered, unanswered = _compare(json.dumps(VALUE, indent=indent, ensure_ascii=ascii_only))
    assert unanswered == 0 and answered > 20


def test_minified_json_is_left_to_the_node_tree() -> None:
    # Only the root, whose place is known; every member shares its line.
    assert _compare(json.dumps(VALUE)) == (1, len(list(_pointers(VALUE, []))) - 1)


def test_a_missing_member_is_left_to_the_node_tree() -> None:
    index = JsonLineIndex(json.dumps(VALUE, indent=2))
    assert index.locate(["paths", "/b"]) is None
    assert index.locate(["paths", "/a/{id}", "get", "parameters", "7"]) is None
    assert index.locate(["openapi", "x"]) is None


def test_real_json_files_agree_with_the_node_tree() -> None:
    files = sorted(CORPUS.rglob("*.json"))
    assert len(files) > 50
    answered = sum(_compare(path.read_text(encoding="utf-8"))[0] for path in files)
    assert answered > 1000


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"findings": [], "summary": {"tool": "lint", "failed": False}},
        {"findings": [{"rule": "r", "line": 3, "column": None, "message": '},\n  {"é'}], "s": {}},
        {"runs": [{"results": [{"message": {"text": "x"}, "n": [1, 2.5, float("nan")]}, {"a": 1}]}]},
        [{"a": 1}, {"b": "},{"}, {}],
        {1: "integer key", "nested": {"deeper": [[], [{}], [[1]]]}},
        "text",
        7,
        None,
    ],
)
def test_pretty_json_is_byte_identical_to_json_dumps(value: Any) -> None:
    assert pretty_json(value) == json.dumps(value, indent=2)
