"""Find the line of a JSON pointer in block-style YAML text without composing a node tree.

Composing a 4 MB contract with libyaml takes over a second; this index of keys by
indentation answers the same question in microseconds per pointer. It returns None
whenever the text is not plain block style at the place asked (flow collections, complex
keys), and the loader then falls back to the composed node tree, which is always right.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

__all__ = ["LineIndex"]

# A line that starts a key or a sequence item: indent, any "- " markers, then maybe a key
# (quoted or plain) followed by ":". Other lines (scalar text) never start or end a node.
_STRUCTURE = re.compile(
    r"""^(?P<indent>\ *)(?P<dashes>(?:-(?:\ +|$))*)
        (?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>(?:[^'\n]|'')*)'
          |(?P<plain>[^\s#'"\-?:\[{&*!|>%@`][^#\n]*?|-[^\s][^#\n]*?))
        \ *:(?:\ |$)
      |^(?P<indent2>\ *)(?P<dashes2>(?:-(?:\ +|$))+)""",
    re.VERBOSE | re.MULTILINE,
)


class _Line(NamedTuple):
    # A tuple, not a frozen dataclass: an index of Stripe holds 180,000 of them.
    number: int  # 1-based
    column: int  # 1-based column of the key or of the item's content
    key: str | None  # None for a sequence item without a key on this line
    item_columns: tuple[int, ...]  # 1-based columns of the "-" markers on this line


# The children of one node: its keys (first of duplicates) and its items, as (kind, index, column).
_Children = tuple[dict[str, tuple[str, int, int]], list[tuple[str, int, int]]]


class LineIndex:
    """The keys and sequence items of a block-style YAML text, by line."""

    def __init__(self, text: str) -> None:
        newlines = [m.start() for m in re.finditer("\n", text)]
        self.lines: list[_Line] = [
            _line_of(bisect.bisect_left(newlines, match.start()) + 1, match)
            for match in _STRUCTURE.finditer(text)
        ]
        self._heads = [_head(line, 0) for line in self.lines]
        self._next_le = _next_at_or_left(self._heads)
        self._children: dict[tuple[int, int, int], _Children] = {}

    def locate(self, tokens: list[str]) -> tuple[int, int] | None:
        """(line, column) of the key or item at `tokens`, or None if this index cannot tell."""
        start, end, consumed = 0, len(self.lines), 0
        position = (self.lines[0].number, self.lines[0].column) if self.lines else (1, 1)
        for token in tokens:
            found = self._find_child(start, end, consumed, token)
            if found is None:
                return None
            kind, index, column = found
            line = self.lines[index]
            if kind == "key":
                position = (line.number, column)
                start, consumed = index + 1, 0
                end = self._key_end(index, column)
            else:
                position = (line.number, _head(line, column)[1])
                start, consumed = index, column
                end = self._next_le[index]
        return position

    def _find_child(self, start: int, end: int, consumed: int, token: str) -> tuple[str, int, int] | None:
        """The child `token` of the node whose children span lines [start, end)."""
        children = self._children.get((start, end, consumed))
        if children is None:
            children = self._children[(start, end, consumed)] = self._scan_children(start, end, consumed)
        keys, items = children
        if token.isdigit() and int(token) < len(items):
            return items[int(token)]
        return keys.get(token)

    def _scan_children(self, start: int, end: int, consumed: int) -> _Children:
        """Walk the children of a node sibling by sibling, skipping their subtrees, once per node:
        a contract with thousands of paths is asked about each of them, so the walk is kept."""
        keys: dict[str, tuple[str, int, int]] = {}
        items: list[tuple[str, int, int]] = []
        if start >= end:
            return keys, items
        kind, child_column = _head(self.lines[start], consumed)
        index = start
        while index < end:
            kind, column = _head(self.lines[index], consumed) if index == start else self._heads[index]
            if column < child_column:
                break
            if column == child_column:
                if kind == "item":
                    items.append((kind, index, column))
                elif kind == "key":
                    keys.setdefault(self.lines[index].key or "", (kind, index, column))
            index = self._scan_end(index, column) if index == start and consumed else self._next_le[index]
        return keys, items

    def _key_end(self, index: int, column: int) -> int:
        """After a key's value: its deeper lines, and list items at the key's own column."""
        end = self._scan_end(index, column) if self._heads[index][1] != column else self._next_le[index]
        while end < len(self.lines) and self._heads[end] == ("item", column):
            end = self._next_le[end]
        return end

    def _scan_end(self, index: int, column: int) -> int:
        for later in range(index + 1, len(self.lines)):
            if self._heads[later][1] <= column:
                return later
        return len(self.lines)


def _next_at_or_left(heads: list[tuple[str, int]]) -> list[int]:
    """For each line, the index of the next line whose head is at its column or left of it."""
    result = [len(heads)] * len(heads)
    stack: list[int] = []
    for index, (_, column) in enumerate(heads):
        while stack and heads[stack[-1]][1] >= column:
            result[stack.pop()] = index
        stack.append(index)
    return result


def _head(line: _Line, consumed: int) -> tuple[str, int]:
    """The first structure on a line right of column `consumed`: an item, a key or text."""
    for column in line.item_columns:
        if column > consumed:
            return "item", column
    if line.key is not None:
        return "key", line.column
    return "text", line.column


def _line_of(number: int, match: re.Match[str]) -> _Line:
    indent, dashes, dq, sq, plain, indent2, dashes2 = match.groups()
    if indent2 is not None:
        return _Line(number, len(indent2) + len(dashes2) + 1, None, _item_columns(len(indent2), dashes2))
    if dq is not None:
        key = _unescape_double(dq)
    elif sq is not None:
        key = sq.replace("''", "'")
    else:
        key = plain.rstrip()
    items = _item_columns(len(indent), dashes) if dashes else ()
    return _Line(number, len(indent) + len(dashes) + 1, key, items)


def _item_columns(indent: int, dashes: str) -> tuple[int, ...]:
    if not dashes:
        return ()
    columns = []
    offset = indent
    for part in re.findall(r"-\ *", dashes):
        columns.append(offset + 1)
        offset += len(part)
    return tuple(columns)


def _unescape_double(text: str) -> str:
    if "\\" not in text:
        return text
    try:
        decoded: str = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
        return decoded
    except UnicodeDecodeError:
        return text
