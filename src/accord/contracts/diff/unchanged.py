"""Whether an operation is written the same in both versions down to everything its `$ref`s
reach. No check can then find anything in it (each reports a difference between the versions:
tests/contracts_diff/test_skips.py), so the walk passes it by without working out its
parameters, bodies and responses. Most operations of a release are such.

Everything here is judged on values compared in C (`==` on the parsed data): the operation,
its path item's parameters, the contract-wide defaults it may fall back on, and the target
of each `$ref` inside them, transitively. Anything it cannot judge (a `$dynamicRef`, a `$ref`
that does not resolve) is "changed": the full walk then looks, and reports what it finds.
"""

from __future__ import annotations

from typing import Any

from accord.contracts.diff.normalize import Api
from accord.contracts.diff.shapes import Operation
from accord.documents.loader import Document
from accord.errors import AccordError

__all__ = ["Unchanged"]

# What an operation falls back on when it does not say: security, and 2.0's media types.
_DEFAULTS = ("security", "consumes", "produces")
# Two `$ref` targets: (old document, old pointer, new document, new pointer).
_Pair = tuple[str, str, str, str]
_DEEPEST = 150  # open targets before giving up (three frames each)


class Unchanged:
    """Answers `operation(old, new)` for one pair of versions, remembering each `$ref` target
    found the same (with all it reaches) or not."""

    def __init__(self, old: Api, new: Api) -> None:
        self.old, self.new = old, new
        before, after = old.root.value, new.root.value
        self._defaults_same = old.swagger == new.swagger and all(
            before.get(key) == after.get(key) for key in _DEFAULTS
        )
        self._same: set[_Pair] = set()  # targets the same, with everything they reach
        self._not_same: set[_Pair] = set()  # targets that differ, or reach a difference
        # One for every walk: a target it has visited is in one of the two sets above once
        # the walk ends, which are asked first, so what it keeps of earlier walks is never read.
        self._walk = _Walk()

    def operation(self, old: Operation, new: Operation) -> bool:
        """True if nothing `old` and `new` take or return can differ."""
        if not self._defaults_same or old.path != new.path or old.node.value != new.node.value:
            return False
        if old.item is None or new.item is None:
            return False
        shared = old.item.value.get("parameters"), new.item.value.get("parameters")
        return (
            shared[0] == shared[1]
            and self._reaches_same(old.node.value, old.node.document, new.node.document)
            and (shared[0] is None or self._reaches_same(shared[0], old.item.document, new.item.document))
        )

    def _reaches_same(self, value: Any, old_document: Document, new_document: Document) -> bool:
        """Whether every `$ref` in `value` (the same in both versions, read in the old and the
        new document) reaches the same content on both sides, transitively.

        The targets are walked depth first, each once, their cycles found as Tarjan's
        algorithm finds strongly connected components: a component is the same once all of
        it is walked and nothing it reaches differs. The first difference ends the walk, and
        every target still open then reaches it, so none of them is the same either."""
        walk = self._walk
        try:
            self._scan(value, old_document, new_document, None, walk)
        except _Differs:
            self._not_same.update(walk.open)
            walk.open.clear()
            walk.opened.clear()
            return False
        return True

    def _scan(
        self, value: Any, old_document: Document, new_document: Document, owner: _Pair | None, walk: _Walk
    ) -> None:
        """Follow each `$ref` in `value`, lowering `owner`'s link to the open targets it reaches."""
        stack = [value]
        while stack:
            node = stack.pop()
            if type(node) is dict:
                if "$ref" in node or "$dynamicRef" in node:
                    self._edge(node, old_document, new_document, owner, walk)
                stack.extend(node.values())  # every `$ref`, examples' too: one too many costs only time
            elif type(node) is list:
                stack.extend(node)

    def _edge(
        self,
        node: dict[str, Any],
        old_document: Document,
        new_document: Document,
        owner: _Pair | None,
        walk: _Walk,
    ) -> None:
        """One `$ref`. A `$dynamicRef` resolves by where it is used, and a `$ref` that does not
        resolve is the full walk's to report: neither is judged here."""
        ref = node.get("$ref")
        if type(ref) is not str:
            if "$dynamicRef" in node:
                raise _Differs
            return
        try:
            a = self.old.contract.resolver.resolve(ref, old_document)
            b = self.new.contract.resolver.resolve(ref, new_document)
        except AccordError:
            raise _Differs from None
        pair = (a.document.name, a.pointer, b.document.name, b.pointer)
        if pair in self._same:
            return
        if pair in self._not_same:
            raise _Differs
        if pair not in walk.index:
            if a.value != b.value:
                self._not_same.add(pair)
                raise _Differs
            if len(walk.open) >= _DEEPEST:  # give up well before Python does
                raise _Differs
            self._visit(pair, a.value, a.document, b.document, walk)
            link = walk.low[pair]
        elif pair in walk.opened:
            link = walk.index[pair]
        else:
            return
        if owner is not None and link < walk.low[owner]:
            walk.low[owner] = link

    def _visit(
        self, pair: _Pair, value: Any, old_document: Document, new_document: Document, walk: _Walk
    ) -> None:
        walk.index[pair] = walk.low[pair] = len(walk.index)
        walk.open.append(pair)
        walk.opened.add(pair)
        self._scan(value, old_document, new_document, pair, walk)
        if walk.low[pair] == walk.index[pair]:  # a whole component walked: nothing in it differs
            while True:
                member = walk.open.pop()
                walk.opened.discard(member)
                self._same.add(member)
                if member == pair:
                    break


class _Differs(Exception):
    """Something a `$ref` reaches differs, or cannot be judged: the walk ends."""


class _Walk:
    """The state of one walk: each target's order of visit and lowest link, and the targets
    whose component is not complete yet (Tarjan's stack)."""

    __slots__ = ("index", "low", "open", "opened")

    def __init__(self) -> None:
        self.index: dict[_Pair, int] = {}
        self.low: dict[_Pair, int] = {}
        self.open: list[_Pair] = []
        self.opened: set[_Pair] = set()
