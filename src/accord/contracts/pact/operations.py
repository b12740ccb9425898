"""Find the OpenAPI operation a pact request is aimed at: path template, method, path values.

The operations are the contract's one model (`accord.contracts.openapi.read_operations`):
the merged parameters, bodies and responses the mocks serve are the ones a pact is held to.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from accord.contracts.model import Contract, ContractKind
from accord.contracts.openapi import SchemaCompiler
from accord.contracts.openapi.operations import Operation, read_operations
from accord.documents.loader import Document

__all__ = ["Lookup", "Provider"]


@dataclass(frozen=True)
class Lookup:
    """The operation, or why there is none: no such path, or the path has no such method."""

    operation: Operation | None
    path_template: str | None
    methods: tuple[str, ...] = ()
    path_values: dict[str, str] = field(default_factory=dict)


class Provider:
    """A provider's contract as pact check reads it: operations by path, schemas by direction."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract
        self.swagger = contract.kind is ContractKind.swagger2
        self.operations: dict[str, dict[str, Operation]] = {}
        for operation in read_operations(contract):
            self.operations.setdefault(operation.template, {})[operation.method.lower()] = operation
        self._prefixes = _prefixes(contract)
        self._compilers = {d: SchemaCompiler(contract, d) for d in ("request", "response")}

    def compile(self, schema: Any, document: Document, direction: str) -> dict[str, Any]:
        """The schema as JSON Schema 2020-12, read for `direction` (request or response)."""
        return self._compilers[direction].compile(schema, document)

    def find(self, method: str, path: str) -> Lookup:
        """The operation for METHOD PATH, preferring literal paths over templated ones."""
        paths = self.contract.data.get("paths") or {}
        candidates: list[tuple[int, str, dict[str, str]]] = []
        for prefix in self._prefixes:
            if prefix and not path.startswith(prefix + "/"):
                continue
            local = path[len(prefix) :] or "/"
            for template in paths:
                match = _template_regex(str(template)).fullmatch(local)
                if match:
                    values = dict(zip(_names(str(template)), match.groups(), strict=False))
                    candidates.append((len(values), str(template), values))
        if not candidates:
            return Lookup(None, None)
        _, template, values = min(candidates, key=lambda c: c[0])
        methods = self.operations.get(template, {})
        return Lookup(methods.get(method.lower()), template, tuple(sorted(methods)), values)


def _prefixes(contract: Contract) -> list[str]:
    data = contract.data
    if contract.kind is ContractKind.swagger2:
        return [str(data.get("basePath") or "").rstrip("/")]
    paths = [
        urlsplit(str(s.get("url", ""))).path.rstrip("/")
        for s in data.get("servers") or []
        if isinstance(s, dict)
    ]
    return sorted({p for p in paths if "{" not in p} | {""}, key=len, reverse=True)


@functools.lru_cache(maxsize=4096)
def _template_regex(template: str) -> re.Pattern[str]:
    """The path template as a regex (cached: every pact interaction looks up every template)."""
    parts = re.split(r"(\{[^}/]+\})", template)
    pattern = "".join(f"(?P<p{i}>[^/]+)" if p.startswith("{") else re.escape(p) for i, p in enumerate(parts))
    return re.compile(pattern + "/?")


@functools.lru_cache(maxsize=4096)
def _names(template: str) -> list[str]:
    return re.findall(r"\{([^}/]+)\}", template)
