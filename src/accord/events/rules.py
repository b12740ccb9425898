"""The checks of one message received from the broker against the sender's AsyncAPI, as a
registry: each rule yields the problems it finds; `message_findings` runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from accord.contracts.registry import Registry
from accord.events.catalog import EventMessage
from accord.events.client import Received
from accord.events.payloads import Decoded, decode, header_problems, payload_problems, payload_schema, shown
from accord.report import Finding, Severity

__all__ = [
    "DRIVEN_RULES",
    "LISTEN_RULES",
    "MESSAGE_RULES",
    "RUN_RULES",
    "Delivery",
    "message_findings",
    "run_finding",
]


@dataclass(frozen=True)
class Delivery:
    """A received message with its body read by content type."""

    received: Received
    decoded: Decoded


MessageCheck = Callable[[EventMessage, Delivery], Iterator[str]]
MESSAGE_RULES: Registry[MessageCheck] = Registry("event message")


@MESSAGE_RULES.rule(
    "event.undecodable",
    Severity.error,
    "A message its content type cannot read is lost on every subscriber.",
)
def undecodable(message: EventMessage, delivery: Delivery) -> Iterator[str]:
    if delivery.decoded.problem:
        yield delivery.decoded.problem


@MESSAGE_RULES.rule(
    "event.payload-schema",
    Severity.error,
    "Subscribers are written against the payload schema; a message outside it breaks them.",
)
def payload_conforms(message: EventMessage, delivery: Delivery) -> Iterator[str]:
    if delivery.decoded.problem is None and delivery.decoded.is_json:
        yield from payload_problems(message, delivery.decoded.value)


@MESSAGE_RULES.rule(
    "event.headers",
    Severity.error,
    "Subscribers and brokers route and trace by headers; missing or mistyped ones break them.",
)
def headers_conform(message: EventMessage, delivery: Delivery) -> Iterator[str]:
    yield from header_problems(message, delivery.received.headers)


def message_findings(message: EventMessage, received: Received) -> list[Finding]:
    """One finding per rule a received message breaks, at the message's line, with its payload."""
    delivery = Delivery(received, decode(received.body, received.content_type, message.content_type))
    found = []
    for rule in MESSAGE_RULES:
        problems = list(rule.check(message, delivery))
        if problems:
            text = f"{message.label}: {'; '.join(problems)}\n  payload: {shown(received.body)}"
            found.append(message.finding(rule.id, rule.severity, text))
    return found


# Findings about a run as a whole rather than one message: of every run (`events listen` and
# `contracts test`'s event conformance), of a listen, and of a run where accord drives the
# service itself. Each command lists the registries of what it can report.
RunCheck = Callable[[], None]
RUN_RULES: Registry[RunCheck] = Registry("event run")
LISTEN_RULES: Registry[RunCheck] = Registry("events listen")
DRIVEN_RULES: Registry[RunCheck] = Registry("event conformance")

RUN_RULES.declare(
    "event.no-schema",
    Severity.warning,
    "A message without a payload schema cannot be checked; subscribers guess its shape.",
)
LISTEN_RULES.declare(
    "event.not-received",
    Severity.error,
    "The awaited messages did not arrive in time: the publisher is silent or routes elsewhere.",
)
DRIVEN_RULES.declare(
    "event.not-published",
    Severity.warning,
    "A declared event never seen while the service was driven is untested, or dead.",
)
DRIVEN_RULES.declare(
    "event.undeclared-channel",
    Severity.error,
    "A message on a channel the contract does not declare reaches subscribers nobody told.",
)
DRIVEN_RULES.declare(
    "event.handler-error",
    Severity.error,
    "A conforming message that makes the handler raise is lost, or redelivered forever.",
)


def run_finding(message: EventMessage, rule_id: str, text: str) -> Finding:
    registry = next(r for r in (RUN_RULES, LISTEN_RULES, DRIVEN_RULES) if rule_id in r)
    rule = registry.get(rule_id)
    return message.finding(rule.id, rule.severity, text)


def schema_warning(message: EventMessage) -> list[Finding]:
    """`event.no-schema` when the message declares no payload schema (a warning, not a crash)."""
    if payload_schema(message) is not None:
        return []
    return [
        run_finding(
            message, "event.no-schema", f"{message.label}: message {message.name!r} has no payload schema"
        )
    ]
