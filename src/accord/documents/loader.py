"""Load YAML and JSON documents into plain data, keeping where every node came from.

JSON goes through the C parser; YAML through the Rust parser (yaml-rs), or through
`yaml_tree` (libyaml, node by node) when the text uses what the two read differently or
does not parse. Hostile input is refused with an InputError that names the file and line:
anything but a regular file (see `reading`), binary and non-UTF-8 files, empty files, alias
bombs, very deep nesting, duplicate keys, python/* tags (never constructed), non-mapping roots.
Line and column numbers are 1-based.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from accord.documents.limits import MAX_DEPTH, MAX_EXPANDED_NODES, huge_number
from accord.documents.locate import LineIndex
from accord.documents.locate_json import JsonLineIndex
from accord.documents.plain_data import json_mapping_entries, plain_json_data
from accord.documents.yaml_features import needs_careful_path
from accord.errors import InputError

__all__ = [
    "EMPTY_FILE",
    "Document",
    "Location",
    "child_pointer",
    "escape_token",
    "load_document",
    "parse_document",
    "paused_gc",
    "pointer_tokens",
]

MAX_FILE_BYTES = 64 * 1024 * 1024
EMPTY_FILE = "the file is empty"


class Location(NamedTuple):
    """A place in a file."""

    file: str
    line: int | None = None
    column: int | None = None


class Document:
    """A parsed document: its data, and the node tree that says where each part came from."""

    def __init__(self, path: Path, data: Any, text: str, root: Any = None, root_loaded: bool = False) -> None:
        self.path = path
        self.data = data
        self.text = text
        self._root = root  # libyaml's node tree, when it was composed
        self._root_loaded = root_loaded
        self._index: LineIndex | JsonLineIndex | None = None
        self._members: dict[int, dict[str, Any]] = {}  # node tree lookups
        self._located: dict[str, Location] = {}

    def __repr__(self) -> str:
        return f"Document({str(self.path)!r})"

    @functools.cached_property
    def name(self) -> str:  # asked for several times per finding: thousands on a large contract
        return str(self.path)

    def locate(self, pointer: str) -> Location:
        """The line and column of the node at a JSON pointer (or of its nearest ancestor).

        For a mapping member this is the line of its key; for a list item, of the item.
        Remembered: rules report several findings at one place (an operation, a property).
        """
        location = self._located.get(pointer)
        if location is None:
            location = self._located[pointer] = self._locate(pointer)
        return location

    def _locate(self, pointer: str) -> Location:
        if self._root is None:
            if self._index is None:
                self._index = JsonLineIndex(self.text) if self._looks_like_json() else LineIndex(self.text)
            plain = pointer.lstrip("#")
            if not plain or plain.startswith("/"):
                found = self._index.locate_pointer(plain)
            else:  # not a pointer as written by accord: the tokens pointer_tokens makes of it
                found = self._index.locate(pointer_tokens(pointer))
            if found is not None:
                return Location(self.name, found[0], found[1])
        tokens = pointer_tokens(pointer)
        root = self._node_tree()
        if root is None:
            return Location(self.name)
        from accord.documents.yaml_tree import locate_in_tree

        line, column = locate_in_tree(root, tokens, self._members)
        return Location(self.name, line, column)

    def _looks_like_json(self) -> bool:
        return self.text.lstrip().startswith(("{", "["))

    def _node_tree(self) -> Any:
        if not self._root_loaded:
            self._root_loaded = True
            from accord.documents.yaml_tree import compose_or_none

            # Valid JSON has no raw tabs inside strings, so this keeps every column.
            self._root = compose_or_none(self.text.replace("\t", " "))
        return self._root


def escape_token(token: str | int) -> str:
    """One JSON pointer token (RFC 6901): `~` as `~0`, `/` as `~1` (`POST /payments`, `/pets`)."""
    text = str(token)
    if "~" in text or "/" in text:
        text = text.replace("~", "~0").replace("/", "~1")
    return text


def child_pointer(pointer: str, *tokens: str | int) -> str:
    """`pointer` extended by tokens, each escaped (inline: the walks of validate and lint call it
    for every node)."""
    for token in tokens:
        text = str(token)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        pointer = f"{pointer}/{text}"
    return pointer


def pointer_tokens(pointer: str) -> list[str]:
    """Split a JSON pointer (`/paths/~1pets/get`) into its unescaped tokens."""
    pointer = pointer.lstrip("#")
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def load_document(path: str | Path, *, require_mapping: bool = True) -> Document:
    """Read and parse one YAML or JSON file."""
    path = path if isinstance(path, Path) else Path(path)
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
    if not text or text.isspace():  # not strip(): that copies the whole text
        raise InputError(EMPTY_FILE, file=path, hint="a contract must be a YAML or JSON mapping")
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
    from accord.documents.reading import read_regular_file

    return decode_text(read_regular_file(path), path)


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
    try:
        data = json.loads(text)
        entries = json_mapping_entries(data)
        if entries is None:
            raise RecursionError  # deeper than MAX_DEPTH: answered as the parser's own limit is
        if _key_marks(text) != entries:  # perhaps a key written twice: read it again, key by key
            json.loads(text, object_pairs_hook=_refuse_duplicates)
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
    except ValueError:  # an integer of more than 4,300 digits
        raise huge_number(path, text) from None
    return Document(path, data, text)


_SPACED_KEY_END = re.compile(r'"[ \t\n\r]+:')


def _key_marks(text: str) -> int:
    """At least the number of keys written in a JSON text: each key ends with `"` and `:`, with
    only white space between (a string may also hold `":`, so this may count more). When it
    equals the number of entries the parsed mappings hold, no key was written twice (a
    mapping keeps one entry per key), and the slower read that names a duplicate is not needed."""
    return text.count('":') + len(_SPACED_KEY_END.findall(text))


def _refuse_duplicates(items: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in items:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _find_duplicate_line(doc: Document, key: str) -> int | None:
    needle = json.dumps(key)
    lines = [i + 1 for i, line in enumerate(doc.text.splitlines()) if needle in line]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else None)


_NOT_PARSED = object()


def _fast_yaml(text: str) -> Any:
    """Parse with the Rust parser (20x faster than libyaml); _NOT_PARSED means: take the careful path.

    Any error, or anything the careful path would judge differently, falls back to it, so
    messages and verdicts never depend on which parser ran.
    """
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - an optional speed-up
        return _NOT_PARSED
    if needs_careful_path(text):
        return _NOT_PARSED
    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            # Heavy alias use goes to the careful path, which measures it against what is written.
            alias_limits=yaml_rs.AliasLimits(
                max_total_replayed_events=min(MAX_EXPANDED_NODES // 10, max(10_000, len(text) // 10))
            ),
        )
    except Exception:
        return _NOT_PARSED
    if not plain_json_data(data):
        return _NOT_PARSED
    return data


def _parse_yaml(text: str, path: Path) -> Document:
    """The careful path: libyaml's node tree, checked node by node (see yaml_tree)."""
    from accord.documents.yaml_tree import parse_careful

    data, root = parse_careful(text, path)
    return Document(path, data, text, root, True)
