"""What the two line indexes (YAML, pretty-printed JSON) share: a pointer is found one step
from its parent's place, and every place found is kept.

Findings cluster: thousands of them sit under the same few hundred schemas, so locating
`/components/schemas/Charge/properties/amount` right after `.../properties/currency` costs
one step, not one per token.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["PointerSteps"]

State = TypeVar("State")


class PointerSteps(Generic[State]):
    """Locate by steps: the root's state, a step into one child, and a state's (line, column)."""

    def __init__(self) -> None:
        self._states: dict[str, State | None] = {}

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
        states = self._states
        if pointer in states:
            state = states[pointer]
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
        return None if state is None else self._position(state)
