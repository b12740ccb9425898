"""The request and response a mock sees, independent of ASGI, httpx or respx."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = [
    "MAX_JSON_DEPTH",
    "MockRequest",
    "MockResponse",
    "UnreadableBody",
    "Violation",
    "json_response",
    "parse_json",
]

MAX_JSON_DEPTH = 256  # deeper bodies are refused: no real API nests further, and parsers recurse


@dataclass(slots=True)
class MockRequest:
    """One request. Not frozen: the server builds one per request, and a frozen dataclass costs
    four times as much to build; nothing changes a request once it is built."""

    method: str
    path: str
    query_string: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def query(self) -> list[tuple[str, str]]:
        if not self.query_string:
            return []
        return urllib.parse.parse_qsl(self.query_string, keep_blank_values=True)

    @property
    def cookies(self) -> dict[str, str]:
        """Cookies, read leniently: a value SimpleCookie would refuse is still a value to validate."""
        found: dict[str, str] = {}
        for part in self.headers.get("cookie", "").split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name:
                found[name] = urllib.parse.unquote(value.strip().strip('"'))
        return found

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def prefer(self) -> dict[str, str]:
        """Prism's controls from the `Prefer` header: code=404, example=name, dynamic=true."""
        found: dict[str, str] = {}
        header = self.headers.get("prefer")
        if header is None:
            return found
        for part in header.replace(";", ",").split(","):
            key, sep, value = part.strip().partition("=")
            if sep:
                found[key.strip().lower()] = value.strip().strip('"')
        return found


@dataclass(frozen=True)
class Violation:
    """Why a request was rejected: the rule, where in the request, and what is wrong."""

    rule: str
    location: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "in": self.location, "message": self.message}


@dataclass(frozen=True)
class MockResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    rule: str | None = None  # the validation rule that rejected the request, for the log

    def json(self) -> Any:
        return json.loads(self.body)

    @cached_property
    def wire_headers(self) -> tuple[tuple[bytes, bytes], ...]:
        """The headers as ASGI sends them, with the content-length: encoded once per response."""
        encoded = [(k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in self.headers]
        return (*encoded, (b"content-length", str(len(self.body)).encode()))


def json_response(
    status: int, payload: Any, media: str = "application/json", rule: str | None = None
) -> MockResponse:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return MockResponse(status, (("content-type", media),), body, rule)


class UnreadableBody(ValueError):
    """A request body that is not JSON as JSON defines it, or nested beyond MAX_JSON_DEPTH."""


def parse_json(body: bytes) -> Any:
    """The body as JSON: no NaN or Infinity, no number that overflows, at most MAX_JSON_DEPTH deep."""
    try:
        value = json.loads(body, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise UnreadableBody(f"the body is nested more than {MAX_JSON_DEPTH} levels deep") from None
    except ValueError as exc:
        raise UnreadableBody(f"the body is not JSON: {exc}") from None
    if _deeper_than(value, MAX_JSON_DEPTH):
        raise UnreadableBody(f"the body is nested more than {MAX_JSON_DEPTH} levels deep")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large for a double")
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, (dict, list)):
            if depth > limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False
