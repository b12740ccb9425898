"""The event wiring of accord.yaml: who publishes and who subscribes each event, on which broker.

Each rule is one registered check over the manifest; `check_events` runs them all, and
`events_report` places their findings on the lines of accord.yaml (the `accord ci` step `events`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from accord.contracts.registry import Registry
from accord.manifest import Broker, Manifest, Service, Workspace
from accord.report import Finding, Report, Severity

__all__ = ["EVENT_RULES", "EventIssue", "check_events", "events_report", "matches"]


@dataclass(frozen=True)
class EventIssue:
    """One problem of the wiring, at `services.<service>.<key>[index]` of accord.yaml."""

    rule: str
    severity: Severity
    message: str
    service: str
    key: str  # publishes | subscribes
    index: int
    event: str  # the name as the manifest writes it

    @property
    def pointer(self) -> str:
        return f"/services/{self.service}/{self.key}/{self.index}"


@dataclass(frozen=True)
class Hit:
    message: str
    service: str
    key: str
    index: int
    event: str


EventCheck = Callable[[Manifest], Iterator[Hit]]
EVENT_RULES: Registry[EventCheck] = Registry("events")


def matches(pattern: str, event: str) -> bool:
    """Whether a subscription matches an event name: `*` is one dot-separated word, and a final
    `#` (AMQP topics) or `>` (NATS subjects) is any rest."""
    words, wanted = pattern.split("."), event.split(".")
    for index, word in enumerate(words):
        if word in ("#", ">") and index == len(words) - 1:
            return len(wanted) >= index + (word == ">")
        if index >= len(wanted) or (word != "*" and word != wanted[index]):
            return False
    return len(words) == len(wanted)


def _publishers(manifest: Manifest, pattern: str) -> list[Service]:
    return [s for s in manifest.services.values() if any(matches(pattern, e) for e in s.publishes)]


def _same_broker(a: Broker, b: Broker) -> bool:
    if a.kind != b.kind:
        return False
    return a.url is None or b.url is None or _address(a.url) == _address(b.url)


def _address(url: str) -> str:
    """Where a broker URL points: without its user-info (credentials) and a trailing slash."""
    import re

    return re.sub(r"^([a-z][a-z0-9+.-]*://)?[^/@]*@", r"\1", url.strip(), flags=re.IGNORECASE).rstrip("/")


def _named(broker: Broker) -> str:
    return (
        f"{broker.kind} ({_address(broker.url)})" if broker.url else broker.kind
    )  # no credentials in CI logs


def _subscriptions(manifest: Manifest) -> Iterator[tuple[Service, int, str]]:
    for service in manifest.services.values():
        for index, pattern in enumerate(service.subscribes):
            yield service, index, pattern


@EVENT_RULES.rule(
    "events.broker-mismatch",
    Severity.error,
    "An event published on one broker never reaches a subscriber listening on another.",
)
def broker_mismatch(manifest: Manifest) -> Iterator[Hit]:
    for service, index, pattern in _subscriptions(manifest):
        publishers = _publishers(manifest, pattern)
        mine = manifest.broker_of(service)
        if not publishers or any(_same_broker(manifest.broker_of(p), mine) for p in publishers):
            continue
        where = ", ".join(f"{p.name} on {_named(manifest.broker_of(p))}" for p in publishers)
        yield Hit(
            f"{service.name} subscribes to {pattern!r} on {_named(mine)}, but it is published by {where}: "
            f"it never arrives; give both services one broker (services.NAME.broker)",
            service.name,
            "subscribes",
            index,
            pattern,
        )


@EVENT_RULES.rule(
    "events.no-publisher",
    Severity.error,
    "A subscription no service publishes waits forever; it is often a misspelt event name.",
)
def no_publisher(manifest: Manifest) -> Iterator[Hit]:
    published = sorted({e for s in manifest.services.values() for e in s.publishes})
    for service, index, pattern in _subscriptions(manifest):
        if _publishers(manifest, pattern):
            continue
        close = difflib.get_close_matches(pattern, published, n=3, cutoff=0.8)
        if close:
            hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
        else:
            hint = f"published events: {', '.join(published) or 'none'}"
        yield Hit(
            f"{service.name} subscribes to {pattern!r}, which no service publishes ({hint})",
            service.name,
            "subscribes",
            index,
            pattern,
        )


@EVENT_RULES.rule(
    "events.no-subscriber",
    Severity.warning,
    "An event nobody reads is dead weight, or a subscriber is missing from the manifest.",
)
def no_subscriber(manifest: Manifest) -> Iterator[Hit]:
    patterns = [pattern for _, _, pattern in _subscriptions(manifest)]
    for service in manifest.services.values():
        for index, event in enumerate(service.publishes):
            if not any(matches(p, event) for p in patterns):
                yield Hit(
                    f"{service.name} publishes {event!r}, which no service subscribes to",
                    service.name,
                    "publishes",
                    index,
                    event,
                )


def check_events(manifest: Manifest) -> list[EventIssue]:
    """Every problem of the manifest's event wiring, by rule."""
    return [
        EventIssue(rule.id, rule.severity, hit.message, hit.service, hit.key, hit.index, hit.event)
        for rule in EVENT_RULES
        for hit in rule.check(manifest)
    ]


def events_report(workspace: Workspace, services: frozenset[str] | None = None) -> Report:
    """The wiring's problems as findings on the lines of accord.yaml; with `services`, only those
    found in these services' entries (the whole system is still read to judge them)."""
    from accord.documents.loader import load_document
    from accord.report import display_path

    document = load_document(workspace.manifest_path)
    name = display_path(workspace.manifest_path)
    report = Report("events", checked=[name])
    for issue in check_events(workspace.manifest):
        if services is not None and issue.service not in services:
            continue
        where = document.locate(issue.pointer)
        report.extend(
            [
                Finding(
                    issue.rule, issue.severity, issue.message, name, where.line, where.column, issue.pointer
                )
            ]
        )
    return report
