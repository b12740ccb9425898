"""Build the response an operation promises: status, media type, example or generated body, headers.

Static responses (the contract's examples, or data generated without randomness) are built
once per (operation, status, media, example) and reused; `Prefer: dynamic=true` draws anew.
"""

from __future__ import annotations

import json
import random
import re
from http import HTTPStatus
from typing import Any

from accord.contracts.model import Contract
from accord.contracts.openapi import SchemaCompiler
from accord.contracts.openapi.operations import Header, Media, Operation, Response
from accord.mocks.datagen import generate, is_valid
from accord.mocks.http import MockRequest, MockResponse, Violation

__all__ = ["ResponseBuilder", "choose_status"]

_PROBLEM = "application/problem+json"
MAX_STATIC = 4096  # built responses kept
_TITLES = {401: "Unauthorized", 404: "Not Found", 415: "Unsupported Media Type"}


def choose_status(op: Operation, wanted: str | None = None) -> tuple[int, Response | None]:
    """The documented response to send: `wanted` if documented, else the first success."""
    responses = op.responses
    if wanted and re.fullmatch("[1-5][0-9][0-9]", wanted):  # an HTTP status, not any run of digits
        for key in (wanted, f"{wanted[0]}XX", "DEFAULT"):
            if key in responses:
                return int(wanted), responses[key]
    for key in sorted(responses):
        if key.startswith("2"):
            return (int(key) if key.isdigit() else 200), responses[key]
    if "DEFAULT" in responses:
        return 200, responses["DEFAULT"]
    for key in sorted(responses):
        if key.isdigit():
            return int(key), responses[key]
    return 200, None


def _media_choice(media: dict[str, Media], accept: str) -> str | None:
    if not media:
        return None
    names = list(media)
    for wanted in (a.split(";")[0].strip().lower() for a in accept.split(",") if a.strip()):
        for name in names:
            if wanted in (name.lower(), "*/*") or (wanted.endswith("/*") and name.startswith(wanted[:-1])):
                if wanted == "*/*":
                    break
                return name
    for name in names:
        if name.lower() == "application/json" or name.lower().endswith("+json"):
            return name
    return names[0]


class ResponseBuilder:
    def __init__(self, contract: Contract, seed: int) -> None:
        self.compiler = SchemaCompiler(contract, "response")
        self.rng = random.Random(seed)  # noqa: S311 - example data, not secrets
        self.seed = seed
        self._schemas: dict[tuple[int, str], dict[str, Any]] = {}
        self._static: dict[tuple[int, int, str, str], MockResponse] = {}

    def schema(self, media: Media) -> dict[str, Any]:
        key = (id(media), "")
        found = self._schemas.get(key)
        if found is None:
            found = self._schemas[key] = self.compiler.compile(media.schema, media.document)
        return found

    def success(self, op: Operation, request: MockRequest) -> MockResponse:
        accept = request.headers.get("accept", "")
        if "prefer" not in request.headers:  # the common case: one lookup
            found = self._static.get((id(op), 0, accept, ""))
            if found is not None:
                return found
        prefer = request.prefer()
        status, response = choose_status(op, prefer.get("code"))
        dynamic = prefer.get("dynamic", "").lower() == "true"
        example = prefer.get("example")
        key = (id(op), status, accept, example or "")
        if not dynamic and key in self._static:
            return self._static[key]
        built = self.build(status, response, accept, example, dynamic)
        if not dynamic:
            if len(self._static) >= MAX_STATIC:  # the Accept header is the client's: bound what it costs
                self._static.clear()
            self._static[key] = built
            if not prefer:
                self._static[id(op), 0, accept, ""] = built  # status 0: whatever the operation answers
        return built

    def build(
        self,
        status: int,
        response: Response | None,
        accept: str,
        example: str | None,
        dynamic: bool,
        body: Any = None,
    ) -> MockResponse:
        """A response; `body`, when given, is sent instead of an example (stateful mode)."""
        rng = self.rng if dynamic else random.Random(self.seed)  # noqa: S311
        headers: list[tuple[str, str]] = []
        payload = b""
        if response is not None:
            headers = [(h.name.lower(), self._header_value(h, rng, dynamic)) for h in response.headers]
            mime = _media_choice(response.media, accept)
            if mime is not None and status not in (204, 304):
                media = response.media[mime]
                value = body if body is not None else self._value(media, example, rng, dynamic)
                payload = _encode(value, mime)
                headers.append(("content-type", mime))
        return MockResponse(status, tuple(headers), payload)

    def _value(self, media: Media, example: str | None, rng: random.Random, dynamic: bool) -> Any:
        schema = self.schema(media)
        if example is not None and example in media.examples:
            return media.examples[example]
        if not dynamic:
            for value in media.examples.values():
                if is_valid(schema, value):
                    return value  # an example that breaks its own schema is not sent
        return generate(schema, rng, dynamic=dynamic)

    def _header_value(self, header: Header, rng: random.Random, dynamic: bool) -> str:
        value = header.example
        if value is None:
            value = generate(self.compiler.compile(header.schema, header.document), rng, dynamic=dynamic)
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, list):
            return ",".join(str(v) for v in value)
        return "" if value is None else str(value)

    def rejection(
        self, op: Operation | None, violations: list[Violation], accept: str = "", status: int | None = None
    ) -> MockResponse:
        """400/401/415/422 problem details, in the error shape the contract declares if it has one."""
        first = violations[0]
        wanted = {
            "security": ["401", "403"],
            "media-type": ["415", "400"],
            "invalid-body": ["422", "400"],
        }.get(first.rule, ["400", "422"])
        if status is not None:
            wanted = [str(status)]
        responses = op.responses if op is not None else {}
        status = _rejection_status(wanted, responses, fixed=status is not None)
        problem = {
            "type": "about:blank",
            "title": _TITLES.get(status, "The request does not match the contract"),
            "status": status,
            "detail": "; ".join(f"{v.location}: {v.message}" for v in violations[:5]),
            "errors": [v.as_dict() for v in violations],
        }
        return self._problem(responses, status, problem, accept, first.rule)

    def failure(self, op: Operation | None, status: int | None, accept: str = "") -> MockResponse:
        """An injected error: `status` (default: the first 5xx the operation declares, else 503),
        in the error shape the contract declares for it."""
        responses = op.responses if op is not None else {}
        if status is None:
            declared = sorted(s for s in responses if s.startswith("5") and s.isdigit())
            status = int(declared[0]) if declared else 503
        problem = {
            "type": "about:blank",
            "title": _phrase(status),
            "status": status,
            "detail": "a fault injected by the mock",
        }
        return self._problem(responses, status, problem, accept, "fault")

    def _problem(
        self, responses: dict[str, Response], status: int, problem: dict[str, Any], accept: str, rule: str
    ) -> MockResponse:
        response = (
            responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("DEFAULT")
        )
        mime = _media_choice(response.media, accept) if response is not None else None
        if response is None or mime is None or "json" not in mime:
            payload = json.dumps(problem).encode()
            return MockResponse(status, (("content-type", _PROBLEM),), payload, rule)
        schema = self.schema(response.media[mime])
        fixed = random.Random(self.seed)  # noqa: S311 - example data, not secrets
        shaped = _shape(problem, generate(schema, fixed, dynamic=False), schema)
        headers = [(h.name.lower(), self._header_value(h, fixed, False)) for h in response.headers]
        headers.append(("content-type", mime))
        return MockResponse(status, tuple(headers), _encode(shaped, mime), rule)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _rejection_status(wanted: list[str], responses: dict[str, Response], *, fixed: bool) -> int:
    """The first wanted status the contract documents; else another documented 4xx; else the first wanted.

    A client error the contract does not list is a status no real provider may send either.
    """
    if fixed:
        return int(wanted[0])
    documented = [s for s in responses if s.startswith("4")]
    for candidate in [*wanted, "400", "422", "404", *sorted(documented)]:
        if candidate in responses:
            return int(candidate) if candidate.isdigit() else int(wanted[0])
        if f"{candidate[0]}XX" in responses and candidate.isdigit():
            return int(candidate)
    return int(wanted[0])


def _shape(problem: dict[str, Any], generated: Any, schema: dict[str, Any]) -> Any:
    """The declared error shape filled with what is wrong, field by field while it stays valid."""
    import copy

    if not isinstance(generated, dict):
        return generated
    document = copy.deepcopy(generated)
    _fill(document, problem, lambda: is_valid(schema, document), 0)
    for key in ("title", "status", "detail", "errors"):
        if key in problem and key not in document:
            document[key] = problem[key]
            if not is_valid(schema, document):
                del document[key]
    return document


_ALIASES = {"message": "detail", "description": "detail", "error": "title", "code": "status"}


def _fill(node: dict[str, Any], problem: dict[str, Any], still_valid: Any, depth: int) -> None:
    for key in list(node):
        source = key if key in problem else _ALIASES.get(key)
        if isinstance(node[key], dict) and depth < 3:
            _fill(node[key], problem, still_valid, depth + 1)
        elif source is not None:
            old = node[key]
            node[key] = problem[source]
            if not still_valid():
                node[key] = old


def _encode(value: Any, mime: str) -> bytes:
    if "json" in mime:
        return json.dumps(value, separators=(",", ":")).encode()
    if isinstance(value, bytes):
        return value
    return (value if isinstance(value, str) else json.dumps(value)).encode()
