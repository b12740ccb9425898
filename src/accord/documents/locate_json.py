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

import functools
import json
import re

from accord.documents.locate_steps import LineNumbers, PointerSteps

__all__ = ["JsonLineIndex"]


# A newline before a non-blank line at most `indent` deep: a deeper line, most of a large
# node, fails here at its first extra space before either alternative is tried.
_NOT_DEEPER = r"\n(?= {{0,{}}}+[^ \n])"


@functools.cache
def _members_at(indent: int, parent: int) -> re.Pattern[str]:
    """Each member line of an object at `indent`, its key as group 1, then its closing line
    (the next at or left of the object's own indent, `parent`), where group 1 is None."""
    member = r" {" + str(indent) + r'}("(?:[^"\\\n]|\\.)*")[ \t]*:'
    return re.compile(_NOT_DEEPER.format(indent) + "(?:" + member + "| {0," + str(parent) + r"}+(?=[^ \n]))")


@functools.cache
def _items_at(indent: int, parent: int) -> re.Pattern[str]:
    """The same for the items of an array: group 1 is "" for an item, None for the closing line."""
    item = r" {" + str(indent) + r"}()(?=[^ \n\]}])"
    return re.compile(_NOT_DEEPER.format(indent) + "(?:" + item + "| {0," + str(parent) + r"}+(?=[^ \n]))")


_INDENT = re.compile(r" *")


class _Children:
    """The members (first of duplicates) or items of one node as far as read, each as the
    offset of its line; `lines` reads on from `rest`, None once the closing line is reached.
    (A kept iterator would hold on to its regex engine's stack: 2 KB a node.)"""

    __slots__ = ("array", "indent", "items", "keys", "lines", "rest")

    def __init__(
        self, lines: re.Pattern[str] | None = None, rest: int = 0, indent: int = 0, array: bool = False
    ) -> None:
        self.keys: dict[str, int] = {}
        self.items: list[int] = []
        self.lines = lines
        self.rest: int | None = None if lines is None else rest
        self.indent = indent  # of every child's line
        self.array = array


class JsonLineIndex(PointerSteps[tuple[int, int, int]]):
    """Members and items of a pretty-printed JSON text, found on demand node by node.

    A place is (offset of its line, its indent, offset of its first character); None where
    the text is not one member per line, or the pointer is not in it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self._children: dict[int, _Children] = {}
        self._line_number = LineNumbers(text)

    def _root_state(self) -> tuple[int, int, int] | None:
        text = self.text
        start = len(text) - len(text.lstrip())
        if start >= len(text) or text[start] not in "{[":
            return None
        line = text.rfind("\n", 0, start) + 1
        return line, start - line, start

    def _step_state(self, state: tuple[int, int, int], token: str) -> tuple[int, int, int] | None:
        line, indent, _ = state
        children = self._children.get(line)
        if children is None:
            children = self._children[line] = self._first_child(line, indent)
        if children.array:  # an index, or nothing
            if not token.isdigit():
                return None
            index, items = int(token), children.items
            found = items[index] if index < len(items) else _read_items(self.text, children, index)
        else:
            found = children.keys.get(token)
            if found is None and children.rest is not None:
                found = _read_members(self.text, children, token)
        if found is None:
            return None
        return found, children.indent, found + children.indent

    def _position(self, state: tuple[int, int, int]) -> tuple[int, int]:
        return self._line_number(state[2]), state[1] + 1

    def _first_child(self, line: int, indent: int) -> _Children:
        """Where the node's children are read from: after its line, if it opens an object or
        an array whose first line is deeper than the node's own."""
        text = self.text
        after = text.find("\n", line)
        if after < 0:
            after = len(text)
        opener = text[line:after].rstrip()[-1:]
        first = _INDENT.match(text, after + 1)
        if opener not in ("{", "[") or first is None or first.end() - first.start() <= indent:
            return _Children()
        child = first.end() - first.start()
        if opener == "[":
            return _Children(_items_at(child, indent), after, child, array=True)
        return _Children(_members_at(child, indent), after, child)


def _read_members(text: str, children: _Children, key: str) -> int | None:
    """The line of member `key`, reading the object's lines on until it is found.

    Each is one line at the members' indent; the object ends at its closing line, the first
    at or left of its own indent: one search in C, not a walk. Most pointers ask for one of
    the first members of an object, so the rest of a large one is often never read."""
    keys, lines, rest = children.keys, children.lines, children.rest
    assert lines is not None and rest is not None
    for match in lines.finditer(text, rest):
        raw = match.group(1)
        if raw is None:  # the closing line
            break
        read = json.loads(raw) if "\\" in raw else raw[1:-1]
        if read not in keys:
            offset = keys[read] = match.start() + 1
            if read == key:
                children.rest = match.end()
                return offset
    children.rest = None
    return None


def _read_items(text: str, children: _Children, index: int) -> int | None:
    """The line of item `index`, reading the array's lines on until it is found."""
    items, lines, rest = children.items, children.lines, children.rest
    if lines is not None and rest is not None:
        for match in lines.finditer(text, rest):
            if match.group(1) is None:  # the closing line
                break
            items.append(match.start() + 1)
            if len(items) > index:
                children.rest = match.end()
                return items[index]
        children.rest = None
    return None
