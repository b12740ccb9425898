"""Valid requests for every operation of a contract: what the chaos check sends to a service.

Path, query and header parameters and JSON bodies come from the contract's examples, else are
generated from its schemas (the mocks' generator, fixed seed): one request per operation.
"""

from __future__ import annotations

import json
import random
import urllib.parse
from dataclasses import dataclass

from accord.contracts.model import Contract
from accord.contracts.openapi import SchemaCompiler
from accord.contracts.openapi.operations import Operation, read_operations
from accord.mocks.datagen import generate

__all__ = ["DrivenRequest", "valid_requests"]


@dataclass(frozen=True)
class DrivenRequest:
    operation: Operation
    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes | None

    @property
    def label(self) -> str:
        return f"{self.method} {self.operation.template}"

    def curl(self, base_url: str) -> str:
        parts = [f"curl -X {self.method} '{base_url.rstrip('/')}{self.path}'"]
        parts += [f"-H '{name}: {value}'" for name, value in self.headers.items()]
        if self.body is not None:
            parts.append(f"-d '{self.body.decode()}'")
        return " ".join(parts)


def valid_requests(contract: Contract, seed: int = 0) -> list[DrivenRequest]:
    compiler = SchemaCompiler(contract, "request")
    return [_request(op, compiler, random.Random(seed)) for op in read_operations(contract)]  # noqa: S311


def _request(op: Operation, compiler: SchemaCompiler, rng: random.Random) -> DrivenRequest:
    path = op.template
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    for parameter in op.parameters:
        if parameter.location != "path" and not parameter.required:
            continue
        value = _text(generate(compiler.compile(parameter.schema, parameter.document), rng))
        if parameter.location == "path":
            path = path.replace("{" + parameter.name + "}", urllib.parse.quote(value, safe=""))
        elif parameter.location == "query":
            query.append((parameter.name, value))
        elif parameter.location == "header":
            headers[parameter.name] = value
    body = None
    if op.body is not None:
        media = next((m for name, m in op.body.media.items() if "json" in name.lower()), None)
        if media is not None:
            example = next(iter(media.examples.values()), None)
            if example is None:
                example = generate(compiler.compile(media.schema, media.document), rng)
            body = json.dumps(example).encode()
            headers["content-type"] = "application/json"
    if query:
        path += "?" + urllib.parse.urlencode(query)
    return DrivenRequest(op, op.method, path, headers, body)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else json.dumps(value)
