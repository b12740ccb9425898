"""Lint rules for AsyncAPI 2 and 3: operations and channel addresses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from accord.contracts.lint.base import LINT_RULES, Hit, LintContext
from accord.contracts.model import ContractKind
from accord.documents.loader import child_pointer
from accord.report import Severity


def _operations(ctx: LintContext) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, pointer, operation) of every AsyncAPI operation (2: in channels, 3: top level)."""
    if ctx.kind is ContractKind.asyncapi2:
        channels = ctx.data.get("channels")
        for name, channel in channels.items() if isinstance(channels, dict) else ():
            for action in ("publish", "subscribe"):
                operation = channel.get(action) if isinstance(channel, dict) else None
                if isinstance(operation, dict):
                    yield f"{action} {name}", child_pointer("/channels", name, action), operation
    elif ctx.kind is ContractKind.asyncapi3:
        operations = ctx.data.get("operations")
        for name, operation in operations.items() if isinstance(operations, dict) else ():
            if isinstance(operation, dict):
                yield f"operation {name}", child_pointer("/operations", name), operation


def _addresses(ctx: LintContext) -> Iterator[tuple[str, str]]:
    """(address, pointer) of every channel: the key in AsyncAPI 2, `address` in 3."""
    channels = ctx.data.get("channels")
    for name, channel in channels.items() if isinstance(channels, dict) else ():
        if ctx.kind is ContractKind.asyncapi2:
            yield str(name), child_pointer("/channels", name)
        elif (
            ctx.kind is ContractKind.asyncapi3
            and isinstance(channel, dict)
            and isinstance(channel.get("address"), str)
        ):
            yield channel["address"], child_pointer("/channels", name, "address")


@LINT_RULES.rule(
    "asyncapi-operation-id",
    Severity.warning,
    "AsyncAPI 2 code generators name handlers by operationId.",
)
def asyncapi_operation_id(ctx: LintContext) -> Iterator[Hit]:
    if ctx.kind is not ContractKind.asyncapi2:
        return
    for label, pointer, operation in _operations(ctx):
        if not str(operation.get("operationId") or "").strip():
            yield Hit(f"{label} has no operationId", pointer)


@LINT_RULES.rule(
    "asyncapi-operation-description",
    Severity.warning,
    "Consumers of an event need to know when it is sent and what it means.",
)
def asyncapi_operation_description(ctx: LintContext) -> Iterator[Hit]:
    for label, pointer, operation in _operations(ctx):
        if not str(operation.get("description") or "").strip():
            yield Hit(f"{label} has no description", pointer)


@LINT_RULES.rule(
    "asyncapi-channel-no-trailing-slash",
    Severity.warning,
    "A trailing slash makes a second, different channel address.",
)
def asyncapi_channel_no_trailing_slash(ctx: LintContext) -> Iterator[Hit]:
    for address, pointer in _addresses(ctx):
        if len(address) > 1 and address.endswith("/"):
            yield Hit(f"channel address {address} ends with a slash", pointer)


@LINT_RULES.rule(
    "asyncapi-channel-no-query",
    Severity.error,
    "A channel address is a topic or queue name; a query string or fragment does not belong in it.",
)
def asyncapi_channel_no_query(ctx: LintContext) -> Iterator[Hit]:
    for address, pointer in _addresses(ctx):
        if "?" in address or "#" in address:
            yield Hit(f"channel address {address} holds a query string or fragment", pointer)


def _messages(ctx: LintContext) -> Iterator[tuple[str, str, Any]]:
    """(name, pointer, raw message) of the messages channels and operations carry."""
    channels = ctx.data.get("channels")
    for name, channel in channels.items() if isinstance(channels, dict) else ():
        messages = channel.get("messages") if isinstance(channel, dict) else None
        for message_name, raw in messages.items() if isinstance(messages, dict) else ():
            yield message_name, child_pointer("/channels", name, "messages", message_name), raw
    if ctx.kind is ContractKind.asyncapi2:
        for label, pointer, operation in _operations(ctx):
            message = operation.get("message")
            one_of = message.get("oneOf") if isinstance(message, dict) else None
            if isinstance(one_of, list):
                for index, raw in enumerate(one_of):
                    yield f"{label} #{index}", child_pointer(pointer, "message", "oneOf", index), raw
            elif isinstance(message, dict):
                yield label, child_pointer(pointer, "message"), message


@LINT_RULES.rule(
    "asyncapi-message-payload",
    Severity.warning,
    "A message without a payload schema cannot be checked or mocked.",
)
def asyncapi_message_payload(ctx: LintContext) -> Iterator[Hit]:
    if not ctx.kind.is_asyncapi:
        return
    for name, pointer, raw in _messages(ctx):
        message = ctx.deref(raw, ctx.document, pointer)
        if message is not None and isinstance(message.value, dict) and "payload" not in message.value:
            yield Hit(f"message {name!r} has no payload schema", message.pointer, message.document)
