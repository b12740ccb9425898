"""What validation rules look at: one contract, walked and checked once, shared by every rule."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any, NamedTuple

from accord.contracts.model import METHODS, Contract
from accord.contracts.schema_check import SchemaChecker
from accord.contracts.structure import Violation, structure_violations
from accord.contracts.walk import Walk, walk_contract
from accord.documents.loader import Document, escape_token
from accord.errors import ContractError
from accord.report import Finding, Severity

__all__ = ["METHODS", "Operation", "RuleContext"]


class Operation(NamedTuple):
    """An OpenAPI operation with the path item it belongs to."""

    path: str
    method: str
    value: dict[str, Any]
    document: Document
    pointer: str
    path_item: dict[str, Any]
    path_item_document: Document
    path_item_pointer: str


class RuleContext:
    """A contract plus what several rules need, each computed on first use."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    @cached_property
    def structure(self) -> list[Violation]:
        return structure_violations(self.contract)

    @cached_property
    def walk(self) -> Walk:
        return walk_contract(self.contract)

    @cached_property
    def checker(self) -> SchemaChecker:
        return SchemaChecker(self.contract)

    def finding(
        self, rule: str, severity: Severity, message: str, pointer: str, document: Document | None = None
    ) -> Finding:
        return self.contract.finding(rule, severity, message, pointer, document)

    def deref(self, value: Any, document: Document, pointer: str) -> tuple[Any, Document, str] | None:
        """Follow a `$ref` if there is one; None if it leads nowhere (its own rule reports that)."""
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            try:
                resolved = self.contract.resolver.resolve(value["$ref"], document)
            except ContractError:
                return None
            return resolved.value, resolved.document, resolved.pointer
        return value, document, pointer

    def operations(self) -> list[Operation]:
        """Every operation under `paths` (OpenAPI only), `$ref`s followed; found once, as
        several rules ask."""
        return self._operations

    @cached_property
    def _operations(self) -> list[Operation]:
        if not self.contract.kind.is_openapi:
            return []
        paths = self.contract.data.get("paths")
        if not isinstance(paths, dict):
            return []
        found: list[Operation] = []
        for path, raw_item in paths.items():
            item = self.deref(raw_item, self.contract.document, "/paths/" + escape_token(path))
            if item is None or not isinstance(item[0], dict):
                continue
            item_value, item_doc, item_ptr = item
            for method in METHODS:
                if method not in item_value:
                    continue
                op = self.deref(item_value[method], item_doc, f"{item_ptr}/{method}")
                if op is not None and isinstance(op[0], dict):
                    found.append(Operation(path, method, op[0], op[1], op[2], item_value, item_doc, item_ptr))
        return found

    def parameters(
        self, owner: dict[str, Any], document: Document, pointer: str
    ) -> Iterator[tuple[dict[str, Any], Document, str]]:
        """The parameters listed in a path item or operation, `$ref`s followed.

        Each comes with the place it is listed (not where a `$ref` leads): that is the line
        a reader fixes.
        """
        params = owner.get("parameters")
        if not isinstance(params, list):
            return
        for index, raw in enumerate(params):
            here = f"{pointer}/parameters/{index}"
            param = self.deref(raw, document, here)
            if param is not None and isinstance(param[0], dict):
                yield param[0], document, here
