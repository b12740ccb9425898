"""Answers the mock already gave, by the request's every byte: a repeated request skips the work.

Without faults, state or a `Prefer` header the mock's answer is a function of the request
alone (method, path, query, headers, body): examples and static data are drawn from the seed
afresh each time. So the server keeps the last `SIZE` answers by the raw request and sends
a repeat the same answer without routing, validating or building it again.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from accord.mocks.http import MockResponse

__all__ = ["AnswerMemo"]

SIZE = 1024  # answers kept; past this they are forgotten all at once (cheaper than one by one)
MAX_BODY = 16 * 1024  # larger request bodies are not kept as keys: memory stays bounded


class AnswerMemo:
    """Answers by raw ASGI request; `key` is None for a request that is not remembered."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._answers: dict[Hashable, MockResponse] = {}

    def key(self, scope: dict[str, Any], body: bytes) -> Hashable | None:
        if len(body) > MAX_BODY:
            return None
        return (scope["method"], scope["path"], scope["query_string"], tuple(scope["headers"]), body)

    def get(self, key: Hashable | None) -> MockResponse | None:
        if key is None:
            return None
        try:
            return self._answers.get(key)
        except TypeError:  # headers as lists (another server): nothing is remembered
            return None

    def keep(self, key: Hashable | None, response: MockResponse) -> None:
        if key is None or response.rule == "mock-error":  # a failure is logged each time it happens
            return
        if len(self._answers) >= self.size:
            self._answers.clear()
        try:
            self._answers[key] = response
        except TypeError:
            return
