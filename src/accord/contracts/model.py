"""A contract: one root document (OpenAPI or AsyncAPI), its kind and version, and its $refs.

`load_contract` is the one entry point every command uses to read a contract.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from accord.documents.loader import Document, Location, load_document, parse_document
from accord.documents.refs import RefResolver
from accord.errors import InputError
from accord.report import Finding, Severity

__all__ = [
    "METHODS",
    "Contract",
    "ContractKind",
    "detect_kind",
    "load_contract",
    "parse_contract",
    "shared_loads",
]

# The operations a path item can hold; `query` is OpenAPI 3.2's safe method with a body. Here,
# not with the reading of operations (`accord.contracts.openapi`), for the diff, which reads
# them its own way and would otherwise import that reading and its JSON Schema compiler.
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


class ContractKind(enum.StrEnum):
    """The specification and major version a contract follows."""

    swagger2 = "openapi-2.0"
    openapi30 = "openapi-3.0"
    openapi31 = "openapi-3.1"
    asyncapi2 = "asyncapi-2"
    asyncapi3 = "asyncapi-3"

    @property
    def is_openapi(self) -> bool:
        return self in (ContractKind.swagger2, ContractKind.openapi30, ContractKind.openapi31)

    @property
    def is_asyncapi(self) -> bool:
        return not self.is_openapi


class Contract:
    """A loaded contract. `data` is the root document's data; `$ref`s stay unresolved."""

    def __init__(self, document: Document, kind: ContractKind, version: str, resolver: RefResolver) -> None:
        self.document = document
        self.kind = kind
        self.version = version
        self.resolver = resolver
        # What is worked out from the contract once and read by several commands in one run
        # (its walk: validate's rules and lint's both read it), kept as long as the contract is.
        self.derived: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Contract({self.document!r}, {self.kind.name}, {self.version!r})"

    @property
    def path(self) -> Path:
        return self.document.path

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.document.data
        return data

    @property
    def name(self) -> str:
        return self.document.name

    def locate(self, pointer: str, document: Document | None = None) -> Location:
        return (document or self.document).locate(pointer)

    def finding(
        self,
        rule: str,
        severity: Severity,
        message: str,
        pointer: str,
        document: Document | None = None,
    ) -> Finding:
        """A finding at a JSON pointer of this contract (or of a document it refers to)."""
        doc = document or self.document
        location = doc.locate(pointer)
        return Finding(
            rule=rule,
            severity=severity,
            message=message,
            file=location.file,
            line=location.line,
            column=location.column,
            pointer=pointer or "/",
        )


def detect_kind(data: dict[str, Any], document: Document) -> tuple[ContractKind, str]:
    """Which specification a document follows, from its `openapi`/`swagger`/`asyncapi` key."""
    for key in ("openapi", "swagger", "asyncapi"):
        if key in data:
            version = str(data[key])
            break
    else:
        raise InputError(
            "not an OpenAPI or AsyncAPI document: no `openapi`, `swagger` or `asyncapi` key at the top",
            file=document.path,
            line=1,
            hint="accord checks OpenAPI 2.0/3.0/3.1 and AsyncAPI 2.x/3.0 contracts",
        )
    kinds = {
        ("swagger", "2"): ContractKind.swagger2,
        ("openapi", "3.0"): ContractKind.openapi30,
        ("openapi", "3.1"): ContractKind.openapi31,
        ("asyncapi", "2"): ContractKind.asyncapi2,
        ("asyncapi", "3"): ContractKind.asyncapi3,
    }
    major = version.split(".")[0]
    minor = ".".join(version.split(".")[:2])
    kind = kinds.get((key, minor)) or kinds.get((key, major))
    if kind is None:
        location = document.locate(f"/{key}")
        raise InputError(
            f"unsupported {key} version {version!r}",
            file=document.path,
            line=location.line,
            column=location.column,
            hint="accord checks OpenAPI 2.0/3.0/3.1 and AsyncAPI 2.x/3.0 (quote the version: '3.0.3')",
        )
    return kind, version


def load_contract(path: str | Path, *, allow_remote: bool | None = None) -> Contract:
    """Load a contract file; InputError for anything that is not a readable contract.

    `allow_remote` (and whether `$ref`s may leave the workspace) default to the command's policy.
    """
    shared = _SHARED.get()
    if shared is None:
        return _contract(load_document(path), allow_remote)
    key = os.path.realpath(path)
    contract = shared.get(key)
    if contract is None:
        contract = shared[key] = _contract(load_document(path), allow_remote)
    return contract


_SHARED: ContextVar[dict[str, Contract] | None] = ContextVar("accord_shared_contracts", default=None)


@contextmanager
def shared_loads() -> Iterator[None]:
    """Within it, a contract file loaded again (`validate --lint`: validate, then lint) is the
    same Contract: read, parsed, `$ref`-resolved and line-indexed once. For one command, under
    one reading policy; the contracts are not changed by the checks that read them."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def parse_contract(text: str, path: Path, *, allow_remote: bool | None = None) -> Contract:
    """A contract from text already read (for example from `git show REF:path`)."""
    return _contract(parse_document(text, path), allow_remote)


def _contract(document: Document, allow_remote: bool | None) -> Contract:
    kind, version = detect_kind(document.data, document)
    return Contract(document, kind, version, RefResolver(document, allow_remote=allow_remote))
