"""What a proto lint rule sees: the compiled files given (not their imports), and its hits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from accord.contracts.proto.model import ProtoApi, ProtoElement, ProtoFile
from accord.contracts.registry import Registry

__all__ = ["PROTO_LINT_RULES", "ProtoHit", "ProtoLintCheck", "elements"]


class ProtoHit(NamedTuple):
    """One place a rule objects to: a message, the file and a pointer into its descriptor."""

    message: str
    file: ProtoFile
    pointer: str


ProtoLintCheck = Callable[[ProtoApi], Iterable[ProtoHit]]

PROTO_LINT_RULES: Registry[ProtoLintCheck] = Registry(
    "proto lint", modules=["accord.contracts.lint.rules_proto"]
)


def elements(api: ProtoApi, kind: str) -> Iterator[ProtoElement]:
    """Messages, enums, services or methods, in file order."""
    yield from getattr(api, kind).values()
