"""Serve pact files on the address accord was asked for, with Pact's own matching.

`pact stub` has no bind option (it listens on every interface). Pact's mock server, in the
pact_ffi library, binds where it is told; this module rebuilds a pact file's HTTP interactions
through the pact_ffi builder so that server can answer them. Request matching stays Pact's own.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError, ToolError

if TYPE_CHECKING:
    import pact_ffi

__all__ = ["PactServer", "serve_pacts"]

_SPECS = {"1": "V1", "1.1": "V1_1", "2": "V2", "3": "V3", "4": "V4"}
_V2_CATEGORIES = (("$.body", "body"), ("$.headers.", "header"), ("$.query.", "query"), ("$.path", "path"))


@dataclass
class PactServer:
    """A running Pact mock server; `stop()` (or leaving the `with`) shuts it down."""

    handle: Any
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        # The handle shuts its server down when it is collected (pact_ffi's own rule): drop it.
        self.handle = None

    def __enter__(self) -> PactServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def serve_pacts(pact_files: list[Path], host: str = "127.0.0.1", port: int = 0) -> PactServer:
    """Start one Pact mock server on host:port answering every HTTP interaction of the files.

    Each file is checked against its Pact Specification's JSON Schema first (InputError with
    the line); an interaction Pact cannot build is an InputError naming it.
    """
    import pact_ffi

    from accord.contracts.pact.files import HTTP, load_pact_file

    pacts = [load_pact_file(path) for path in pact_files]
    handle = pact_ffi.new_pact(pacts[0].consumer, pacts[0].provider)
    pact_ffi.with_specification(handle, pact_ffi.PactSpecification.from_str(_spec(pacts[0].specification)))
    for pact in pacts:
        spec = _spec(pact.specification)
        for interaction in pact.interactions:
            if interaction.kind != HTTP:
                continue  # messages are not served over HTTP
            try:
                _add(pact_ffi, handle, interaction.data, spec)
            except (RuntimeError, ValueError, TypeError) as error:
                reason = re.sub(r" for InteractionHandle\(\d+\)", "", str(error)).rstrip(".")
                raise InputError(
                    f"interaction {interaction.description!r} cannot be served: {reason}",
                    file=pact.path,
                    line=pact.line_of(interaction.pointer),
                    hint="check it against the Pact Specification, or re-run the consumer test that wrote it",
                ) from error
    try:
        server = pact_ffi.create_mock_server_for_transport(handle, host, port, "http", None)
    except RuntimeError as error:
        raise ToolError(
            f"the pact mock could not listen on {host}:{port}: {error}", hint="pick another --port"
        ) from error
    return PactServer(server, host, server.port)


def _spec(version: str) -> str:
    parts = version.strip().lstrip("vV").split(".")
    key = "1.1" if parts[:2] == ["1", "1"] else parts[0]
    return _SPECS.get(key, "V2")


def _add(ffi: Any, pact: Any, interaction: dict[str, Any], spec: str) -> None:
    handle = ffi.new_interaction(pact, str(interaction.get("description", "")))
    _states(ffi, handle, interaction)
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    ffi.with_request(handle, str(request.get("method", "GET")).upper(), str(request.get("path", "/")))
    for name, values in _query(request.get("query")).items():
        for index, value in enumerate(values):
            ffi.with_query_parameter_v2(handle, name, index, value)
    _part(ffi, handle, ffi.InteractionPart.REQUEST, request, spec)
    ffi.response_status_v2(handle, str(response.get("status", 200)))
    _part(ffi, handle, ffi.InteractionPart.RESPONSE, response, spec)


def _states(ffi: Any, handle: Any, interaction: dict[str, Any]) -> None:
    if isinstance(interaction.get("providerState"), str):
        ffi.given(handle, interaction["providerState"])
    for state in interaction.get("providerStates") or []:
        params = state.get("params") or {}
        if not params:
            ffi.given(handle, str(state.get("name", "")))
        for key, value in params.items():
            ffi.given_with_param(handle, str(state.get("name", "")), key, json.dumps(value))


def _query(query: Any) -> dict[str, list[str]]:
    if isinstance(query, str):
        return urllib.parse.parse_qs(query, keep_blank_values=True)
    if isinstance(query, dict):
        return {k: [str(v) for v in (vs if isinstance(vs, list) else [vs])] for k, vs in query.items()}
    return {}


def _part(ffi: Any, handle: Any, part: pact_ffi.InteractionPart, data: dict[str, Any], spec: str) -> None:
    headers = data.get("headers") or {}
    content_type = None
    for name, value in headers.items():
        values = value if isinstance(value, list) else [value]
        if spec in ("V1", "V1_1", "V2") and isinstance(value, str):
            values = [value]
        for index, item in enumerate(values):
            ffi.with_header_v2(handle, part, name, index, str(item))
        if name.lower() == "content-type":
            content_type = str(values[0])
    if "body" in data:
        _body(ffi, handle, part, data["body"], content_type)
    rules = _rules(data.get("matchingRules"))
    if rules:
        ffi.with_matching_rules(handle, part, json.dumps(rules))
    if isinstance(data.get("generators"), dict) and data["generators"]:
        ffi.with_generators(handle, part, json.dumps(data["generators"]))


def _body(ffi: Any, handle: Any, part: Any, body: Any, content_type: str | None) -> None:
    if isinstance(body, dict) and "content" in body and set(body) <= {"content", "contentType", "encoded"}:
        content_type = body.get("contentType") or content_type  # the V4 body form
        if body.get("encoded"):
            ffi.with_binary_body(handle, part, content_type, base64.b64decode(body["content"]))
            return
        body = body["content"]
        if isinstance(body, str) and body and not _is_json(content_type):
            ffi.with_body(handle, part, content_type or "text/plain", body)
            return
    if body is None or body == "":
        # Pact reads null and "" as an empty body; without a content type, as no body expected.
        if content_type:
            ffi.with_binary_body(handle, part, content_type, b"")
        return
    if isinstance(body, str) and not _is_json(content_type):
        ffi.with_body(handle, part, content_type or "text/plain", body)
        return
    ffi.with_body(handle, part, content_type or "application/json", json.dumps(body))


def _is_json(content_type: str | None) -> bool:
    return content_type is not None and "json" in content_type


def _rules(rules: Any) -> dict[str, Any]:
    """Matching rules in the V4 form pact_ffi takes, from the V2 flat or the V3/V4 form."""
    if not isinstance(rules, dict):
        return {}
    if not any(key.startswith("$") for key in rules):
        return rules
    converted: dict[str, dict[str, Any]] = {}
    for path, rule in rules.items():
        for prefix, category in _V2_CATEGORIES:
            if path == prefix.rstrip(".") or path.startswith(prefix):
                rest = path[len(prefix) :] if path != prefix.rstrip(".") else ""
                key = "$" + rest if category == "body" else rest
                matchers = rule.get("matchers") if isinstance(rule, dict) and "matchers" in rule else [rule]
                converted.setdefault(category, {})[key or "$"] = {"matchers": matchers}
                break
    if "path" in converted:
        converted["path"] = next(iter(converted["path"].values()))
    return converted
