"""Checks on AsyncAPI channels, operations and messages (payloads use the schema checks)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.registry import Scope, check
from accord.report import Severity

if TYPE_CHECKING:  # an OpenAPI diff loads these checks without reading AsyncAPI
    from accord.contracts.diff.asyncapi import AsyncPair

BREAKING, MAY_BREAK, CHANGE = Severity.error, Severity.warning, Severity.info


@check(Scope.asyncapi, "channel-removed", BREAKING, "publishers and subscribers of the channel lose it")
def channel_removed(p: AsyncPair) -> Iterator[Hit]:
    for name, node in p.old.channels.items():
        if name not in p.new.channels:
            yield Hit("channel removed", node.document, node.pointer, Side.old, operation=f"channel {name}")


@check(Scope.asyncapi, "channel-added", CHANGE, "a new channel is a new feature")
def channel_added(p: AsyncPair) -> Iterator[Hit]:
    for name, node in p.new.channels.items():
        if name not in p.old.channels:
            yield Hit("channel added", node.document, node.pointer, operation=f"channel {name}")


@check(
    Scope.asyncapi,
    "async-operation-removed",
    BREAKING,
    "the other side of the operation is left without a partner",
)
def async_operation_removed(p: AsyncPair) -> Iterator[Hit]:
    for key, op in p.old.operations.items():
        if key not in p.new.operations and op.channel in p.new.channels:
            yield Hit("operation removed", op.node.document, op.node.pointer, Side.old, operation=op.label)


@check(Scope.asyncapi, "async-operation-added", CHANGE, "the service sends or receives something new")
def async_operation_added(p: AsyncPair) -> Iterator[Hit]:
    for key, op in p.new.operations.items():
        if key not in p.old.operations:
            yield Hit("operation added", op.node.document, op.node.pointer, operation=op.label)


@check(
    Scope.asyncapi,
    "async-operation-action-changed",
    BREAKING,
    "send and receive swapped: both partners break",
)
def async_operation_action_changed(p: AsyncPair) -> Iterator[Hit]:
    for key, op in p.new.operations.items():
        before = p.old.operations.get(key)
        if before is not None and before.action != op.action:
            yield Hit(
                f"action changed from {before.action} to {op.action}",
                op.node.document,
                f"{op.node.pointer}/action",
                operation=op.label,
            )


@check(Scope.asyncapi, "message-removed", BREAKING, "partners that send or expect the message break")
def message_removed(p: AsyncPair) -> Iterator[Hit]:
    for key, op in p.new.operations.items():
        before = p.old.operations.get(key)
        for name, node in before.messages.items() if before and before.action == op.action else []:
            if name not in op.messages:
                yield Hit(
                    f"message {name!r} removed", node.document, node.pointer, Side.old, operation=op.label
                )


@check(Scope.asyncapi, "message-added", CHANGE, "a new message on an existing operation")
def message_added(p: AsyncPair) -> Iterator[Hit]:
    for key, op in p.new.operations.items():
        before = p.old.operations.get(key)
        for name, node in op.messages.items() if before and before.action == op.action else []:
            if name not in before.messages:  # type: ignore[union-attr]
                yield Hit(f"message {name!r} added", node.document, node.pointer, operation=op.label)
