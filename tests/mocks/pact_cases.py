"""The Pact specification's request-matching cases as a conformance suite for the pact mock.

Each case becomes a one-interaction pact served by Pact's mock server (`serve_pacts`); its `actual`
request is sent over HTTP. A case agrees when the mock answers it exactly when the case says it
matches.
"""

from __future__ import annotations

import base64
import json
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from accord.errors import InputError
from accord.mocks.pact_server import serve_pacts

SPEC_VERSIONS = {"v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}
MATCHED = "x-conformance-matched"


@dataclass(frozen=True)
class Case:
    version: str
    path: Path
    match: bool
    expected: dict[str, Any]
    actual: dict[str, Any]

    @property
    def id(self) -> str:
        return f"{self.version}/{self.path.parent.name}/{self.path.stem}"


@dataclass(frozen=True)
class Outcome:
    case: Case
    answered: bool
    status: int  # 0: the request cannot be sent over HTTP at all

    @property
    def agrees(self) -> bool:
        return self.answered == self.case.match


def load_cases(root: Path) -> list[Case]:
    cases = []
    for version in SPEC_VERSIONS:
        for path in sorted((root / version / "request").glob("*/*.json")):
            data = json.loads(path.read_text("utf-8-sig"))
            cases.append(Case(version, path, bool(data["match"]), data["expected"], data["actual"]))
    return cases


def pact_for(case: Case) -> dict[str, Any]:
    """The pact a consumer test would write for the case's expected request."""
    interaction: dict[str, Any] = {
        "description": case.id,
        "request": as_written(case.expected, case.version),
        "response": {"status": 200, "headers": {MATCHED: "yes"}},
    }
    if case.version == "v4":
        interaction["type"] = "Synchronous/HTTP"
    return {
        "consumer": {"name": "conformance-consumer"},
        "provider": {"name": "conformance-provider"},
        "interactions": [interaction],
        "metadata": {"pactSpecification": {"version": SPEC_VERSIONS[case.version]}},
    }


def as_written(expected: dict[str, Any], version: str) -> dict[str, Any]:
    """A case's request fragment as Pact writes it in a pact file: the method and path always
    named (GET and / when the case leaves them implicit); in V4 a body carries its content type,
    and an empty or null body is left out."""
    request = {"method": "GET", "path": "/", **expected}
    if version != "v4" or "body" not in request:
        return request
    body = request["body"]
    content_type = next(
        (v for k, v in (request.get("headers") or {}).items() if k.lower() == "content-type"), None
    )
    if body is None or (isinstance(body, dict) and body.get("content") in ("", None)):
        del request["body"]
    elif isinstance(body, dict) and "contentType" not in body:
        request["body"] = {**body, "contentType": content_type or "application/json"}
    return request


def _body(request: dict[str, Any], headers: dict[str, str]) -> bytes | None:
    if "body" not in request:
        return None
    body = request["body"]
    if isinstance(body, dict) and "content" in body and set(body) <= {"content", "contentType", "encoded"}:
        content = body["content"]  # the V4 body form
        if body.get("encoded"):
            return base64.b64decode(content)
        return (content if isinstance(content, str) else json.dumps(content)).encode()
    if body is None or body == "":
        return b""  # an empty body; HTTP has no JSON null apart from the text "null"
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if isinstance(body, str) and "json" not in content_type:
        return body.encode()
    return json.dumps(body).encode()


def _query(request: dict[str, Any]) -> str:
    query = request.get("query")
    if isinstance(query, str):
        return query
    if isinstance(query, dict):
        return urllib.parse.urlencode(
            [(k, v) for k, vs in query.items() for v in (vs if isinstance(vs, list) else [vs])]
        )
    return ""


def send(base_url: str, request: dict[str, Any]) -> httpx.Response:
    headers = {
        k: ", ".join(v) if isinstance(v, list) else str(v) for k, v in (request.get("headers") or {}).items()
    }
    query = _query(request)
    url = base_url + request.get("path", "/") + (f"?{query}" if query else "")
    with httpx.Client(timeout=10) as client:
        return client.request(
            request.get("method", "GET"), url, headers=headers, content=_body(request, headers)
        )


def run_case(case: Case, workdir: Path) -> Outcome:
    pact = workdir / f"{case.id.replace('/', '__')}.json"
    pact.write_text(json.dumps(pact_for(case)))
    try:
        server = serve_pacts([pact])
    except InputError:
        return Outcome(case, False, -1)  # refused: the pact breaks its specification's schema
    with server:
        try:
            response = send(server.url, case.actual)
        except httpx.LocalProtocolError:
            return Outcome(case, False, 0)
    return Outcome(case, response.headers.get(MATCHED) == "yes", response.status_code)


def run_all(root: Path, workdir: Path, workers: int = 4) -> list[Outcome]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda case: run_case(case, workdir), load_cases(root)))
