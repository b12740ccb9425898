"""The request and response a mock sees, independent of ASGI, httpx or respx."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MockRequest", "MockResponse", "Violation", "json_response"]


@dataclass(frozen=True)
class MockRequest:
    method: str
    path: str
    query_string: str = ""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""

    @property
    def query(self) -> list[tuple[str, str]]:
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
        for part in self.headers.get("prefer", "").replace(";", ",").split(","):
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


def json_response(
    status: int, payload: Any, media: str = "application/json", rule: str | None = None
) -> MockResponse:
    body = json.dumps(payload, separators=(",", ":")).encode()
    return MockResponse(status, (("content-type", media),), body, rule)
