"""Find the line of a JSON pointer in pretty-printed JSON without composing a node tree.

JSON written by `json.dumps(indent=N)`, `JSON.stringify(value, null, N)` and most tools puts
every member and item on its own line, indented one step deeper than its parent. A raw
newline never occurs inside a JSON string, so the lines at one indent between a node's line
and the next line at or left of its own indent are exactly its children: one regular
expression search (in C) per node lists them. Composing a 20 MB file with libyaml instead
takes seconds and doubles the memory. Anything else (minified JSON, members sharing a
line) answers None, and the loader falls back to the node tree, which is always right.
"""

from __future__ import annotations

import array
import bisect
import functools
import itertools
import json
import operator
import re

from accord.documents.locate_steps import PointerSteps

__all__ = ["JsonLineIndex"]

# (offset of the node's line start, its indent) -> children: keys -> line start, item starts
_Children = tuple[dict[str, int], list[int]]


@functools.cache
def _end_of(indent: int) -> re.Pattern[str]:
    """The next line at `indent` or left of it: the node's closing bracket (or next sibling)."""
    return re.compile(r"\n {0," + str(indent) + r"}+(?=[^ \n])")


@functools.cache
def _keys_at(indent: int) -> re.Pattern[str]:
    return re.compile(r"\n {" + str(indent) + r'}("(?:[^"\\\n]|\\.)*")[ \t]*:')


@functools.cache
def _items_at(indent: int) -> re.Pattern[str]:
    return re.compile(r"\n {" + str(indent) + r"}(?=[^ \n\]}])")


_INDENT = re.compile(r" *")


class JsonLineIndex(PointerSteps[tuple[int, int, int]]):
    """Members and items of a pretty-printed JSON text, found on demand node by node.

    A place is (offset of its line, its indent, offset of its first character); None where
    the text is not one member per line, or the pointer is not in it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self._children: dict[int, _Children] = {}
        self._newlines: array.array[int] | None = None

    def _root_state(self) -> tuple[int, int, int] | None:
        text = self.text
        start = len(text) - len(text.lstrip())
        if start >= len(text) or text[start] not in "{[":
            return None
        line = text.rfind("\n", 0, start) + 1
        return line, start - line, start

    def _step_state(self, state: tuple[int, int, int], token: str) -> tuple[int, int, int] | None:
        text = self.text
        line, indent, _ = state
        keys, items = self._children_of(line, indent)
        if token.isdigit() and text[line : self._line_end(line)].rstrip().endswith("["):
            index = int(token)
            if index >= len(items):
                return None
            line = items[index]
        elif token in keys:
            line = keys[token]
        else:
            return None
        indent = _INDENT.match(text, line).end() - line  # type: ignore[union-attr]
        return line, indent, line + indent

    def _position(self, state: tuple[int, int, int]) -> tuple[int, int]:
        return self._line_number(state[2]), state[1] + 1

    def _line_end(self, line: int) -> int:
        end = self.text.find("\n", line)
        return len(self.text) if end < 0 else end

    def _children_of(self, line: int, indent: int) -> _Children:
        found = self._children.get(line)
        if found is None:
            found = self._children[line] = self._scan(line, indent)
        return found

    def _scan(self, line: int, indent: int) -> _Children:
        text = self.text
        after = self._line_end(line)
        closing = _end_of(indent).search(text, after)
        end = closing.start() if closing else len(text)
        opener = text[line:after].rstrip()[-1:]
        first = _INDENT.match(text, after + 1)
        if opener not in ("{", "[") or after >= end or first is None or first.end() - first.start() <= indent:
            return {}, []
        child = first.end() - first.start()
        if opener == "[":
            return {}, [m.start() + 1 for m in _items_at(child).finditer(text, after, end)]
        keys: dict[str, int] = {}
        for match in _keys_at(child).finditer(text, after, end):
            raw = match.group(1)
            key = json.loads(raw) if "\\" in raw else raw[1:-1]
            keys.setdefault(key, match.start() + 1)
        return keys, []

    def _line_number(self, offset: int) -> int:
        if self._newlines is None:
            # 8 bytes a line, where a list of ints takes 36.
            # Summed in C from the lines' lengths: -1, each newline's offset, then len(text).
            lengths = map(operator.add, map(len, self.text.split("\n")), itertools.repeat(1))
            self._newlines = array.array("q", itertools.accumulate(lengths, initial=-1))[1:-1]
        return bisect.bisect_left(self._newlines, offset) + 1
