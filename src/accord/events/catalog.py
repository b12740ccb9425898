"""Every event of the system as its AsyncAPI contracts declare it: who sends and who receives
which message on which channel address, with the schema, examples and line of each message."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from accord.contracts.diff.asyncapi import async_model
from accord.contracts.diff.normalize import Api
from accord.contracts.diff.shapes import Node
from accord.contracts.model import Contract, load_contract
from accord.errors import ConfigError
from accord.manifest import Broker, Workspace
from accord.report import Finding, Severity, display_path

__all__ = ["EventCatalog", "EventMessage", "event_catalog"]

DEFAULT_CONTENT_TYPE = "application/json"
# Schema formats read as JSON Schema; the others (Avro, Protobuf...) are not checked.
JSON_SCHEMA_FORMATS = (
    "application/vnd.aai.asyncapi",
    "application/schema+json",
    "application/vnd.oai.openapi",
)


@dataclass(frozen=True, eq=False)
class EventMessage:
    """One message a service sends or receives on one channel address (the event's name)."""

    service: str
    event: str  # the channel address
    action: str  # send | receive
    name: str
    contract: Contract
    api: Api = field(repr=False)
    node: Node = field(repr=False)  # the message, resolved
    channel: Node | None = field(repr=False)
    broker: Broker

    @property
    def label(self) -> str:
        return f"{self.service} {'publishes' if self.action == 'send' else 'subscribes to'} {self.event}"

    @cached_property
    def content_type(self) -> str:
        data = self.node.value if isinstance(self.node.value, dict) else {}
        default = self.contract.data.get("defaultContentType")
        return str(data.get("contentType") or default or DEFAULT_CONTENT_TYPE)

    @property
    def payload(self) -> Node | None:
        return self._part("payload")

    @property
    def headers(self) -> Node | None:
        return self._part("headers")

    def _part(self, part: str) -> Node | None:
        """The payload or headers schema; None when absent or not JSON Schema (Avro, Protobuf...)."""
        node = self.node.child(part)
        if node is None:
            return None
        data = self.node.value if isinstance(self.node.value, dict) else {}
        fmt = str(data.get("schemaFormat") or JSON_SCHEMA_FORMATS[0])
        if isinstance(node.value, dict) and "schemaFormat" in node.value and "schema" in node.value:
            fmt = str(node.value["schemaFormat"])
            node = node.child("schema")  # AsyncAPI 3 multi-format schema
        if node is None or not fmt.startswith(JSON_SCHEMA_FORMATS):
            return None
        return self.api.resolve(node)

    @cached_property
    def bindings(self) -> dict[str, Any]:
        """The channel's bindings (`amqp`, `kafka`, `nats`, `redis`), references resolved."""
        found = self.channel.child("bindings") if self.channel is not None else None
        if found is None:
            return {}
        resolved = self.api.resolve(found)
        return dict(resolved.value) if isinstance(resolved.value, dict) else {}

    def examples(self) -> dict[str, dict[str, Any]]:
        """The message's examples by name (`example-1`... when unnamed): payload and headers."""
        data = self.node.value if isinstance(self.node.value, dict) else {}
        found: dict[str, dict[str, Any]] = {}
        for index, example in enumerate(data.get("examples") or []):
            if isinstance(example, dict):
                found[str(example.get("name") or f"example-{index + 1}")] = example
        return found

    def finding(self, rule: str, severity: Severity, message: str, pointer: str | None = None) -> Finding:
        """A finding at this message's line (or at `pointer` in its document), its file named
        as every report names one (relative to the current folder when below it)."""
        where = pointer or self.node.pointer
        found = self.contract.finding(rule, severity, message, where, self.node.document)
        return found._replace(file=display_path(found.file)) if found.file else found


@dataclass(frozen=True)
class EventCatalog:
    """The messages of every service with an AsyncAPI contract, in manifest order."""

    messages: tuple[EventMessage, ...]

    def senders(self, event: str, service: str | None = None) -> list[EventMessage]:
        return [m for m in self.messages if m.action == "send" and m.event == event and _of(m, service)]

    def receivers(self, event: str, service: str | None = None) -> list[EventMessage]:
        return [m for m in self.messages if m.action == "receive" and m.event == event and _of(m, service)]

    def of_service(self, service: str, action: str) -> list[EventMessage]:
        return [m for m in self.messages if m.service == service and m.action == action]

    def publisher(self, event: str, service: str | None = None) -> EventMessage:
        """The one message sent as `event` (by `service`), or a ConfigError naming the choices."""
        found = self.senders(event, service)
        if len(found) == 1 or (found and len({m.service for m in found}) == 1):
            return found[0]
        sent = sorted({m.event for m in self.messages if m.action == "send"})
        if not found:
            who = f"service {service!r}" if service else "any service"
            raise ConfigError(
                f"event {event!r} is not sent by {who} (events sent: {', '.join(sent) or 'none'})",
                hint="name the channel address of an AsyncAPI `send` operation (e.g. orders.created)",
            )
        services = ", ".join(sorted({m.service for m in found}))
        raise ConfigError(
            f"event {event!r} is sent by several services ({services})", hint="choose one with --service"
        )


def _of(message: EventMessage, service: str | None) -> bool:
    return service is None or message.service == service


def event_catalog(workspace: Workspace, services: frozenset[str] | None = None) -> EventCatalog:
    """Read the AsyncAPI contract of every service (or of `services`) named in accord.yaml."""
    messages: list[EventMessage] = []
    for service in workspace.manifest.services.values():
        if not service.asyncapi or (services is not None and service.name not in services):
            continue
        contract = load_contract(workspace.resolve(service.asyncapi))
        if contract.kind.is_openapi:
            raise ConfigError(
                f"`asyncapi:` of service {service.name!r} is an OpenAPI contract",
                file=workspace.manifest_path,
                hint="point `asyncapi:` at the service's AsyncAPI document",
            )
        broker = workspace.manifest.broker_of(service)
        messages.extend(_messages(service.name, contract, broker))
    return EventCatalog(tuple(messages))


def _messages(service: str, contract: Contract, broker: Broker) -> list[EventMessage]:
    api = Api(contract)
    model = async_model(api)
    found = []
    for operation in model.operations.values():
        channel = model.channels.get(operation.channel)
        if channel is None:
            channel = _channel_of(api, operation.node)
        for name, node in operation.messages.items():
            found.append(
                EventMessage(
                    service, operation.channel, operation.action, name, contract, api, node, channel, broker
                )
            )
    return found


def _channel_of(api: Api, operation: Node) -> Node | None:
    """An AsyncAPI 2 channel is keyed by its name; a 3.0 operation refers to its channel."""
    ref = operation.child("channel")
    return api.resolve(ref) if ref is not None else None
