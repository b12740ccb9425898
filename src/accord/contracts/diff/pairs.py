"""What a check is given: the two versions of the API, an operation, or a schema, side by side."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import NamedTuple, TypeVar

from accord.contracts.diff.model import Direction
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.schemas import SchemaView, build_view, fingerprint
from accord.contracts.diff.shapes import Node, Operation
from accord.contracts.diff.sunset import Notice

__all__ = ["ApiPair", "BranchMatch", "OperationPair", "SchemaPair"]

K = TypeVar("K")


class ApiPair:
    """The two versions of the API, with their operations (and webhooks) by (path, method)."""

    def __init__(
        self,
        old: Api,
        new: Api,
        old_ops: dict[tuple[str, str], Operation],
        new_ops: dict[tuple[str, str], Operation],
        old_hooks: dict[tuple[str, str], Operation] | None = None,
        new_hooks: dict[tuple[str, str], Operation] | None = None,
        notice: Notice | None = None,
    ) -> None:
        self.old, self.new = old, new
        self.old_ops, self.new_ops = old_ops, new_ops
        self.old_hooks = {} if old_hooks is None else old_hooks
        self.new_hooks = {} if new_hooks is None else new_hooks
        self.notice = Notice() if notice is None else notice

    @cached_property
    def old_shapes(self) -> dict[str, Operation]:
        """The old operations by path shape (the first listed for each); read by several checks."""
        return _shapes(self.old_ops)

    @cached_property
    def new_shapes(self) -> dict[str, Operation]:
        return _shapes(self.new_ops)


def _shapes(ops: dict[tuple[str, str], Operation]) -> dict[str, Operation]:
    return {shape: op for (shape, _), op in reversed(ops.items())}


class OperationPair(NamedTuple):
    old: Operation
    new: Operation
    old_api: Api
    new_api: Api

    def unchanged(self) -> bool:
        """Both versions read the same everywhere an operation check looks: the operation's own
        text, its parameters, body and responses (followed through `$ref`s) and its security.
        Every operation check reports a difference between the versions, so none has anything
        to report here (tests/contracts_diff/test_skips.py holds every check to that)."""
        old, new = self.old, self.new
        if (
            old.node.value != new.node.value
            or old.security != new.security
            or old.body_required != new.body_required
            or (old.body_node is None) != (new.body_node is None)
            or not _same_values(old.parameters, new.parameters)
            or not _same_values(old.body, new.body)
            or old.responses.keys() != new.responses.keys()
        ):
            return False
        return all(
            _same_values(old.responses[code].content, after.content)
            and _same_values(old.responses[code].headers, after.headers)
            for code, after in new.responses.items()
        )


def _same_values(old: Mapping[K, Node | None], new: Mapping[K, Node | None]) -> bool:
    """The same keys, each holding the same value (or no node on both sides)."""
    if old.keys() != new.keys():
        return False
    for key, after in new.items():
        before = old[key]
        if (before is None) != (after is None) or (
            before is not None and after is not None and before.value != after.value
        ):
            return False
    return True


class BranchMatch:
    """oneOf/anyOf branches paired by structure, not by position or `$ref` name."""

    __slots__ = ("added", "pairs", "removed")

    def __init__(self) -> None:
        self.pairs: list[tuple[Node, Node]] = []
        self.removed: list[Node] = []
        self.added: list[Node] = []


class SchemaPair:
    """One schema in both versions, and whether it is sent or received."""

    def __init__(
        self, old: SchemaView, new: SchemaView, direction: Direction, old_api: Api, new_api: Api
    ) -> None:
        self.old, self.new = old, new
        self.direction = direction
        self.old_api, self.new_api = old_api, new_api

    @property
    def request(self) -> bool:
        return self.direction is Direction.request

    @cached_property
    def branches(self) -> BranchMatch:
        if not (self.old.branches or self.new.branches):
            return BranchMatch()
        old = list(self.old.branches) or [self.old.node]
        new = list(self.new.branches) or [self.new.node]
        match = BranchMatch()
        # Cheapest first: the same `$ref` target, the same text, the same structure, the same types.
        for key in (_ref_name, _written, _Structure, _types):
            for o in list(old):
                wanted = key(self.old_api, o)
                if wanted is None:
                    continue
                for n in new:
                    if key(self.new_api, n) == wanted:
                        match.pairs.append((o, n))
                        old.remove(o)
                        new.remove(n)
                        break
        match.removed.extend(old)
        match.added.extend(new)
        return match


def _ref_name(api: Api, node: Node) -> object:
    return api.resolve(node).pointer.rsplit("/", 1)[-1] if "$ref" in _own(node) else None


def _written(api: Api, node: Node) -> object:
    """A branch without a `$ref`, as written: equal when written the same."""
    return None if "$ref" in _own(node) else node.value


class _Structure:
    """A schema's `fingerprint`, compared top first: its deep hash is worked out only against a
    schema alike at the top, as most branches told apart are unlike there (an object and a
    string). Different tops hash differently in the deep hash too (as a collision would have
    it, and str hashes are salted per process: a collision gives no stable answer to keep)."""

    __slots__ = ("api", "node", "top")

    def __init__(self, api: Api, node: Node) -> None:
        self.api, self.node, self.top = api, node, fingerprint(api, node, 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Structure):
            return NotImplemented
        if self.top != other.top:
            return False
        return fingerprint(self.api, self.node) == fingerprint(other.api, other.node)

    __hash__ = None  # type: ignore[assignment]


def _types(api: Api, node: Node) -> object:
    return build_view(api, node).types


def _own(node: Node) -> dict[str, object]:
    return node.value if isinstance(node.value, dict) else {}
