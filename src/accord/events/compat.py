"""`accord events check`: offline, every publisher's messages must be acceptable to every
subscriber of the event. What a publisher may send is judged like a request a client sends,
and the subscriber's schema like what the server accepts: the diff engine's direction rules
(old = the publisher, new = the subscriber) find a field the subscriber requires that the
publisher may omit, a type or enum the subscriber does not take, and so on."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection

from accord.contracts.diff.model import Change, Direction
from accord.contracts.diff.walk import Differ, SchemaTask
from accord.contracts.registry import Registry
from accord.events.catalog import EventCatalog, EventMessage, event_catalog
from accord.graph.events import matches
from accord.manifest import Workspace
from accord.report import Finding, Report, Severity, display_path

__all__ = ["COMPAT_RULES", "check_compatibility", "compatibility_report"]

INCOMPATIBLE = "events.incompatible"
UNPUBLISHED = "events.unpublished-channel"
EMITS_UNKNOWN = "events.emits-unknown-operation"

# What `events check` finds in the AsyncAPI contracts, beside the manifest's wiring rules
# (`accord.graph.events.EVENT_RULES`): listed by `events check --list-rules`.
COMPAT_RULES: Registry[Callable[[], None]] = Registry("events check")
COMPAT_RULES.declare(
    INCOMPATIBLE,
    Severity.error,
    "A subscriber that cannot take every message its publisher may send fails on the first one.",
)
COMPAT_RULES.declare(
    EMITS_UNKNOWN,
    Severity.error,
    "An `emits:` entry that names no operation of the service's contract stops its mock at start-up.",
)
COMPAT_RULES.declare(
    UNPUBLISHED,
    Severity.error,
    "A channel a service subscribes to that no AsyncAPI contract sends on is never fed.",
)


def _line(message: EventMessage) -> str:
    where = message.contract.locate(message.node.pointer, message.node.document)
    return f"{display_path(where.file)}:{where.line}"


def _pair_changes(sender: EventMessage, receiver: EventMessage) -> list[Change]:
    differ = Differ(sender.api, receiver.api)
    tasks: deque[SchemaTask] = deque()
    for part in ("payload", "headers"):
        sent, taken = getattr(sender, part), getattr(receiver, part)
        if sent is not None and taken is not None:
            tasks.append((sent, taken, Direction.request, "", f"message {part}", "$"))
    differ.compare_schemas(tasks)
    # Only what breaks the subscriber: a field it does not declare is ignored by a tolerant reader.
    return [c for c in differ.changes if c.severity is Severity.error]


def _incompatibilities(sender: EventMessage, receiver: EventMessage) -> list[Finding]:
    found = []
    for change in _pair_changes(sender, receiver):
        document = receiver.node.document if change.side.value == "new" else sender.node.document
        location = document.locate(change.pointer)
        message = (
            f"{receiver.service} cannot take every {sender.event} message {sender.service} may publish: "
            f"{change.where}: {change.detail} [{change.check}]\n"
            f"  publisher: {_line(sender)}  subscriber: {_line(receiver)}"
        )
        found.append(
            Finding(
                INCOMPATIBLE,
                change.severity,
                message,
                display_path(location.file),
                location.line,
                location.column,
                change.pointer or "/",
            )
        )
    return found


def check_compatibility(
    catalog: EventCatalog,
    services: frozenset[str] | None = None,
    reported: Collection[tuple[str, str]] = (),
) -> list[Finding]:
    """One finding per incompatibility of a publisher with a subscriber, and one per subscribed
    channel no AsyncAPI contract sends (with `services`: those that involve them). `reported`:
    (service, event) subscriptions accord.yaml's own `events.no-publisher` already reports."""
    findings: list[Finding] = []
    senders = [m for m in catalog.messages if m.action == "send"]
    for receiver in (m for m in catalog.messages if m.action == "receive"):
        publishers = [s for s in senders if matches(receiver.event, s.event)]
        if not publishers:
            known = (receiver.service, receiver.event) in reported
            if not known and (services is None or receiver.service in services):
                text = f"{receiver.label}, which no service's AsyncAPI contract sends"
                findings.append(receiver.finding(UNPUBLISHED, COMPAT_RULES.get(UNPUBLISHED).severity, text))
            continue
        for sender in publishers:
            if services is None or {sender.service, receiver.service} & services:
                findings.extend(_incompatibilities(sender, receiver))
    return findings


def compatibility_report(workspace: Workspace, services: frozenset[str] | None = None) -> Report:
    """The manifest's event wiring (`events.no-publisher`...) and every publisher against every
    subscriber in their AsyncAPI contracts, as one report."""
    from accord.graph.events import events_report

    report = events_report(workspace, services)
    catalog = event_catalog(workspace)
    report.checked.extend(sorted({display_path(m.contract.path) for m in catalog.messages}))
    every = workspace.manifest.services.values()
    declared = [e for s in every for e in s.publishes]
    unpublished = {
        (s.name, p) for s in every for p in s.subscribes if not any(matches(p, e) for e in declared)
    }
    report.extend(check_compatibility(catalog, services, unpublished))
    report.extend(_emits_problems(workspace, services))
    return report


def _emits_problems(workspace: Workspace, services: frozenset[str] | None) -> list[Finding]:
    """Each `emits:` of accord.yaml that names no operation of the service's OpenAPI, found here
    and in ci, not first when `mocks up` refuses to start."""
    from accord.errors import ConfigError
    from accord.mocks.emits import declared_emits

    rule = COMPAT_RULES.get(EMITS_UNKNOWN)
    found = []
    for service in workspace.manifest.services.values():
        if services is not None and service.name not in services:
            continue
        try:
            declared_emits(workspace, service)
        except ConfigError as exc:
            where = display_path(exc.file) if exc.file else None
            found.append(Finding(rule.id, rule.severity, exc.message, where, exc.line, exc.column))
    return found
