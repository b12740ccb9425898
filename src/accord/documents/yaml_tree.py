"""The careful YAML path: libyaml's node tree turned into plain data node by node, and
locations read from that tree.

The loader parses with the fast Rust parser first; this path takes over for the YAML
features the two read differently (tags, merge keys, several documents) and for every
error, because only a node tree can say which line is wrong. It refuses alias bombs,
duplicate keys and python/* tags (never constructed), and reads scalars by YAML 1.2 rules.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import yaml

from accord.documents.limits import (
    ALIAS_AMPLIFICATION,
    MAX_DEPTH,
    MAX_EXPANDED_NODES,
    MIN_ALIAS_LIMIT,
    huge_number,
)
from accord.errors import InputError

__all__ = ["compose_or_none", "locate_in_tree", "parse_careful"]

_LOADER: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    _STR_TAG,
    "tag:yaml.org,2002:timestamp",  # kept as text: JSON has no dates
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:value",
}
_TEXT_TAGS = {_STR_TAG, "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary", "tag:yaml.org,2002:value"}
# YAML 1.2 core schema (what OpenAPI 3.1 and the fast parser use), not PyYAML's YAML 1.1:
# `yes`, `on` and `0b1` stay text; `017` is seventeen.
_CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_CORE_SPECIAL = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}


def _core_schema_value(text: str, tag: str) -> Any:
    """A plain scalar that PyYAML tagged as null, bool, int or float, read by YAML 1.2 rules."""
    if tag == "tag:yaml.org,2002:null":
        return None
    lowered = text.lower()
    if tag == "tag:yaml.org,2002:bool":
        return {"true": True, "false": False}.get(lowered, text)
    if _CORE_INT.fullmatch(text):
        base = 16 if text.startswith("0x") else 8 if text.startswith("0o") else 10
        return int(text[2:] if base != 10 else text, base)
    if _CORE_FLOAT.fullmatch(text):
        return float(text)
    return _CORE_SPECIAL.get(lowered, text)


def compose_or_none(text: str) -> yaml.Node | None:
    """The node tree of a text, or None if libyaml cannot read it."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return None


def locate_in_tree(
    root: yaml.Node, tokens: list[str], members: dict[int, dict[str, Any]] | None = None
) -> tuple[int, int]:
    """1-based (line, column) of the member at `tokens`: its key for a mapping member.
    `members` keeps each mapping's keys once looked up (a contract has thousands of schemas)."""
    node, mark = root, root.start_mark
    cache: dict[int, dict[str, Any]] = {} if members is None else members
    for token in tokens:
        child = _child_node(node, token, cache)
        if child is None:
            break
        key, node = child
        mark = (key or node).start_mark
    return mark.line + 1, mark.column + 1


def _child_node(
    node: yaml.Node, token: str, members: dict[int, dict[str, Any]]
) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(key node, value node) of a mapping member (the first of duplicates), or (None, item)."""
    if isinstance(node, yaml.MappingNode):
        keys = members.get(id(node))
        if keys is None:
            keys = members[id(node)] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    keys.setdefault(key.value, (key, value))
        found: tuple[yaml.Node | None, yaml.Node] | None = keys.get(token)
        return found
    if isinstance(node, yaml.SequenceNode) and token.isdigit():
        index = int(token)
        if index < len(node.value):
            return None, node.value[index]
    return None


@contextlib.contextmanager
def _stack_headroom(frames: int) -> Iterator[None]:
    """Room for `frames` more Python frames: composing and building recurse a few frames per
    level, and a document MAX_DEPTH deep is legal however deep the caller already is."""
    depth = 0
    frame: FrameType | None = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(max(before, depth + frames))
    try:
        yield
    finally:
        sys.setrecursionlimit(before)


def parse_careful(text: str, path: Path) -> tuple[Any, yaml.Node]:
    """Plain data and the node tree of a YAML text; InputError with the line for bad input."""
    with _stack_headroom(4 * MAX_DEPTH + 200):
        return _parse_careful(text, path)


def _parse_careful(text: str, path: Path) -> tuple[Any, yaml.Node]:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        hint = "indent with spaces, not tabs" if _tab_at(text, mark) or "tab" in problem else None
        raise InputError(
            f"invalid YAML: {problem}",
            file=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint=hint,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"invalid YAML: {exc}", file=path) from None
    except RecursionError:
        raise InputError(f"the document is nested too deeply (over {MAX_DEPTH} levels)", file=path) from None
    if root is None:
        raise InputError("the file holds no document", file=path)
    builder = _Builder(path, root)
    return builder.build(root, 0), root


def _tab_at(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the line YAML stopped at holds a tab (its messages do not always say so)."""
    if mark is None:
        return False
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line]


class _Builder:
    """Turn a composed node tree into JSON-like data, refusing what JSON cannot hold."""

    def __init__(self, path: Path, root: yaml.Node) -> None:
        self.path = path
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}  # nodes each built node expands to, aliases included
        self.expanded = 0
        # Aliases may repeat a document's parts, not multiply it: past 10x what is written
        # (and a floor for small files) it is an alias bomb, refused before anything walks it.
        self.written = _written_nodes(root)
        self.limit = min(MAX_EXPANDED_NODES, max(MIN_ALIAS_LIMIT, ALIAS_AMPLIFICATION * self.written))

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> InputError:
        mark = node.start_mark
        return InputError(message, file=self.path, line=mark.line + 1, column=mark.column + 1, hint=hint)

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the document is nested too deeply (over {MAX_DEPTH} levels)")
        self.expanded += 1
        key = id(node)
        if key in self.built:
            # An alias: count what it expands to (known once its anchor is built), so a bomb stops early.
            self.expanded += self.sizes[key] if key in self.sizes else _size(self.built[key])
            if self.expanded > self.limit:
                raise self.fail(
                    node,
                    f"the document expands to over {self.limit:,} nodes through its aliases "
                    f"({self.written:,} written): a YAML alias bomb?",
                    hint="write the repeated parts once and point at them with $ref",
                )
            return self.built[key]
        before = self.expanded
        if isinstance(node, yaml.ScalarNode):
            value = self.scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            value = []
            self.built[key] = value
            value.extend(self.build(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            self._check_tag(node, "tag:yaml.org,2002:map")
            value = {}
            self.built[key] = value
            self.mapping(node, value, depth)
        else:  # pragma: no cover - PyYAML has no other node kinds
            raise self.fail(node, "unsupported YAML node")
        self.built[key] = value
        self.sizes[key] = self.expanded - before
        return value

    def _check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            raise self.fail(
                node,
                f"unsupported YAML tag {node.tag!r}",
                hint="contracts hold plain data; remove the tag",
            )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self.fail(
                node, f"unsupported YAML tag {tag!r}", hint="contracts hold plain data; remove the tag"
            )
        if node.style or tag in _TEXT_TAGS - {_STR_TAG}:  # quoted or block scalars are text
            return node.value
        if tag == _STR_TAG and not _CORE_FLOAT.fullmatch(node.value) and not node.value.startswith("0o"):
            return node.value
        try:
            return _core_schema_value(node.value, tag)
        except ValueError:  # an integer of more than 4,300 digits
            mark = node.start_mark
            raise huge_number(self.path, "", mark.line + 1, mark.column + 1) from None

    def mapping(self, node: yaml.MappingNode, out: dict[str, Any], depth: int) -> None:
        seen: dict[str, yaml.Node] = {}
        merges: list[dict[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged = self.build(value_node, depth + 1)
                items = merged if isinstance(merged, list) else [merged]
                for item in items:
                    if not isinstance(item, dict):
                        raise self.fail(value_node, "a `<<` merge key needs a mapping or a list of mappings")
                    merges.append(item)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a mapping key must be a plain value, not a list or mapping")
            if key_node.tag not in _SCALAR_TAGS:
                raise self.fail(key_node, f"unsupported YAML tag {key_node.tag!r}")
            name = key_node.value
            if key_node.tag == "tag:yaml.org,2002:null" and name in ("", "~"):
                name = "null"
            if name in seen:
                first = seen[name].start_mark.line + 1
                raise self.fail(
                    key_node,
                    f"duplicate key {name!r} (first defined on line {first})",
                    hint="each key may appear once in a mapping",
                )
            seen[name] = key_node
            out[name] = self.build(value_node, depth + 1)
        for merged in merges:
            for merged_key, merged_value in merged.items():
                out.setdefault(merged_key, merged_value)


def _written_nodes(root: yaml.Node) -> int:
    """The nodes of a composed tree, each anchored node once however often it is aliased."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.extend((key_node, value_node))
    return len(seen)


def _size(value: Any) -> int:
    count = 0
    stack = [value]
    while stack and count <= MAX_EXPANDED_NODES:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count
