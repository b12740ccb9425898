"""The lint registry and what a lint rule sees: the contract, walked once, and its `Hit`s.

A rule is one function `check(ctx) -> Iterable[Hit]`; the engine turns hits into findings
with the rule's id and the severity the configuration gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, NamedTuple

from accord.contracts.lint import walk
from accord.contracts.model import Contract, ContractKind
from accord.contracts.registry import Registry
from accord.contracts.walk import Node as WalkNode
from accord.contracts.walk import walk_contract
from accord.documents.loader import Document

__all__ = ["IGNORE_KEY", "LINT_RULES", "Hit", "LintCheck", "LintContext"]

IGNORE_KEY = "x-accord-ignore"  # on any mapping: rules silenced there and below


class Hit(NamedTuple):
    """One place a rule objects to: a message and a JSON pointer (in `document`, or the root)."""

    message: str
    pointer: str
    document: Document | None = None


class LintContext:
    """A contract and the parts of it rules ask about, each computed once and shared."""

    def __init__(self, contract: Contract) -> None:
        self.contract = contract

    @property
    def kind(self) -> ContractKind:
        return self.contract.kind

    @property
    def data(self) -> dict[str, Any]:
        return self.contract.data

    @property
    def document(self) -> Document:
        return self.contract.document

    @property
    def is_openapi(self) -> bool:
        return self.contract.kind.is_openapi

    def deref(self, value: Any, document: Document, pointer: str) -> walk.Node | None:
        """What a value at `pointer` (or its `$ref`) is, and where; None for a broken `$ref`."""
        return walk.deref(self.contract, value, document, pointer)

    @cached_property
    def operations(self) -> list[walk.Operation]:
        return walk.operations(self.contract) if self.is_openapi else []

    @cached_property
    def schemas(self) -> list[WalkNode]:
        """Every schema of the contract, each once, subschemas included: from the contract's
        one walk (`validate --lint` walks it once for both)."""
        return list(walk_contract(self.contract).schemas())

    def schemas_with(self, key: str) -> list[WalkNode]:
        """The schemas that hold `key` (one of `accord.contracts.walk.KEYED`), in walk order."""
        return walk_contract(self.contract).schemas_with(key)

    @property
    def mappings(self) -> list[WalkNode]:
        """The mappings rules look into: those with a `$ref` or an `x-accord-ignore` (never
        inside examples, defaults or `x-` extensions: data, not structure)."""
        return walk_contract(self.contract).having("$ref", IGNORE_KEY)


LintCheck = Callable[[LintContext], Iterable[Hit]]

LINT_RULES: Registry[LintCheck] = Registry(
    "lint",
    modules=[
        f"accord.contracts.lint.rules_{area}"
        for area in ("asyncapi", "info", "operations", "paths", "responses", "schemas")
    ],
)
