"""Find the line of a JSON pointer in block-style YAML text without composing a node tree.

Composing a 4 MB contract with libyaml takes over a second, and even reading every line of
it into an index costs half a second; this index reads only the lines a pointer passes
through, jumping over each sibling's subtree with one regular expression search (in C) for
the next line at or left of its indent. It returns None whenever the text is not plain
block style at the place asked (flow collections, complex keys), and the loader then falls
back to the composed node tree, which is always right.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from accord.documents.locate_steps import LineNumbers, PointerSteps

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
_UNBOUNDED = 1 << 62  # the end of a node whose end its children's indent tells
_UNREAD = object()


@functools.cache
def _at_or_left(indent: int) -> re.Pattern[str]:
    """The start of the next non-blank line indented by at most `indent` spaces."""
    # Possessive: a deeper line fails at its first extra space, without backtracking.
    spaces = " *+" if indent >= _ANY_INDENT else " {0," + str(indent) + "}+"
    return re.compile(r"\n" + spaces + r"(?=[^ \n])")


@functools.cache
def _exactly_or_left(indent: int) -> re.Pattern[str]:
    """The newline before each non-blank line indented by at most `indent` spaces, with group
    `at` set where the indent is exactly that (a child's line, if a structure line: `_child`
    reads it), unset left of it (where the node may end). The lookahead first turns away
    deeper lines, most of a large node, at their first extra space. Small on purpose: one is
    compiled for each indent a document uses, and the key's pattern is compiled once."""
    return re.compile(r"\n(?=\ {0," + str(indent) + r"}+[^\ \n])(?:(?P<at>\ {" + str(indent) + "})|)")


@functools.cache
def _child() -> re.Pattern[str]:
    """A child's line from its indent on: a key (with any "- " markers before it), or items
    only. Compiled on first use: most runs locate nothing."""
    return re.compile(_KEY + r"|(?P<dashes2>(?:-(?:\ +|$))+)", re.VERBOSE | re.MULTILINE)


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


# Where the root's children lie: the lines [start, end), and the column already read on the
# start line (0: none).
_Span = tuple[int, int, int]


# A node reached by a walk: its line's offset, its 1-based column, its kind ("root", "key" or
# "item") and the column its children are read from. Where its children lie (its span) is
# worked out only if the walk goes deeper: most pointers end at a leaf.
_Place = tuple[int, int, str, int]


class _Children:
    """The children of one node as far as read: its keys (first of duplicates) and its items,
    each as the offset of its line, and the 1-based column they all share; `lines` reads on
    from `rest`. (A kept iterator would hold on to its regex engine's stack: 2 KB a node.)"""

    __slots__ = ("after", "column", "end", "items", "keys", "lines", "previous", "rest")

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}
        self.items: list[int] = []
        self.column = 0
        self.lines = _STRUCTURE  # the children's lines, and the line that ends them
        self.rest: int | None = None  # where to read on from, None once all are read
        self.previous = 0  # the line of the last child read
        self.end = 0  # where the node ends if its children's indent cannot tell (else _UNBOUNDED)
        self.after: dict[int, int] = {}  # the index's jumps at the children's indent


class LineIndex(PointerSteps[_Place]):
    """The keys and sequence items of a block-style YAML text, read on demand."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self._lines: dict[int, _Line | None] = {}
        # Kept by place: each node's children are read once, as far as pointers ask.
        self._children: dict[_Place, _Children] = {}
        self._root_span: _Span = (0, 0, 0)
        # indent -> {a line's offset: the next structure line at or left of that indent}
        self._after: dict[int, dict[int, int]] = {}
        self._line_number = LineNumbers(text)

    def _root_state(self) -> _Place:
        """Where a walk starts: the whole text, at its first structure line."""
        first = 0 if self._line(0) is not None else self._next(0, _ANY_INDENT)
        end = len(self.text)
        if first >= end:  # nothing but comments: line 1, and no child to enter
            self._root_span = (end, end, 0)
            return (0, 1, "root", 0)
        head = self._line(first)
        assert head is not None
        self._root_span = (first, end, 0)
        return (first, head.column, "root", 0)

    def _step_state(self, state: _Place, token: str) -> _Place | None:
        """Into the child `token` of the node at `state`: its line, column and kind."""
        children = self._children.get(state)
        if children is None:
            children = self._children[state] = self._open(state)
        if children.rest is not None:
            self._read_children(children, token)
        items, column = children.items, children.column
        if token.isdigit() and int(token) < len(items):
            offset = items[int(token)]
            line = self._line(offset)
            assert line is not None
            return offset, _head(line, column)[1], "item", column
        found = children.keys.get(token)
        return None if found is None else (found, column, "key", column)

    def _position(self, state: _Place) -> tuple[int, int]:
        return self._line_number(state[0]), state[1]

    def _open(self, place: _Place) -> _Children:
        """The node's first child, from its first line; the others are read when asked for.

        Where its children end is worked out only where their own indent cannot tell it: the
        read stops at the first structure line left of them, which is at or before the end of
        a node whose children are deeper than its key or its item's "-"."""
        offset, _, kind, column = place
        end = _UNBOUNDED
        if kind == "key":
            start, consumed = self._value_start(offset), 0
            first = self._line(start)
            if first is None or first.indent <= column - 1:
                end = self._key_end(offset, column)
        elif kind == "item":  # its children are right of its "-", so right of its line's indent
            start, consumed = offset, column
            first = self._line(start)
        else:
            start, end, consumed = self._root_span
            first = self._line(start)
        children = _Children()
        if start >= end:
            return children
        assert first is not None
        kind, children.column = _head(first, consumed)
        if kind == "item":
            children.items.append(start)
        elif kind == "key":
            children.keys[first.key or ""] = start
        indent = children.column - 1
        children.lines, children.rest = _exactly_or_left(indent), start
        children.previous, children.end, children.after = start, end, self._after_at(indent)
        return children

    def _read_children(self, children: _Children, token: str) -> None:
        """Reads a node's children on until `token` is among them or none are left.

        After the first line they are the structure lines at exactly the children's indent,
        up to the first one left of it: one search in C, not a walk. Most pointers ask for one
        of the first children of a node, so the rest of a large node is often never read."""
        text, rest = self.text, children.rest
        assert rest is not None
        keys, items, after, previous = children.keys, children.items, children.after, children.previous
        # An index asks for that item if the node has that many, else for a key: it waits for
        # the item, or for the end. A key is its first occurrence, so it is final when read.
        wanted = int(token) if token.isdigit() else -1
        if wanted < len(items) if wanted >= 0 else token in keys:
            return
        child_line = _child().match
        for found in children.lines.finditer(text, rest, min(children.end, len(text))):
            offset = found.start() + 1
            at_indent = found.group("at") is not None
            child = child_line(text, found.end()) if at_indent else None
            if child is None:
                if at_indent:
                    continue  # text at the children's indent: a comment, or a scalar's lines
                # Left of the children: is it where they end?
                if self._line(offset) is None:
                    continue  # a comment or scalar text
                after[previous] = offset
                break
            dashes, dq, sq, plain, dashes2 = child.groups()
            # A child: only its kind and key are needed now; its line is read if it is entered.
            after[previous] = previous = offset
            if dashes2 is not None or dashes:
                items.append(offset)
                if 0 <= wanted < len(items):
                    children.previous, children.rest = previous, found.end()
                    return
            else:
                key = plain.rstrip() if plain is not None else _key_text(dq, sq, "")
                if key not in keys:
                    keys[key] = offset
                    if key == token and wanted < 0:
                        children.previous, children.rest = previous, found.end()
                        return
        else:
            # No line at or left of the children's indent before `end`, a structure line left
            # of them (or the end of the text): the last child's subtree ends there.
            after[previous] = min(children.end, len(text))
        children.rest = None

    def _key_end(self, offset: int, column: int) -> int:
        """After a key's value: its deeper lines, and list items at the key's own column.

        Its value's lines are those right of the key's column whether the key opens its line
        (indented by column - 1) or follows an item's "-" (the item's other keys are there)."""
        indent = column - 1
        end = self._next(offset, indent)
        # The line at `end` is a structure line: it is such an item if a "-" opens it at `column`.
        item_at = _item_at(indent)
        while item_at.match(self.text, end):
            end = self._next(end, indent)
        return end

    def _after_at(self, indent: int) -> dict[int, int]:
        after = self._after.get(indent)
        if after is None:
            after = self._after[indent] = {}
        return after

    def _value_start(self, offset: int) -> int:
        """The first structure line after a key's line: most often the very next line."""
        after = self._after_at(_ANY_INDENT)
        found = after.get(offset)
        if found is None:
            following = self.text.find("\n", offset) + 1
            if following and self._line(following) is not None:  # a structure line is not blank
                found = after[offset] = following
            else:
                found = after[offset] = self._search_next(offset, _ANY_INDENT)
        return found

    def _next(self, offset: int, indent: int) -> int:
        """The first structure line after the one at `offset` indented by at most `indent`.

        Kept: the walk over a node's children jumps over each child's subtree, and entering
        a key makes the same jump to find where its value ends."""
        after = self._after_at(indent)
        found = after.get(offset)
        if found is None:
            found = after[offset] = self._search_next(offset, indent)
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
        line = self._lines.get(offset, _UNREAD)
        if line is _UNREAD:
            match = _STRUCTURE.match(self.text, offset)
            line = self._lines[offset] = _line_at(offset, match) if match else None
        return line  # type: ignore[return-value]


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
    if not dashes and plain is not None:  # most lines: a plain key
        return _Line(offset, len(indent), len(indent) + 1, plain.rstrip(), ())
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
