"""The vocabulary of the diff engine: directions, hits found by checks, and changes reported."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, NamedTuple, Protocol

from accord.report import Severity

if TYPE_CHECKING:
    from accord.documents.loader import Location

__all__ = ["Change", "Direction", "Hit", "Located", "Side"]


class Located(Protocol):
    """What a change points into: a document that can place a pointer (a YAML or JSON contract,
    or a compiled .proto file)."""

    @property
    def name(self) -> str: ...

    def locate(self, pointer: str) -> Location: ...


class Direction(enum.StrEnum):
    """Who produces a value: the client sends requests, the client receives responses."""

    request = "request"
    response = "response"


class Side(enum.StrEnum):
    """Which version a change points at: the new one, or the old one for removals."""

    old = "old"
    new = "new"


class Hit(NamedTuple):
    """What one check found at one place: a detail and where it is."""

    detail: str
    document: Located
    pointer: str
    side: Side = Side.new
    subpath: str = ""
    operation: str | None = None


class Change(NamedTuple):
    """A hit placed in the API: the check, the operation and where inside it."""

    check: str
    severity: Severity
    operation: str
    where: str
    detail: str
    document: Located
    pointer: str
    side: Side
    accepted: str | None = None

    @property
    def message(self) -> str:
        place = f"{self.operation}: " if self.operation else ""
        where = f"{self.where}: " if self.where else ""
        return f"{place}{where}{self.detail}"
