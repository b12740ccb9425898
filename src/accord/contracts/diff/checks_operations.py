"""Checks on paths, operations, servers, security and deprecation."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from typing import Any

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.pairs import ApiPair, OperationPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.shapes import Operation
from accord.contracts.diff.sunset import declared_sunset, retired, sunset_of
from accord.documents.loader import escape_token
from accord.report import Severity

BREAKING, MAY_BREAK, CHANGE = Severity.error, Severity.warning, Severity.info


def _op_hit(detail: str, op: Operation, side: Side) -> Hit:
    return Hit(detail, op.node.document, op.node.pointer, side, operation=op.label)


def _gone(p: ApiPair) -> Iterator[Operation]:
    """Operations and webhooks of the old version missing from the new one."""
    for old, new in ((p.old_ops, p.new_ops), (p.old_hooks, p.new_hooks)):
        for key, op in old.items():
            if key not in new:
                yield op


@check(
    Scope.api,
    "path-removed",
    BREAKING,
    "every client calling the path gets 404 (a path whose operations are all deprecated and past "
    "their sunset is reported per operation, as deprecated-operation-removed)",
)
def path_removed(p: ApiPair) -> Iterator[Hit]:
    gone = [(shape, op) for shape, op in p.old_shapes.items() if shape not in p.new_shapes]
    if not gone:  # most versions: every path still there
        return
    live = {shape for (shape, _), op in p.old_ops.items() if retired(op, p.notice) is None}
    for shape, op in gone:
        if shape in live:
            yield Hit(
                "path removed",
                op.node.document,
                f"/paths/{escape_token(op.path)}",
                Side.old,
                operation=op.path,
            )


@check(Scope.api, "path-added", CHANGE, "a new path is a new feature")
def path_added(p: ApiPair) -> Iterator[Hit]:
    old = p.old_shapes
    for shape, op in p.new_shapes.items():
        if shape not in old:
            yield Hit("path added", op.node.document, f"/paths/{escape_token(op.path)}", operation=op.path)


def _removed_ops(p: ApiPair) -> Iterator[Operation]:
    new_shapes = p.new_shapes
    for key, op in p.old_ops.items():
        if key not in p.new_ops and key[0] in new_shapes:
            yield op


@check(Scope.api, "operation-removed", BREAKING, "clients calling the operation get 405 or 404")
def operation_removed(p: ApiPair) -> Iterator[Hit]:
    for op in _removed_ops(p):
        if retired(op, p.notice) is None:
            yield _op_hit("operation removed", op, Side.old)


@check(
    Scope.api,
    "operation-removed-before-sunset",
    BREAKING,
    "clients were promised the operation (or webhook) until its sunset (x-sunset, or a deprecation "
    "plus accord.yaml's diff.deprecation_days); removing it earlier, alone or with its whole path, "
    "breaks them",
)
def operation_removed_before_sunset(p: ApiPair) -> Iterator[Hit]:
    for op in _gone(p):
        if retired(op, p.notice) is False:
            how = "" if declared_sunset(op) else f" ({p.notice.days} days of diff.deprecation_days)"
            yield _op_hit(
                f"deprecated operation removed before its sunset {sunset_of(op, p.notice)}{how}", op, Side.old
            )


@check(
    Scope.api,
    "deprecated-operation-removed",
    CHANGE,
    "the operation (or webhook) was deprecated and its sunset (x-sunset, or diff.deprecation_days "
    "after the deprecation) has passed, alone or with its path: clients had the promised notice",
)
def deprecated_operation_removed(p: ApiPair) -> Iterator[Hit]:
    for op in _gone(p):
        if retired(op, p.notice):
            yield _op_hit("deprecated operation removed", op, Side.old)


@check(Scope.api, "operation-added", CHANGE, "a new operation is a new feature")
def operation_added(p: ApiPair) -> Iterator[Hit]:
    old_shapes = p.old_shapes
    for key, op in p.new_ops.items():
        if key not in p.old_ops and key[0] in old_shapes:
            yield _op_hit("operation added", op, Side.new)


def _base_paths(api: Api) -> set[str]:
    if api.swagger:
        return {str(api.root.value.get("basePath") or "/").rstrip("/") or "/"}
    servers = api.root.value.get("servers")
    if not isinstance(servers, list) or not servers:
        servers = [{"url": "/"}]
    urls = [str(s.get("url", "/")) for s in servers if isinstance(s, dict)] or ["/"]
    return {urllib.parse.urlsplit(url).path.rstrip("/") or "/" for url in urls}


@check(
    Scope.api,
    "base-path-changed",
    BREAKING,
    "every URL of the API moves; clients built on the old base path get 404",
)
def base_path_changed(p: ApiPair) -> Iterator[Hit]:
    old, new = _base_paths(p.old), _base_paths(p.new)
    if "{" in "".join(old | new) or old & new:
        return
    pointer = "/basePath" if p.new.swagger else "/servers"
    yield Hit(f"base path changed from {sorted(old)} to {sorted(new)}", p.new.contract.document, pointer)


_SCHEME_KEYS = ("type", "in", "name", "scheme", "openIdConnectUrl", "flow", "tokenUrl", "authorizationUrl")


def _scheme_shape(value: Any) -> dict[str, Any]:
    return {k: value.get(k) for k in _SCHEME_KEYS} if isinstance(value, dict) else {}


@check(Scope.api, "security-scheme-changed", BREAKING, "clients send credentials the way the old scheme said")
def security_scheme_changed(p: ApiPair) -> Iterator[Hit]:
    old, new = p.old.security_schemes(), p.new.security_schemes()
    old_schemes = dict(old.items()) if old else {}
    for name, node in new.items() if new else []:
        before = old_schemes.get(name)
        if before is None:
            continue
        a, b = _scheme_shape(p.old.resolve(before).value), _scheme_shape(p.new.resolve(node).value)
        changed = [k for k in _SCHEME_KEYS if a.get(k) != b.get(k)]
        if changed:
            yield Hit(f"security scheme {name!r} changed ({', '.join(changed)})", node.document, node.pointer)


@check(
    Scope.operation,
    "operation-id-changed",
    MAY_BREAK,
    "generated clients name their methods after the operationId",
)
def operation_id_changed(p: OperationPair) -> Iterator[Hit]:
    old, new = p.old.data.get("operationId"), p.new.data.get("operationId")
    if old and old != new:
        yield Hit(
            f"operationId changed from {old!r} to {new!r}",
            p.new.node.document,
            f"{p.new.node.pointer}/operationId",
        )


def _newly_deprecated(p: OperationPair) -> bool:
    return bool(p.new.data.get("deprecated")) and not p.old.data.get("deprecated")


@check(Scope.operation, "operation-deprecated", CHANGE, "clients should plan to move off the operation")
def operation_deprecated(p: OperationPair) -> Iterator[Hit]:
    if _newly_deprecated(p) and declared_sunset(p.new):
        yield Hit(
            f"operation deprecated, sunset {declared_sunset(p.new)}",
            p.new.node.document,
            f"{p.new.node.pointer}/deprecated",
        )


@check(
    Scope.operation,
    "operation-deprecated-without-sunset",
    MAY_BREAK,
    "a deprecation should say until when (x-sunset)",
)
def operation_deprecated_without_sunset(p: OperationPair) -> Iterator[Hit]:
    if _newly_deprecated(p) and not declared_sunset(p.new):
        yield Hit(
            "operation deprecated without an x-sunset date",
            p.new.node.document,
            f"{p.new.node.pointer}/deprecated",
        )


def _satisfies(have: dict[str, frozenset[str]], need: dict[str, frozenset[str]], scopes: bool) -> bool:
    """A client able to meet `have` also meets `need`."""
    return all(name in have and (not scopes or scopes_ok(have[name], need[name])) for name in need)


def scopes_ok(have: frozenset[str], need: frozenset[str]) -> bool:
    return need <= have


def _security_pointer(op: Operation) -> str:
    return op.security_node.pointer if op.security_node else op.node.pointer


@check(
    Scope.operation,
    "security-requirement-added",
    BREAKING,
    "existing clients hold only the credentials the old requirement asked for: a requirement "
    "added is refused to every one of them until they are given new credentials",
)
def security_requirement_added(p: OperationPair) -> Iterator[Hit]:
    for alt in p.old.security:
        if not any(_satisfies(alt, need, scopes=False) for need in p.new.security):
            names = " or ".join("+".join(sorted(n)) or "none" for n in p.new.security)
            doc = p.new.security_node.document if p.new.security_node else p.new.node.document
            yield Hit(f"security now requires {names}", doc, _security_pointer(p.new))
            return


@check(
    Scope.operation,
    "security-scope-added",
    BREAKING,
    "existing clients' tokens were issued with the old scopes: a scope added refuses them until "
    "every client obtains a new token",
)
def security_scope_added(p: OperationPair) -> Iterator[Hit]:
    for alt in p.old.security:
        schemes_ok = any(_satisfies(alt, need, scopes=False) for need in p.new.security)
        if schemes_ok and not any(_satisfies(alt, need, scopes=True) for need in p.new.security):
            doc = p.new.security_node.document if p.new.security_node else p.new.node.document
            yield Hit("security requires more OAuth scopes", doc, _security_pointer(p.new))
            return


@check(
    Scope.operation, "security-requirement-removed", CHANGE, "the operation accepts more callers than before"
)
def security_requirement_removed(p: OperationPair) -> Iterator[Hit]:
    for alt in p.new.security:
        if not any(_satisfies(alt, need, scopes=True) for need in p.old.security):
            yield Hit("security requirement relaxed", p.new.node.document, _security_pointer(p.new))
            return
