"""One HTTP interaction of a pact read the same way whatever the pact version (V2, V3, V4)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from accord.contracts.pact.files import Interaction
from accord.contracts.pact.schemas import MatchingRules

__all__ = ["NO_BODY", "Exchange", "read_exchange"]

NO_BODY: Any = object()


@dataclass(frozen=True)
class Exchange:
    """Request and response of an HTTP interaction, with body matching rules."""

    method: str
    path: str
    query: dict[str, list[str]]
    request_body: Any
    request_type: str | None
    status: int
    response_body: Any
    response_type: str | None
    response_rules: MatchingRules = field(repr=False)


def read_exchange(interaction: Interaction) -> Exchange:
    request = interaction.data.get("request") or {}
    response = interaction.data.get("response") or {}
    request_body, request_type = _body(request)
    response_body, response_type = _body(response)
    return Exchange(
        method=str(request.get("method", "GET")).upper(),
        path=str(request.get("path", "/")),
        query=_query(request.get("query")),
        request_body=request_body,
        request_type=request_type,
        status=int(response.get("status", 200)),
        response_body=response_body,
        response_type=response_type,
        response_rules=_rules(response),
    )


def _header(part: dict[str, Any], name: str) -> str | None:
    for key, value in (part.get("headers") or {}).items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return None


def _body(part: dict[str, Any]) -> tuple[Any, str | None]:
    """The body (NO_BODY when absent), JSON decoded where it is JSON, and its media type."""
    content_type = _header(part, "content-type")
    if "body" not in part:
        return NO_BODY, content_type
    body = part["body"]
    if isinstance(body, dict) and "content" in body and ("contentType" in body or "encoded" in body):
        content_type = content_type or body.get("contentType")
        body = body["content"]
        if isinstance(body, str) and content_type and "json" in content_type:
            with contextlib.suppress(ValueError):
                body = json.loads(body)
    return body, content_type


def _query(query: Any) -> dict[str, list[str]]:
    if isinstance(query, str):  # pact v2
        return {k: list(v) for k, v in parse_qs(query, keep_blank_values=True).items()}
    if isinstance(query, dict):
        return {str(k): [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in query.items()}
    return {}


def _rules(part: dict[str, Any]) -> MatchingRules:
    rules = part.get("matchingRules") or {}
    body_rules = rules.get("body") if isinstance(rules.get("body"), dict) else None
    if body_rules is None:  # pact v2: flat keys like `$.body.id`
        body_rules = {k: v for k, v in rules.items() if str(k).startswith("$.body")}
        body_rules = {k: {"matchers": [v]} if "match" in v else v for k, v in body_rules.items()}
    return MatchingRules(body_rules)
