"""Find the line of a JSON pointer in block-style YAML text without composing a node tree.

Composing a 4 MB contract with libyaml takes over a second, and even reading every line of
it into an index costs half a second; this index reads only the lines a pointer passes
through, jumping over each sibling's subtree with one regular expression search (in C) for
the next line at or left of its indent. It returns None whenever the text is not plain
block style at the place asked (flow collections, complex keys), and the loader then falls
back to the composed node tree, which is always right.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from typing import NamedTuple

from accord.documents.locate_steps import PointerSteps

__all__ = ["LineIndex"]

# A line that starts a key or a sequence item: indent, any "- " markers, then maybe a key
# (quoted or plain) followed by ":". Other lines (scalar text, comments) never start or end
# a node: the index skips them.
_KEY = r"""(?P<dashes>(?:-(?:\ +|$))*)
        (?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>(?:[^'\n]|'')*)'
          |(?P<plain>[^\s#'"\-?:\[{&*!|>%@`][^#\n]*?|-[^\s][^#\n]*?))
        \ *:(?:\ |$)"""
_ITEM = r"(?P<indent2>{})(?P<dashes2>(?:-(?:\ +|$))+)"
_STRUCTURE = re.compile(r"^(?P<indent>\ *)" + _KEY + "|^" + _ITEM.format(r"\ *"), re.VERBOSE | re.MULTILINE)
_ANY_INDENT = 1 << 30


@functools.cache
def _at_or_left(indent: int) -> re.Pattern[str]:
    """The start of the next non-blank line indented by at most `indent` spaces."""
    # Possessive: a deeper line fails at its first extra space, without backtracking.
    spaces = " *+" if indent >= _ANY_INDENT else " {0," + str(indent) + "}+"
    return re.compile(r"\n" + spaces + r"(?=[^ \n])")


@functools.cache
def _exactly_or_left(indent: int) -> re.Pattern[str]:
    """Each structure line indented by exactly `indent` spaces, and each non-blank line left of
    them (where the node may end), from the newline before it. The lookahead first turns
    away deeper lines, most of a large node, at their first extra space."""
    spaces = r"\ {" + str(indent) + "}"
    pattern = r"\n(?=\ {0," + str(indent) + r"}+[^\ \n])(?:(?P<indent>" + spaces + ")(?:" + _KEY + ")|"
    pattern += _ITEM.format(spaces)
    if indent:
        pattern += r"|(?=\ {0," + str(indent - 1) + r"}+[^\ \n])"
    return re.compile(pattern + ")", re.VERBOSE | re.MULTILINE)


@functools.cache
def _item_at(indent: int) -> re.Pattern[str]:
    """A line whose first "-" item marker comes after exactly `indent` spaces."""
    return re.compile(r"\ {" + str(indent) + r"}-(?:\ |$)", re.MULTILINE)


class _Line(NamedTuple):
    offset: int  # where the line starts in the text
    indent: int  # leading spaces
    column: int  # 1-based column of the key or of the item's content
    key: str | None  # None for a sequence item without a key on this line
    item_columns: tuple[int, ...]  # 1-based columns of the "-" markers on this line


# One child of a node: ("key" or "item", offset of its line, its 1-based column).
_Child = tuple[str, int, int]
# The children of one node: its keys (first of duplicates) and its items.
_Children = tuple[dict[str, _Child], list[_Child]]
# Where a walk stands: the lines [start, end) holding the node's children, and the column
# already read on the start line (the "-" of the item being entered, 0 for none).
_Span = tuple[int, int, int]


# A node reached by a walk: its line's offset, its 1-based column, its kind ("root", "key" or
# "item") and the column its children are read from. Where its children lie (its span) is
# worked out only if the walk goes deeper: most pointers end at a leaf.
_Place = tuple[int, int, str, int]


class LineIndex(PointerSteps[_Place]):
    """The keys and sequence items of a block-style YAML text, read on demand."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self._lines: dict[int, _Line | None] = {}
        self._children: dict[_Span, _Children] = {}
        self._steps: dict[tuple[_Span, str], _Place | None] = {}
        self._spans: dict[_Place, _Span] = {}
        self._after: dict[tuple[int, int], int] = {}
        self._line_starts: list[int] | None = None

    def _root_state(self) -> _Place:
        """Where a walk starts: the whole text, at its first structure line."""
        first = 0 if self._line(0) is not None else self._next(0, _ANY_INDENT)
        end = len(self.text)
        if first >= end:  # nothing but comments: line 1, and no child to enter
            root: _Place = (0, 1, "root", 0)
            self._spans[root] = (end, end, 0)
            return root
        head = self._line(first)
        assert head is not None
        root = (first, head.column, "root", 0)
        self._spans[root] = (first, end, 0)
        return root

    def _step_state(self, state: _Place, token: str) -> _Place | None:
        span = self._span(state)
        if (span, token) in self._steps:
            return self._steps[(span, token)]
        step = self._steps[(span, token)] = self._step(span, token)
        return step

    def _position(self, state: _Place) -> tuple[int, int]:
        return self._line_number(state[0]), state[1]

    def _step(self, span: _Span, token: str) -> _Place | None:
        """Into the child `token` of the node at `span`: its line, column and kind."""
        found = self._find_child(span, token)
        if found is None:
            return None
        kind, offset, column = found
        if kind == "key":
            return offset, column, kind, column
        line = self._line(offset)
        assert line is not None
        return offset, _head(line, column)[1], kind, column

    def _span(self, place: _Place) -> _Span:
        """The lines holding the children of the node at `place`, found when first entered."""
        span = self._spans.get(place)
        if span is None:
            offset, _, kind, column = place
            line = self._line(offset)
            assert line is not None
            if kind == "key":
                span = (self._next(offset, _ANY_INDENT), self._key_end(line, column), 0)
            else:
                span = (offset, self._next(offset, line.indent), column)
            self._spans[place] = span
        return span

    def _find_child(self, span: _Span, token: str) -> _Child | None:
        children = self._children.get(span)
        if children is None:
            children = self._children[span] = self._scan_children(*span)
        keys, items = children
        if token.isdigit() and int(token) < len(items):
            return items[int(token)]
        return keys.get(token)

    def _scan_children(self, start: int, end: int, consumed: int) -> _Children:
        """The children of a node, found once per node: a contract with thousands of paths is
        asked about each of them. After the first line they are the structure lines at exactly
        the children's indent, up to the first one left of it: one search in C, not a walk."""
        keys: dict[str, _Child] = {}
        items: list[_Child] = []
        if start >= end:
            return keys, items
        first = self._line(start)
        assert first is not None
        kind, child_column = _head(first, consumed)
        if kind != "text":
            _add_child(keys, items, first, kind, child_column)
        indent, previous = child_column - 1, start
        for found in _exactly_or_left(indent).finditer(self.text, start, end):
            offset = found.start() + 1
            _, dashes, dq, sq, plain, indent2, dashes2 = found.groups()
            if dashes is None and indent2 is None:  # left of the children: is it where they end?
                if self._line(offset) is None:
                    continue  # a comment or scalar text
                self._after[(previous, indent)] = offset
                break
            # A child: only its kind and key are needed now; its line is read if it is entered.
            self._after[(previous, indent)] = offset
            if dashes2 is not None or dashes:
                items.append(("item", offset, child_column))
            else:
                keys.setdefault(_key_text(dq, sq, plain), ("key", offset, child_column))
            previous = offset
        return keys, items

    def _key_end(self, line: _Line, column: int) -> int:
        """After a key's value: its deeper lines, and list items at the key's own column."""
        end = self._next(line.offset, column - 1 if _head(line, 0)[1] != column else line.indent)
        # The line at `end` is a structure line: it is such an item if a "-" opens it at `column`.
        while _item_at(column - 1).match(self.text, end):
            end = self._next(end, column - 1)
        return end

    def _next(self, offset: int, indent: int) -> int:
        """The first structure line after the one at `offset` indented by at most `indent`.

        Kept: the walk over a node's children jumps over each child's subtree, and entering
        a key makes the same jump to find where its value ends."""
        found = self._after.get((offset, indent))
        if found is None:
            found = self._after[(offset, indent)] = self._search_next(offset, indent)
        return found

    def _search_next(self, offset: int, indent: int) -> int:
        pattern, text = _at_or_left(indent), self.text
        while True:
            found = pattern.search(text, offset)
            if found is None:
                return len(text)
            offset = found.start() + 1
            if self._line(offset) is not None:
                return offset

    def _line(self, offset: int) -> _Line | None:
        try:
            return self._lines[offset]
        except KeyError:
            match = _STRUCTURE.match(self.text, offset)
            line = self._lines[offset] = _line_at(offset, match) if match else None
            return line

    def _line_number(self, offset: int) -> int:
        if self._line_starts is None:
            # Each line's length plus its newline, summed in C: no Python step per line.
            lengths = map(operator.add, map(len, self.text.split("\n")), itertools.repeat(1))
            self._line_starts = [0, *itertools.accumulate(lengths)]
        return bisect.bisect_right(self._line_starts, offset)


def _add_child(keys: dict[str, _Child], items: list[_Child], line: _Line, kind: str, column: int) -> None:
    if kind == "item":
        items.append((kind, line.offset, column))
    else:
        keys.setdefault(line.key or "", (kind, line.offset, column))


def _head(line: _Line, consumed: int) -> tuple[str, int]:
    """The first structure on a line right of column `consumed`: an item, a key or text."""
    for column in line.item_columns:
        if column > consumed:
            return "item", column
    if line.key is not None:
        return "key", line.column
    return "text", line.column


def _line_at(offset: int, match: re.Match[str]) -> _Line:
    indent, dashes, dq, sq, plain, indent2, dashes2 = match.groups()
    if indent2 is not None:
        column = len(indent2) + len(dashes2) + 1
        return _Line(offset, len(indent2), column, None, _item_columns(len(indent2), dashes2))
    key = _key_text(dq, sq, plain)
    items = _item_columns(len(indent), dashes) if dashes else ()
    return _Line(offset, len(indent), len(indent) + len(dashes) + 1, key, items)


def _key_text(double_quoted: str | None, single_quoted: str | None, plain: str) -> str:
    if double_quoted is not None:
        return _unescape_double(double_quoted)
    if single_quoted is not None:
        return single_quoted.replace("''", "'")
    return plain.rstrip()


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
