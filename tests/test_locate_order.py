"""The line indexes read a node's children only as far as a pointer needs: whatever order
the pointers come in, and whichever child is asked for first, they answer as the node tree
does; and line numbers are right at every offset."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from accord.documents.loader import _fast_yaml, pointer_tokens
from accord.documents.locate import LineIndex
from accord.documents.locate_json import JsonLineIndex
from accord.documents.yaml_tree import compose_or_none, locate_in_tree
from tests.conftest import CORPUS, EXAMPLE, every_pointer


def _yaml_contracts() -> list[Path]:
    return sorted(EXAMPLE.glob("services/*/*.yaml")) + sorted((CORPUS / "oai").glob("*.yaml"))


@pytest.mark.parametrize("path", _yaml_contracts(), ids=lambda p: p.name)
@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_yaml_index_answers_in_any_order(path: Path, order: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    data = _fast_yaml(text)
    root = compose_or_none(text)
    assert root is not None
    pointers = every_pointer(data)
    # Leaves first, last children first: every node is read in part before it is read on.
    pointers = pointers[::-1] if order == "reversed" else random.Random(7).sample(pointers, len(pointers))
    in_order = LineIndex(text)
    expected = {pointer: in_order.locate_pointer(pointer) for pointer in every_pointer(data)}
    assert sum(found is not None for found in expected.values()) > len(expected) / 2
    index, members = LineIndex(text), {}
    for pointer in pointers:
        found = index.locate_pointer(pointer)
        assert found == expected[pointer], pointer
        if found is not None:
            assert found == locate_in_tree(root, pointer_tokens(pointer), members), pointer


# "1" is a key before the items: an index waits for the items however far it has read.
MIXED = "a:\n  '1': x\n  - p\n  - q\n  2: y\nb:\n  k: 1\n"


@pytest.mark.parametrize(
    ("pointers", "expected"),
    [
        (["/a/1"], [(4, 5)]),
        (["/a/0", "/a/1", "/a/2", "/a/3"], [(3, 5), (4, 5), (5, 3), None]),
        (["/a/2", "/a/1", "/b/k"], [(5, 3), (4, 5), (7, 3)]),
        (["/c/1", "/c/0", "/c/z"], [(12, 5), (11, 5), (9, 3)]),
    ],
)
def test_an_index_is_an_item_even_after_a_key_of_that_name(pointers: list[str], expected: list[Any]) -> None:
    index = LineIndex(MIXED + "c:\n  z: 0\n  '1': x\n  - p\n  - q\n")
    assert [index.locate_pointer(pointer) for pointer in pointers] == expected


@pytest.mark.parametrize(
    ("text", "pointer", "expected"),
    [
        # Items at their key's own column end where the next key at that column starts.
        ("key:\n- a\n- b\nnext:\n  c: 1\n", "/next/c", (5, 3)),
        ("key:\n- a\n- b\nnext:\n  c: 1\n", "/key/1", (3, 3)),
        ("key:\n- a\n- b\nnext:\n  c: 1\n", "/key/2", None),
        ("key:\n- a\n- b\nnext:\n  c: 1\n", "/key/next", None),
        ("- a:\n  b: 1\n", "/0/a/b", None),
        ("- a:\n  b: 1\n", "/0/b", (2, 3)),
        # A deeper line after a key shallower than its siblings: they are the value's end.
        ("- a:\n  b: 1\n  c:\n      d: 2\n  e: 3\n", "/0/c/d", (4, 7)),
        ("- a:\n  b: 1\n  c:\n      d: 2\n  e: 3\n", "/0/c/e", None),
        ("- a:\n  b: 1\n  c:\n      d: 2\n  e: 3\n", "/0/e", (5, 3)),
        ("x:\n    y: 1\n  z: 2\nw: 3\n", "/x/z", None),
        ("x:\n    y: 1\n  z: 2\nw: 3\n", "/w", (4, 1)),
        ("x:\n    y: 1\n  # note\n    v: 2\nw: 3\n", "/x/v", (4, 5)),
    ],
)
def test_where_a_node_ends(text: str, pointer: str, expected: tuple[int, int] | None) -> None:
    assert LineIndex(text).locate_pointer(pointer) == expected
    # The node tree agrees wherever the index answers and the text is valid YAML.
    root = compose_or_none(text)
    if expected is not None and root is not None:
        assert locate_in_tree(root, pointer_tokens(pointer), {}) == expected


def test_json_array_read_in_part_answers_a_later_index() -> None:
    value = {"list": [{"n": i} for i in range(6)], "after": {"1": "a digit key", "x": [1, 2]}}
    text = json.dumps(value, indent=2)
    root = compose_or_none(text)
    assert root is not None
    index = JsonLineIndex(text)
    pointers = ["/list/0", "/list/5", "/list/2", "/list/6", "/after/1", "/after/x/1", "/after/x/0"]
    for pointer in pointers:
        expected = None if pointer == "/list/6" else locate_in_tree(root, pointer_tokens(pointer), {})
        assert index.locate_pointer(pointer) == expected, pointer


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_json_index_answers_in_any_order(order: str) -> None:
    files = sorted(CORPUS.rglob("*.json"))[:20]
    for path in files:
        text = path.read_text(encoding="utf-8")
        root = compose_or_none(text)
        assert root is not None
        pointers = every_pointer(json.loads(text))
        pointers = pointers[::-1] if order == "reversed" else random.Random(7).sample(pointers, len(pointers))
        index, members = JsonLineIndex(text), {}
        for pointer in pointers:
            found = index.locate_pointer(pointer)
            if found is not None:
                assert found == locate_in_tree(root, pointer_tokens(pointer), members), (path, pointer)


@pytest.mark.parametrize("size", [0, 1, 511, 512, 513, 1024, 3000, 4095, 4096, 4097, 9000])
def test_line_numbers_at_every_offset(size: int) -> None:
    from accord.documents.locate_steps import LineNumbers

    rng = random.Random(size)
    text = "".join(rng.choice("ab\n") for _ in range(size))
    numbers = LineNumbers(text)
    offsets = list(range(size + 1))
    for offset in offsets[::-1] + rng.sample(offsets, len(offsets)):
        assert numbers(offset) == text.count("\n", 0, offset) + 1, offset


def test_a_node_read_in_part_keeps_where_each_child_ends() -> None:
    # A's value is items at A's own column (read as m's items too): it ends where B starts.
    index = LineIndex("m:\n  A:\n  - 1\n  - 2\n  B: x\n  C: y\n")
    assert index.locate_pointer("/m/B") == (5, 3)
    assert index.locate_pointer("/m/C") == (6, 3)
    assert index.locate_pointer("/m/A/B") is None
    assert index.locate_pointer("/m/A/1") == (4, 5)
