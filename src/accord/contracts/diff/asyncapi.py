"""AsyncAPI 2.x and 3.0 in one shape: channels, operations and their messages, from the
service's point of view (what it sends, subscribers receive; what it receives, publishers send)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from accord.contracts.diff.model import Direction
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.registry import Scope, rules_in
from accord.contracts.diff.shapes import Node
from accord.contracts.diff.walk import Differ, SchemaTask

__all__ = ["AsyncModel", "AsyncOperation", "AsyncPair", "async_model", "diff_asyncapi"]

_JSON_SCHEMA_FORMATS = (
    "application/vnd.aai.asyncapi",
    "application/schema+json",
    "application/vnd.oai.openapi",
)


@dataclass
class AsyncOperation:
    """An operation of the service on a channel, with the messages it carries by name."""

    key: str
    channel: str
    action: str  # send | receive
    node: Node
    messages: dict[str, Node] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.action.upper()} {self.channel}"

    @property
    def direction(self) -> Direction:
        # What the service sends is what its consumers receive: judged like a response.
        return Direction.response if self.action == "send" else Direction.request


@dataclass
class AsyncModel:
    api: Api
    channels: dict[str, Node] = field(default_factory=dict)
    operations: dict[str, AsyncOperation] = field(default_factory=dict)


def _message_name(api: Api, node: Node, fallback: str) -> str:
    target = api.resolve(node)
    data = target.value if isinstance(target.value, dict) else {}
    if isinstance(data.get("messageId"), str):
        return str(data["messageId"])
    if isinstance(data.get("name"), str):
        return str(data["name"])
    if isinstance(node.value, dict) and "$ref" in node.value:
        return target.pointer.rsplit("/", 1)[-1]
    return fallback


def _messages_v2(api: Api, op: Node) -> dict[str, Node]:
    message = op.child("message")
    if message is None:
        return {}
    resolved = api.resolve(message)
    branches = resolved.child("oneOf")
    nodes = [n for _, n in branches.items()] if branches and isinstance(branches.value, dict) else []
    if branches is not None and isinstance(branches.value, list):
        nodes = [Node(v, branches.document, f"{branches.pointer}/{i}") for i, v in enumerate(branches.value)]
    if not nodes:
        nodes = [message]
    return {_message_name(api, n, str(i)): api.resolve(n) for i, n in enumerate(nodes)}


def async_model(api: Api) -> AsyncModel:
    model = AsyncModel(api)
    channels = api.root.child("channels")
    v3 = api.contract.kind.value == "asyncapi-3"
    for name, channel in channels.items() if channels else []:
        channel = api.resolve(channel)
        address = channel.value.get("address") if v3 and isinstance(channel.value, dict) else None
        model.channels[str(address or name)] = channel
        if v3:
            continue
        for verb, action in (("subscribe", "send"), ("publish", "receive")):
            op = channel.child(verb)
            if op is not None:
                model.operations[f"{name} {action}"] = AsyncOperation(
                    f"{name} {action}", name, action, op, _messages_v2(api, op)
                )
    if v3:
        _operations_v3(api, model)
    return model


def _operations_v3(api: Api, model: AsyncModel) -> None:
    operations = api.root.child("operations")
    for op_id, op in operations.items() if operations else []:
        op = api.resolve(op)
        data = op.value if isinstance(op.value, dict) else {}
        channel_ref = op.child("channel")
        channel = api.resolve(channel_ref) if channel_ref else None
        address = (
            str(channel.value.get("address") or channel.pointer.rsplit("/", 1)[-1])
            if channel and isinstance(channel.value, dict)
            else "?"
        )
        listed = op.child("messages")
        nodes = [n for _, n in listed.items()] if listed and isinstance(listed.value, dict) else []
        if listed is not None and isinstance(listed.value, list):
            nodes = [Node(v, listed.document, f"{listed.pointer}/{i}") for i, v in enumerate(listed.value)]
        if not nodes and channel is not None:
            all_messages = channel.child("messages")
            nodes = [n for _, n in all_messages.items()] if all_messages else []
        messages = {_message_name(api, n, str(i)): api.resolve(n) for i, n in enumerate(nodes)}
        action = str(data.get("action", "send"))
        model.operations[op_id] = AsyncOperation(op_id, address, action, op, messages)


@dataclass(frozen=True)
class AsyncPair:
    """Both versions of an AsyncAPI contract, as the asyncapi-scope checks see them."""

    old: AsyncModel
    new: AsyncModel


def diff_asyncapi(differ: Differ) -> None:
    old, new = async_model(differ.old), async_model(differ.new)
    pair = AsyncPair(old, new)
    for rule in rules_in(Scope.asyncapi):
        differ.emit(rule, rule.check(pair), "")
    tasks: deque[SchemaTask] = deque()
    for key, op in new.operations.items():
        before = old.operations.get(key)
        if before is None or before.action != op.action:
            continue
        for name, message in op.messages.items():
            previous = before.messages.get(name)
            if previous is None:
                continue
            for part in ("payload", "headers"):
                a, b = _schema(previous, part), _schema(message, part)
                if a is not None and b is not None:
                    where = f"message {name!r} {part}"
                    tasks.append((a, b, op.direction, op.label, where, "$"))
    differ.compare_schemas(tasks)


def _schema(message: Node, part: str) -> Node | None:
    data = message.value if isinstance(message.value, dict) else {}
    fmt = str(data.get("schemaFormat") or "application/vnd.aai.asyncapi")
    node = message.child(part)
    if node is None:
        return None
    if isinstance(node.value, dict) and "schemaFormat" in node.value and "schema" in node.value:
        fmt, node = str(node.value["schemaFormat"]), node.child("schema")  # 3.0 multi-format schema
    if not fmt.startswith(_JSON_SCHEMA_FORMATS):
        return None  # Avro, Protobuf...: not compared
    return node
