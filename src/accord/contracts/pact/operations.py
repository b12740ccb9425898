"""Find the OpenAPI operation a pact request is aimed at: path template, method, parameters."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from accord.contracts.model import Contract, ContractKind
from accord.documents.loader import Document

__all__ = ["Operation", "find_operation"]

_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@dataclass(frozen=True)
class Operation:
    """An operation of the contract, and the path parameters the request fills in."""

    template: str
    method: str
    pointer: str
    spec: dict[str, Any]
    parameters: tuple[dict[str, Any], ...]
    path_values: dict[str, str]
    document: Document


@dataclass(frozen=True)
class Lookup:
    """The operation, or why there is none: no such path, or the path has no such method."""

    operation: Operation | None
    path_template: str | None
    methods: tuple[str, ...] = ()


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


def find_operation(contract: Contract, method: str, path: str) -> Lookup:
    """The operation for METHOD PATH, preferring literal paths over templated ones."""
    paths = contract.data.get("paths") or {}
    candidates: list[tuple[int, str, dict[str, str]]] = []
    for prefix in _prefixes(contract):
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
    item, item_doc = contract.resolver.deref(paths[template], contract.document)
    pointer = "/paths/" + template.replace("~", "~0").replace("/", "~1")
    methods = tuple(sorted(m for m in item if m in _METHODS))
    spec = item.get(method.lower())
    if not isinstance(spec, dict):
        return Lookup(None, template, methods)
    parameters = {}
    for raw in [*(item.get("parameters") or []), *(spec.get("parameters") or [])]:
        param, _ = contract.resolver.deref(raw, item_doc)
        if isinstance(param, dict):
            parameters[(param.get("in"), param.get("name"))] = param
    operation = Operation(
        template,
        method.lower(),
        f"{pointer}/{method.lower()}",
        spec,
        tuple(parameters.values()),
        values,
        item_doc,
    )
    return Lookup(operation, template, methods)
