"""Load YAML and JSON documents into plain data, keeping where every node came from.

Hostile input is refused with an InputError that names the file and line: binary and
non-UTF-8 files, empty files, alias bombs, very deep nesting, duplicate keys, python/*
tags (never constructed), non-mapping roots. Line and column numbers are 1-based.
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.contracts.locate import LineIndex
from accord.errors import InputError

__all__ = ["Document", "Location", "load_document", "parse_document", "paused_gc", "pointer_tokens"]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 400
MAX_EXPANDED_NODES = 5_000_000

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


@dataclass(frozen=True)
class Location:
    """A place in a file."""

    file: str
    line: int | None = None
    column: int | None = None


@dataclass
class Document:
    """A parsed document: its data, and the node tree that says where each part came from."""

    path: Path
    data: Any
    text: str = field(repr=False)
    _root: yaml.Node | None = field(default=None, repr=False)
    _root_loaded: bool = field(default=False, repr=False)
    _index: LineIndex | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return str(self.path)

    def locate(self, pointer: str) -> Location:
        """The line and column of the node at a JSON pointer (or of its nearest ancestor).

        For a mapping member this is the line of its key; for a list item, of the item.
        """
        tokens = pointer_tokens(pointer)
        if self._root is None and not self._looks_like_json():
            if self._index is None:
                self._index = LineIndex(self.text)
            found = self._index.locate(tokens)
            if found is not None:
                return Location(self.name, found[0], found[1])
        node = self._node_tree()
        if node is None:
            return Location(self.name)
        mark = node.start_mark
        for token in tokens:
            child = _child_node(node, token)
            if child is None:
                break
            key, node = child
            mark = (key or node).start_mark
        return Location(self.name, mark.line + 1, mark.column + 1)

    def _looks_like_json(self) -> bool:
        return self.text.lstrip().startswith(("{", "["))

    def _node_tree(self) -> yaml.Node | None:
        if not self._root_loaded:
            self._root_loaded = True
            try:
                # Valid JSON has no raw tabs inside strings, so this keeps every column.
                self._root = yaml.compose(self.text.replace("\t", " "), Loader=_LOADER)
            except yaml.YAMLError:
                self._root = None
        return self._root


def pointer_tokens(pointer: str) -> list[str]:
    """Split a JSON pointer (`/paths/~1pets/get`) into its unescaped tokens."""
    pointer = pointer.lstrip("#")
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _child_node(node: yaml.Node, token: str) -> tuple[yaml.Node | None, yaml.Node] | None:
    """(key node, value node) of a mapping member, or (None, item) of a list item."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == token:
                return key, value
    elif isinstance(node, yaml.SequenceNode) and token.isdigit():
        index = int(token)
        if index < len(node.value):
            return None, node.value[index]
    return None


def load_document(path: str | Path, *, require_mapping: bool = True) -> Document:
    """Read and parse one YAML or JSON file."""
    path = Path(path)
    text = _read_text(path)
    return parse_document(text, path, require_mapping=require_mapping)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Parsing and walking a large contract allocates millions of long-lived objects; the
    cyclic collector re-scanning them costs more than the work itself (3x on Stripe's).
    The data holds no cycles worth collecting, so pause it and freeze what is left."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def parse_document(text: str, path: Path, *, require_mapping: bool = True) -> Document:
    """Parse text already read (from a file, or from `git show`)."""
    with paused_gc():
        return _parse_document(text, path, require_mapping=require_mapping)


def _parse_document(text: str, path: Path, *, require_mapping: bool) -> Document:
    if not text.strip():
        raise InputError("the file is empty", file=path, hint="a contract must be a YAML or JSON mapping")
    doc = _parse_json(text, path) if path.suffix.lower() == ".json" or text.lstrip().startswith("{") else None
    if doc is None:
        data = _fast_yaml(text)
        doc = Document(path, data, text) if data is not _NOT_PARSED else _parse_yaml(text, path)
    if require_mapping and not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        raise InputError(
            f"the document is {kind}, not a mapping",
            file=path,
            line=1,
            hint="a contract starts with keys such as `openapi:` or `asyncapi:`",
        )
    return doc


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError("no such file", file=path, hint="check the path")
    if path.is_dir():
        raise InputError("this is a directory, not a file", file=path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"the file is {size // (1024 * 1024)} MiB; accord reads at most "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB",
                file=path,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=path) from exc
    return decode_text(raw, path)


def decode_text(raw: bytes, path: Path) -> str:
    """UTF-8 (a BOM is allowed) or a clean error naming the line of the first bad byte."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("the file is UTF-16, not UTF-8", file=path, hint="save the file as UTF-8")
    if b"\x00" in raw[:8192]:
        raise InputError(
            "this looks like a binary file, not YAML or JSON",
            file=path,
            hint="UTF-16 is not supported: save the file as UTF-8",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            file=path,
            line=line,
            hint="save the file as UTF-8",
        ) from exc


def _parse_json(text: str, path: Path) -> Document | None:
    """Parse JSON with the fast C parser; None if the text is not JSON (then try YAML)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except _DuplicateKey as dup:
        doc = Document(path, None, text)
        line = _find_duplicate_line(doc, dup.key)
        raise InputError(
            f"duplicate key {dup.key!r}", file=path, line=line, hint="each key may appear once"
        ) from None
    except RecursionError:
        raise InputError(f"the document is nested too deeply (over {MAX_DEPTH} levels)", file=path) from None
    except json.JSONDecodeError as exc:
        if path.suffix.lower() == ".json":
            raise InputError(
                f"invalid JSON: {exc.msg}", file=path, line=exc.lineno, column=exc.colno
            ) from None
        return None
    _check_depth(data, path)
    return Document(path, data, text)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _find_duplicate_line(doc: Document, key: str) -> int | None:
    needle = json.dumps(key)
    lines = [i + 1 for i, line in enumerate(doc.text.splitlines()) if needle in line]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else None)


def _check_depth(data: Any, path: Path) -> None:
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(f"the document is nested too deeply (over {MAX_DEPTH} levels)", file=path)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


_NOT_PARSED = object()
# Features the fast parser reads differently from the careful one: tags, merge keys,
# several documents. Text that may use them always takes the careful path.
_CAREFUL_ONLY = re.compile(r"<<\s*:|\n\.\.\.[ \t]*(?:\n|$)")


def _several_documents(text: str) -> bool:
    markers = text.count("\n---") + text.startswith("---")
    if markers == 0:
        return False
    first = 0 if text.startswith("---") else text.index("\n---") + 1
    before = [line.strip() for line in text[:first].splitlines()]
    has_content = any(line and not line.startswith(("#", "%")) for line in before)
    return markers > 1 or has_content


def _needs_careful_path(text: str) -> bool:
    """Tags, merge keys or several documents: the two parsers read these differently."""
    if _CAREFUL_ONLY.search(text) or _several_documents(text):
        return True
    # A tag is a "!" at the start of a token; a plain search is 50x faster than a lookbehind.
    index = text.find("!")
    while index != -1:
        if index == 0 or text[index - 1] in " \t\n[{,":
            return True
        index = text.find("!", index + 1)
    return False


def _fast_yaml(text: str) -> Any:
    """Parse with the Rust parser (20x faster than libyaml); _NOT_PARSED means: take the careful path.

    Any error, or anything the careful path would judge differently, falls back to it, so
    messages and verdicts never depend on which parser ran.
    """
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - an optional speed-up
        return _NOT_PARSED
    if _needs_careful_path(text):
        return _NOT_PARSED
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=MAX_EXPANDED_NODES // 10),
        )
    except Exception:
        return _NOT_PARSED
    if not _plain_json_data(data):
        return _NOT_PARSED
    return data


def _plain_json_data(data: Any) -> bool:
    """True if `data` is JSON-like, not too deep, with string keys (fixing number keys in place)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        children: Iterable[Any]
        if type(value) is dict:
            if any(type(key) is not str for key in value):
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
    return True


def _parse_yaml(text: str, path: Path) -> Document:
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
    builder = _Builder(path)
    data = builder.build(root, 0)
    return Document(path, data, text, root, True)


def _tab_at(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the line YAML stopped at holds a tab (its messages do not always say so)."""
    if mark is None:
        return False
    lines = text.splitlines()
    return mark.line < len(lines) and "\t" in lines[mark.line]


class _Builder:
    """Turn a composed node tree into JSON-like data, refusing what JSON cannot hold."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.built: dict[int, Any] = {}
        self.expanded = 0

    def fail(self, node: yaml.Node, message: str, hint: str | None = None) -> InputError:
        mark = node.start_mark
        return InputError(message, file=self.path, line=mark.line + 1, column=mark.column + 1, hint=hint)

    def build(self, node: yaml.Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"the document is nested too deeply (over {MAX_DEPTH} levels)")
        self.expanded += 1
        if self.expanded > MAX_EXPANDED_NODES:
            raise self.fail(
                node,
                "the document expands to too many nodes (a YAML alias bomb?)",
                hint="avoid deeply repeated anchors and aliases",
            )
        key = id(node)
        if key in self.built:
            # An alias: count what it would expand to, so a bomb is stopped early.
            self.expanded += _size(self.built[key])
            if self.expanded > MAX_EXPANDED_NODES:
                raise self.fail(
                    node,
                    "the document expands to too many nodes (a YAML alias bomb?)",
                    hint="avoid deeply repeated anchors and aliases",
                )
            return self.built[key]
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
        return _core_schema_value(node.value, tag)

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
