"""Whether what the fast YAML parser returned is plain JSON data: mappings with string keys,
lists, strings, numbers, booleans and nulls, no deeper than MAX_DEPTH, no number too long.

It runs on every YAML file loaded, over every node of it: a level of the document at a time,
with the per-node work in C, as a 4 MB contract holds a quarter of a million nodes.
"""

from __future__ import annotations

import gc
import itertools
import operator
from collections.abc import Iterable
from typing import Any

from accord.documents.limits import MAX_DEPTH, MAX_INT_BITS

__all__ = ["json_mapping_entries", "plain_json_data"]

_VALUE_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})
_CONTAINER_TYPES = frozenset({dict, list})
# Endless: every call of map() below takes as many as it needs.
_STR = itertools.repeat(str)
_INT = itertools.repeat(int)
_DICT = itertools.repeat(dict)


def _referents_are_values() -> bool:
    """Whether `gc.get_referents` reports a string-keyed mapping's values and a list's items,
    nothing else, and the keys of a mapping with other keys too (CPython's dict and list
    traversal). The level walk counts on it; where it does not hold, every node is walked."""
    first, second = object(), object()
    referents = gc.get_referents({"a": first, "b": second}, [first])
    reported = sorted(map(id, referents)) == sorted(map(id, [first, second, first]))
    return reported and len(gc.get_referents({1: first})) == 2


_BY_LEVEL = _referents_are_values()


def plain_json_data(data: Any) -> bool:
    """True if `data` is JSON-like, not too deep, with string keys (fixing number keys in place)."""
    if not _BY_LEVEL:
        return _plain_nodes(data, 0)
    level = [data] if type(data) in _CONTAINER_TYPES else []
    depth = 0
    while level:
        if depth > MAX_DEPTH:
            return False
        # The values of a level's mappings and the items of its lists, in one call in C; a
        # mapping with a key that is not a string reports its keys too (it has no table of
        # string keys), which the count tells: the walk node by node then checks and fixes them.
        children = gc.get_referents(*level)
        if len(children) != sum(map(len, level)):
            return all(_plain_nodes(value, depth) for value in level)
        types = list(map(type, children))  # asked three times: listed once
        kinds = set(types)
        if not kinds <= _VALUE_TYPES:
            return False
        if int in kinds and _longest_int(children, types) > MAX_INT_BITS:
            return False  # the careful path names its line
        level = list(itertools.compress(children, map(_CONTAINER_TYPES.__contains__, types)))
        depth += 1
    return True


def json_mapping_entries(data: Any) -> int | None:
    """How many key/value entries the mappings of `data` (as `json.loads` returns it) hold in
    all, or None if a value lies deeper than MAX_DEPTH. A level at a time, in C, as above."""
    level = [data] if type(data) in _CONTAINER_TYPES else []
    depth = entries = 0
    while level:
        if depth >= MAX_DEPTH and any(level):  # a non-empty one has values deeper than allowed
            return None
        mappings = list(itertools.compress(level, map(operator.is_, map(type, level), _DICT)))
        entries += sum(map(len, mappings))
        if _BY_LEVEL:
            children = gc.get_referents(*level)
        else:
            children = [
                child for value in level for child in (value.values() if type(value) is dict else value)
            ]
        level = list(itertools.compress(children, map(_CONTAINER_TYPES.__contains__, map(type, children))))
        depth += 1
    return entries


def _longest_int(values: list[Any], types: list[type]) -> int:
    """The bit length of the longest int among `values`, of `types` (bools are not ints here)."""
    ints = itertools.compress(values, map(operator.is_, types, _INT))
    return max(map(int.bit_length, ints), default=0)


def _plain_nodes(data: Any, start: int) -> bool:
    """`plain_json_data` node by node, from a container at depth `start`: it checks each key
    of a mapping that has keys other than strings, and makes number keys strings."""
    stack: list[tuple[Any, int]] = [(data, start)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        children: Iterable[Any]
        if type(value) is dict:
            if not all(map(operator.is_, map(type, value), _STR)):  # in C: no Python step per key
                if not all(type(key) is int for key in value if type(key) is not str):
                    return False  # bool, null or complex keys: the careful path names them
                fixed = {str(key): item for key, item in value.items()}
                value.clear()
                value.update(fixed)
            children = value.values()
        elif type(value) is list:
            children = value
        else:
            continue
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, depth + 1))
            elif kind not in (str, int, float, bool) and child is not None:
                return False
            elif kind is int and child.bit_length() > MAX_INT_BITS:
                return False  # the careful path names its line
    return True
