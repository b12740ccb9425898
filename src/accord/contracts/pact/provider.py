"""The provider's side of a verification: its state handler and its message producers.

Both are plain Python named as `module:attribute` (on the command line or in accord.yaml),
imported with the service's folder first on sys.path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from accord.apps import load_app
from accord.errors import ConfigError

__all__ = ["as_message", "load_message_producers", "load_state_handler"]

Producer = Callable[[], dict[str, Any]]
_MESSAGE_KEYS = {"contents", "metadata", "content_type"}


def load_state_handler(spec: str, search_path: Path | None) -> Callable[..., None]:
    """A function taking any of `state`, `action`, `parameters` (pact passes them by name)."""
    handler = load_app(spec, search_path)
    if not callable(handler):
        raise ConfigError(f"the provider-state handler {spec!r} is not a function")
    return handler  # type: ignore[no-any-return]


def load_message_producers(spec: str, search_path: Path | None) -> dict[str, Producer]:
    """Description -> producer of pact's Message, from a mapping (or a function returning one).

    Each value of the user's mapping is a payload, or a function with no arguments that
    returns one: a dict/list (sent as JSON), bytes, text, or pact's own Message dict.
    """
    target = load_app(spec, search_path)
    mapping = target() if callable(target) and not isinstance(target, Mapping) else target
    if not isinstance(mapping, Mapping) or not all(isinstance(k, str) for k in mapping):
        raise ConfigError(
            f"the message producers {spec!r} must be a mapping of interaction description -> payload",
            hint='e.g. pact_messages = {"a payment.settled event": make_settled_event}',
        )
    return {description: _producer(value) for description, value in mapping.items()}


def _producer(value: Any) -> Producer:
    def produce() -> dict[str, Any]:
        return as_message(value() if callable(value) else value)

    return produce


def as_message(payload: Any) -> dict[str, Any]:
    """pact's Message (`contents` as bytes, `metadata`, `content_type`) for a payload."""
    if isinstance(payload, Mapping) and "contents" in payload and set(payload) <= _MESSAGE_KEYS:
        contents = payload["contents"]
        if not isinstance(contents, bytes):
            contents = contents.encode() if isinstance(contents, str) else json.dumps(contents).encode()
        return {
            "contents": contents,
            "metadata": payload.get("metadata"),
            "content_type": payload.get("content_type"),
        }
    if isinstance(payload, bytes):
        return {"contents": payload, "metadata": None, "content_type": None}
    if isinstance(payload, str):
        return {"contents": payload.encode(), "metadata": None, "content_type": "text/plain"}
    return {
        "contents": json.dumps(payload).encode(),
        "metadata": {"contentType": "application/json"},
        "content_type": "application/json",
    }
