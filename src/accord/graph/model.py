"""The system as a graph: services, the gateway, broker channels, and the edges between them.

Built from accord.yaml alone; a report (json) adds each service's contract status.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from accord.graph.events import EventIssue, check_events
from accord.manifest import Manifest, Service
from accord.manifest.policy import Dependency

__all__ = [
    "Edge",
    "EdgeKind",
    "Guard",
    "Node",
    "NodeKind",
    "ServiceHealth",
    "Status",
    "SystemGraph",
    "build_graph",
]


class NodeKind(enum.StrEnum):
    gateway = "gateway"
    service = "service"
    channel = "channel"


class EdgeKind(enum.StrEnum):
    route = "route"  # gateway -> service, labelled with the route prefix
    http = "http"  # consumer -> provider (depends_on) with an HTTP API
    grpc = "grpc"  # consumer -> provider (depends_on) with `grpc:` contracts
    publish = "publish"  # publisher -> channel
    subscribe = "subscribe"  # channel -> subscriber


class Guard(enum.StrEnum):
    """How well an HTTP call is guarded by its declared policy, weakest first."""

    unguarded = "unguarded"  # no timeout: a hanging dependency hangs the caller
    timeout = "timeout"
    retries = "retries"  # a timeout and retries
    breaker = "breaker"  # a timeout and a circuit breaker

    @property
    def label(self) -> str:
        return {
            "unguarded": "no timeout",
            "timeout": "timeout only",
            "retries": "timeout and retries",
            "breaker": "timeout and circuit breaker",
        }[self.value]


def guard_of(dependency: Dependency) -> Guard:
    if dependency.timeout is None:
        return Guard.unguarded
    if dependency.circuit_breaker is not None:
        return Guard.breaker
    return Guard.retries if dependency.retries else Guard.timeout


def policy_label(dependency: Dependency) -> str:
    """`800ms, 2 retries, breaker` (what the edge declares, defaults applied), or `no timeout`."""
    parts = [str(dependency.timeout) if dependency.timeout is not None else "no timeout"]
    if dependency.retries:
        parts.append(f"{dependency.retries} retr{'y' if dependency.retries == 1 else 'ies'}")
    if dependency.circuit_breaker is not None:
        parts.append("breaker")
    return ", ".join(parts)


class Status(enum.StrEnum):
    """A service's contract health, worst first; `unknown` when no report was given."""

    pact_failing = "pact-failing"
    breaking = "breaking"
    errors = "errors"
    warnings = "warnings"
    valid = "valid"
    unknown = "unknown"

    @property
    def label(self) -> str:
        return {
            "pact-failing": "pact failing",
            "breaking": "breaking change",
            "errors": "contract errors",
            "warnings": "warnings",
            "valid": "valid",
            "unknown": "no report",
        }[self.value]


@dataclass(frozen=True)
class ServiceHealth:
    """What a report says about one service."""

    status: Status = Status.unknown
    errors: int = 0
    warnings: int = 0
    breaking: int = 0
    messages: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    kind: NodeKind
    label: str
    service: Service | None = None
    health: ServiceHealth = ServiceHealth()
    broker: str = ""  # a service's broker, or the broker a channel is published on


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: EdgeKind
    label: str = ""
    problem: str = ""  # why the edge is broken (an event that cannot arrive), empty when it works
    guard: Guard | None = None  # an HTTP call's policy, when the graph is coloured by policy


@dataclass(frozen=True)
class SystemGraph:
    system: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    broker: str = "none"
    has_report: bool = False
    problems: tuple[EventIssue, ...] = ()  # of the event wiring
    by_policy: bool = False  # HTTP calls coloured by their declared policy
    mixed_brokers: bool = False  # some service is on another kind of broker than the system

    @property
    def broker_title(self) -> str:
        """What the box of the event channels says: the system's broker, or every broker in use."""
        if not self.mixed_brokers:
            return f"broker: {self.broker}"
        used = dict.fromkeys([self.broker, *(n.broker for n in self.of_kind(NodeKind.service))])
        return f"brokers: {', '.join(used)}"

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def of_kind(self, kind: NodeKind) -> list[Node]:
        return [n for n in self.nodes if n.kind is kind]


def node_id(kind: NodeKind, name: str) -> str:
    """An id every output format accepts: letters, digits and underscores."""
    prefix = {NodeKind.gateway: "gw", NodeKind.service: "svc", NodeKind.channel: "ch"}[kind]
    return f"{prefix}_{re.sub(r'[^A-Za-z0-9]', '_', name)}"


def build_graph(
    manifest: Manifest, health: dict[str, ServiceHealth] | None = None, *, by_policy: bool = False
) -> SystemGraph:
    """The graph of a manifest; `health` (by service name) colours its services, `by_policy` its calls."""
    has_report = health is not None
    health = health or {}
    services = list(manifest.services.values())
    nodes: list[Node] = []
    edges: list[Edge] = []
    if manifest.gateway.kind != "none":
        gateway = node_id(NodeKind.gateway, "gateway")
        nodes.append(
            Node(gateway, NodeKind.gateway, f"gateway ({manifest.gateway.kind} :{manifest.gateway.listen})")
        )
        edges += [
            Edge(gateway, node_id(NodeKind.service, s.name), EdgeKind.route, s.route)
            for s in services
            if s.route
        ]
    for service in services:
        sid = node_id(NodeKind.service, service.name)
        service_health = health.get(service.name, ServiceHealth())
        broker = manifest.broker_of(service).kind
        nodes.append(Node(sid, NodeKind.service, service.name, service, service_health, broker))
        edges += [
            _call(sid, dependency, by_policy) if kind is EdgeKind.http else _grpc_call(sid, dependency)
            for dependency in service.depends_on
            for kind in _call_kinds(manifest, dependency.service)
        ]
    problems = check_events(manifest)
    channel_nodes, channel_edges = _channels(manifest, problems)
    return SystemGraph(
        system=manifest.system,
        nodes=(*nodes, *channel_nodes),
        edges=(*edges, *channel_edges),
        broker=manifest.broker.kind,
        has_report=has_report,
        problems=tuple(problems),
        by_policy=by_policy,
        mixed_brokers=any(manifest.broker_of(s).kind != manifest.broker.kind for s in services),
    )


def _call(source: str, dependency: Dependency, by_policy: bool) -> Edge:
    target = node_id(NodeKind.service, dependency.service)
    if not by_policy:
        return Edge(source, target, EdgeKind.http, "HTTP")
    return Edge(source, target, EdgeKind.http, policy_label(dependency), guard=guard_of(dependency))


def _grpc_call(source: str, dependency: Dependency) -> Edge:
    return Edge(source, node_id(NodeKind.service, dependency.service), EdgeKind.grpc, "gRPC")


def _call_kinds(manifest: Manifest, provider: str) -> list[EdgeKind]:
    """How a consumer calls `provider`: gRPC when it has `grpc:`, HTTP when it has anything else."""
    found = manifest.services.get(provider)
    if found is None or found.grpc is None:
        return [EdgeKind.http]
    return [EdgeKind.http, EdgeKind.grpc] if found.openapi else [EdgeKind.grpc]


BROKEN = {"events.broker-mismatch": "broker mismatch", "events.no-publisher": "no publisher"}


def _channels(manifest: Manifest, problems: list[EventIssue]) -> tuple[list[Node], list[Edge]]:
    """A node per event name, its publish and subscribe edges; a subscription that cannot work is marked."""
    services = list(manifest.services.values())
    broken = {(p.event, p.service): BROKEN[p.rule] for p in problems if p.rule in BROKEN}
    nodes: list[Node] = []
    edges: list[Edge] = []
    for channel in sorted({c for s in services for c in (*s.publishes, *s.subscribes)}):
        cid = node_id(NodeKind.channel, channel)
        publishers = [s for s in services if channel in s.publishes]
        on = [
            manifest.broker_of(s).kind for s in publishers or [s for s in services if channel in s.subscribes]
        ]
        nodes.append(Node(cid, NodeKind.channel, channel, broker="/".join(dict.fromkeys(on))))
        edges += [Edge(node_id(NodeKind.service, s.name), cid, EdgeKind.publish) for s in publishers]
        edges += [
            Edge(
                cid,
                node_id(NodeKind.service, s.name),
                EdgeKind.subscribe,
                problem=broken.get((channel, s.name), ""),
            )
            for s in services
            if channel in s.subscribes
        ]
    return nodes, edges
