"""What the two line indexes (YAML, pretty-printed JSON) share: a pointer is found one step
from its parent's place, and every place found is kept.

Findings cluster: thousands of them sit under the same few hundred schemas, so locating
`/components/schemas/Charge/properties/amount` right after `.../properties/currency` costs
one step, not one per token.
"""

from __future__ import annotations

import array
import itertools
from typing import Generic, TypeVar

__all__ = ["LineNumbers", "PointerSteps"]

State = TypeVar("State")

# Characters per block of the line-number table: a lookup counts at most this many. Larger
# blocks cost each lookup more and the table less: at 4,096, for the few hundred findings of a
# 4 MB contract, the table costs little more than one count of the whole text. Past a thousand
# lookups (a lint of a large contract finds a hundred thousand things) the table is made again
# in blocks of 512: 5 ms on a 20 MB contract, against 0.5 µs saved on every lookup.
_BLOCK = 4096
_FINE_BLOCK = 512
_FINE_AFTER = 1024


class LineNumbers:
    """The 1-based line of an offset in a text: newlines counted per block once (in C, one
    `str.count` per block), then within the offset's block on each lookup.

    Findings jump back and forth through a large contract, so one running count would read
    the text dozens of times; a table of every line start costs five times as much to build
    as this one (the text split into a list of lines) and 8 bytes a line to keep."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._before: array.array[int] | None = None  # newlines before each block
        self._block = _BLOCK
        self._lookups = 0

    def __call__(self, offset: int) -> int:
        self._lookups += 1
        before = self._before
        if before is None or self._lookups == _FINE_AFTER:
            self._block = _BLOCK if before is None else _FINE_BLOCK
            before = self._before = _newlines_before(self._text, self._block)
        block = offset // self._block
        return before[block] + self._text.count("\n", block * self._block, offset) + 1


def _newlines_before(text: str, size: int) -> array.array[int]:
    """How many newlines come before each block of `size` characters."""
    starts, ends = range(0, len(text), size), range(size, len(text) + size, size)
    counts = map(text.count, itertools.repeat("\n"), starts, ends)
    return array.array("q", itertools.accumulate(counts, initial=0))


class PointerSteps(Generic[State]):
    """Locate by steps: the root's state, a step into one child, and a state's (line, column)."""

    def __init__(self) -> None:
        self._states: dict[str, State | None] = {}
        self._positions: dict[str, tuple[int, int] | None] = {}

    def _root_state(self) -> State | None:
        raise NotImplementedError

    def _step_state(self, state: State, token: str) -> State | None:
        raise NotImplementedError

    def _position(self, state: State) -> tuple[int, int]:
        raise NotImplementedError

    def locate(self, tokens: list[str]) -> tuple[int, int] | None:
        """(line, column) of the node at `tokens`, or None if this index cannot tell."""
        state = self._root_state()
        for token in tokens:
            if state is None:
                return None
            state = self._step_state(state, token)
        return None if state is None else self._position(state)

    def locate_pointer(self, pointer: str) -> tuple[int, int] | None:
        """The same for a JSON pointer that starts with "/" (or is empty), remembered."""
        positions = self._positions
        if pointer in positions:  # a finding's pointer often comes again, for another rule
            return positions[pointer]
        states = self._states
        if pointer in states:
            state = states[pointer]
        elif (parent := pointer[: pointer.rfind("/")]) in states:  # most often: a sibling was found
            state = states[parent]
            if state is not None:
                token = pointer[len(parent) + 1 :]
                if "~" in token:
                    token = token.replace("~1", "/").replace("~0", "~")
                state = self._step_state(state, token)
            states[pointer] = state
        else:
            # Up to the nearest ancestor already found, then down one token at a time.
            pending: list[str] = []
            ancestor = pointer
            while ancestor and ancestor not in states:
                pending.append(ancestor)
                ancestor = ancestor[: ancestor.rfind("/")]
            state = states[ancestor] if ancestor else states.setdefault("", self._root_state())
            for here in reversed(pending):
                if state is not None:
                    token = here[here.rfind("/") + 1 :]
                    if "~" in token:
                        token = token.replace("~1", "/").replace("~0", "~")
                    state = self._step_state(state, token)
                states[here] = state
        position = positions[pointer] = None if state is None else self._position(state)
        return position
