"""Checks on the parameters of an operation (path, query, header, cookie, 2.0 formData)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.pairs import OperationPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.shapes import Node
from accord.report import Severity

BREAKING, MAY_BREAK, CHANGE = Severity.error, Severity.warning, Severity.info


def param_label(param: Node) -> str:
    data = param.value if isinstance(param.value, dict) else {}
    return f"{data.get('in', '?')} parameter {data.get('name', '?')!r}"


def _required(param: Node) -> bool:
    return isinstance(param.value, dict) and (
        param.value.get("required") is True or param.value.get("in") == "path"
    )


def _common(p: OperationPair) -> Iterator[tuple[Node, Node]]:
    for key, new in p.new.parameters.items():
        old = p.old.parameters.get(key)
        if old is not None:
            yield old, new


@check(
    Scope.operation,
    "request-parameter-removed",
    MAY_BREAK,
    "clients still send it; the server may ignore or refuse it",
)
def request_parameter_removed(p: OperationPair) -> Iterator[Hit]:
    for key, old in p.old.parameters.items():
        if key not in p.new.parameters:
            site = p.old.parameter_sites.get(key, old)
            yield Hit(f"{param_label(old)} removed", site.document, site.pointer, Side.old)


@check(
    Scope.operation,
    "request-parameter-added-required",
    BREAKING,
    "existing clients do not send the new parameter",
)
def request_parameter_added_required(p: OperationPair) -> Iterator[Hit]:
    for key, new in p.new.parameters.items():
        if key not in p.old.parameters and _required(new):
            site = p.new.parameter_sites.get(key, new)
            yield Hit(f"required {param_label(new)} added", site.document, site.pointer)


@check(Scope.operation, "request-parameter-added-optional", CHANGE, "an optional parameter is a new feature")
def request_parameter_added_optional(p: OperationPair) -> Iterator[Hit]:
    for key, new in p.new.parameters.items():
        if key not in p.old.parameters and not _required(new):
            yield Hit(f"optional {param_label(new)} added", new.document, new.pointer)


@check(Scope.operation, "request-parameter-became-required", BREAKING, "clients that omitted it are refused")
def request_parameter_became_required(p: OperationPair) -> Iterator[Hit]:
    for old, new in _common(p):
        if _required(new) and not _required(old):
            yield Hit(f"{param_label(new)} became required", new.document, f"{new.pointer}/required")


@check(Scope.operation, "request-parameter-became-optional", CHANGE, "clients may now omit it")
def request_parameter_became_optional(p: OperationPair) -> Iterator[Hit]:
    for old, new in _common(p):
        if _required(old) and not _required(new):
            yield Hit(f"{param_label(new)} became optional", new.document, new.pointer)


@check(
    Scope.operation, "path-parameter-renamed", CHANGE, "the URL is the same; only the documented name changed"
)
def path_parameter_renamed(p: OperationPair) -> Iterator[Hit]:
    for old, new in _common(p):
        before, after = _data(old), _data(new)
        if after.get("in") == "path" and before.get("name") != after.get("name"):
            yield Hit(
                f"path parameter {before.get('name')!r} renamed to {after.get('name')!r}",
                new.document,
                new.pointer,
            )


_STYLE_DEFAULTS = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def _serialization(param: Node) -> tuple[Any, ...]:
    data = _data(param)
    style = data.get("style") or _STYLE_DEFAULTS.get(str(data.get("in")), "form")
    explode = data.get("explode", style == "form")
    return (style, explode, data.get("collectionFormat", "csv"), bool(data.get("allowReserved")))


@check(
    Scope.operation, "request-parameter-style-changed", BREAKING, "clients serialize the value the old way"
)
def request_parameter_style_changed(p: OperationPair) -> Iterator[Hit]:
    for old, new in _common(p):
        if _serialization(old) != _serialization(new):
            yield Hit(
                f"{param_label(new)} serialization changed (style/explode/collectionFormat)",
                new.document,
                new.pointer,
            )


def _data(node: Node) -> dict[str, Any]:
    return node.value if isinstance(node.value, dict) else {}
