"""Checks on webhooks (3.1) and callbacks (3.x). The direction is reversed: the API sends the
request and the subscriber answers, so what breaks a client in an operation's response breaks
a subscriber in a webhook's request, and the other way round. Their schemas are walked with the
directions swapped, so every schema check applies with the right level."""

from __future__ import annotations

from collections.abc import Iterator

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.pairs import ApiPair, OperationPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.shapes import Node, Operation
from accord.contracts.diff.sunset import retired
from accord.report import Severity

BREAKING, CHANGE = Severity.error, Severity.info


def _hit(detail: str, op: Operation, side: Side = Side.new) -> Hit:
    return Hit(detail, op.node.document, op.node.pointer, side, operation=op.label)


@check(
    Scope.api,
    "webhook-removed",
    BREAKING,
    "subscribers stop receiving the requests they were built to handle",
)
def webhook_removed(p: ApiPair) -> Iterator[Hit]:
    for key, op in p.old_hooks.items():
        if key not in p.new_hooks and retired(op, p.notice) is None:
            yield _hit("webhook removed", op, Side.old)


@check(Scope.api, "webhook-added", CHANGE, "a new webhook is a new feature subscribers may handle")
def webhook_added(p: ApiPair) -> Iterator[Hit]:
    for key, op in p.new_hooks.items():
        if key not in p.old_hooks:
            yield _hit("webhook added", op)


def _body_became(p: OperationPair, required: bool) -> Iterator[Hit]:
    old, new = p.old.body_node, p.new.body_node
    if (
        old is not None
        and new is not None
        and (p.old.body_required, p.new.body_required)
        == (
            not required,
            required,
        )
    ):
        yield Hit(f"request body became {'required' if required else 'optional'}", new.document, new.pointer)


@check(
    Scope.webhook,
    "webhook-request-body-became-optional",
    BREAKING,
    "subscribers read the body the API always sent; now it may send none",
)
def webhook_request_body_became_optional(p: OperationPair) -> Iterator[Hit]:
    return _body_became(p, required=False)


@check(
    Scope.webhook,
    "webhook-request-body-became-required",
    CHANGE,
    "the API now always sends a body, which subscribers already handled",
)
def webhook_request_body_became_required(p: OperationPair) -> Iterator[Hit]:
    return _body_became(p, required=True)


@check(
    Scope.webhook,
    "webhook-request-body-removed",
    BREAKING,
    "subscribers read a body the API no longer sends",
)
def webhook_request_body_removed(p: OperationPair) -> Iterator[Hit]:
    old, new = p.old.body_node, p.new.body_node
    if old is not None and new is None:
        yield Hit("request body removed", old.document, old.pointer, Side.old)


def _required(param: Node) -> bool:
    return isinstance(param.value, dict) and param.value.get("required") is True


@check(
    Scope.webhook,
    "webhook-required-parameter-removed",
    BREAKING,
    "subscribers read a header or parameter the API always sent and no longer sends",
)
def webhook_required_parameter_removed(p: OperationPair) -> Iterator[Hit]:
    for key, old in p.old.parameters.items():
        if key not in p.new.parameters and _required(old):
            yield Hit(f"required {key[0]} parameter {key[1]!r} removed", old.document, old.pointer, Side.old)


@check(
    Scope.webhook,
    "webhook-parameter-became-optional",
    BREAKING,
    "subscribers read a header or parameter the API may now leave out",
)
def webhook_parameter_became_optional(p: OperationPair) -> Iterator[Hit]:
    for key, new in p.new.parameters.items():
        old = p.old.parameters.get(key)
        if old is not None and _required(old) and not _required(new):
            yield Hit(f"{key[0]} parameter {key[1]!r} became optional", new.document, new.pointer)


@check(
    Scope.webhook,
    "webhook-success-status-removed",
    BREAKING,
    "subscribers answer with this status; the API may now treat the answer as a failure",
)
def webhook_success_status_removed(p: OperationPair) -> Iterator[Hit]:
    for code, old in p.old.responses.items():
        if code not in p.new.responses and code.startswith("2"):
            yield Hit(f"response {code} removed", old.site.document, old.site.pointer, Side.old)
