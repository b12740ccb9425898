"""The graph as Mermaid (for Markdown and pull requests) and Graphviz dot."""

from __future__ import annotations

from accord.graph.model import Edge, EdgeKind, Guard, Node, NodeKind, Status, SystemGraph

__all__ = ["GUARD_COLOURS", "STATUS_COLOURS", "render_dot", "render_mermaid"]

# fill, stroke: shared by every format so a status looks the same everywhere.
STATUS_COLOURS: dict[Status, tuple[str, str]] = {
    Status.valid: ("#d9f2e3", "#1e8449"),
    Status.warnings: ("#fdf0c9", "#b7950b"),
    Status.errors: ("#f9d6d5", "#c0392b"),
    Status.breaking: ("#f4d3ef", "#8e24aa"),
    Status.pact_failing: ("#fde1cc", "#d35400"),
    Status.unknown: ("#eef1f5", "#5d6d7e"),
}
CHANNEL_COLOURS = ("#e8eefc", "#3b5bdb")
BROKEN_COLOUR = "#c0392b"  # an edge along which an event cannot arrive
GATEWAY_COLOURS = ("#ffffff", "#34495e")
# An HTTP call's colour by its declared policy (`accord graph --policy`).
GUARD_COLOURS: dict[Guard, str] = {
    Guard.unguarded: "#c0392b",
    Guard.timeout: "#b7950b",
    Guard.retries: "#2874a6",
    Guard.breaker: "#1e8449",
}


def _quote(text: str) -> str:
    return text.replace('"', "#quot;")


def render_mermaid(graph: SystemGraph) -> str:
    lines = ["flowchart TB", f"  %% system {graph.system}"]
    for node in graph.of_kind(NodeKind.gateway):
        lines.append(f'  {node.id}[["{_quote(node.label)}"]]')
    for node in graph.of_kind(NodeKind.service):
        lines.append(f'  {node.id}["{_quote(_service_text(graph, node, "<br/>"))}"]')
    channels = graph.of_kind(NodeKind.channel)
    if channels:
        lines.append(f'  subgraph broker["{_quote(graph.broker_title)}"]')
        lines += [f'    {node.id}(["{_quote(channel_text(graph, node))}"])' for node in channels]
        lines.append("  end")
    lines += [f"  {_mermaid_edge(edge)}" for edge in graph.edges]
    broken = [str(number) for number, edge in enumerate(graph.edges) if edge.problem]
    if broken:
        lines.append(f"  linkStyle {','.join(broken)} stroke:{BROKEN_COLOUR},stroke-width:2px")
    for guard, colour in GUARD_COLOURS.items():
        guarded = [str(number) for number, edge in enumerate(graph.edges) if edge.guard is guard]
        if guarded:
            lines.append(f"  linkStyle {','.join(guarded)} stroke:{colour},stroke-width:2px")
    for status, (fill, stroke) in STATUS_COLOURS.items():
        lines.append(f"  classDef {_class(status)} fill:{fill},stroke:{stroke},stroke-width:2px")
    lines.append(f"  classDef channel fill:{CHANNEL_COLOURS[0]},stroke:{CHANNEL_COLOURS[1]}")
    for status in Status:
        members = [n.id for n in graph.of_kind(NodeKind.service) if n.health.status is status]
        if members:
            lines.append(f"  class {','.join(members)} {_class(status)}")
    if channels:
        lines.append(f"  class {','.join(n.id for n in channels)} channel")
    return "\n".join(lines) + "\n"


def _class(status: Status) -> str:
    return "status_" + status.value.replace("-", "_")


def _service_text(graph: SystemGraph, node: Node, newline: str) -> str:
    lines = [node.label]
    if graph.mixed_brokers:
        lines.append(node.broker)
    if graph.has_report:
        lines.append(node.health.status.label)
    return newline.join(lines)


def channel_text(graph: SystemGraph, node: Node) -> str:
    """An event's name, and the broker it is published on when that is not the system's."""
    return f"{node.label} ({node.broker})" if node.broker not in ("", graph.broker) else node.label


def _mermaid_edge(edge: Edge) -> str:
    if edge.problem:
        return f"{edge.source} -.-x|{edge.problem}| {edge.target}"
    if edge.kind is EdgeKind.route:
        return f'{edge.source} -- "{_quote(edge.label)}" --> {edge.target}'
    if edge.kind is EdgeKind.http and edge.guard is None:
        return f"{edge.source} -- HTTP --> {edge.target}"
    if edge.kind is EdgeKind.http:
        return f'{edge.source} -- "{_quote(edge.label)}" --> {edge.target}'

    return f"{edge.source} -.-> {edge.target}"


def render_dot(graph: SystemGraph) -> str:
    lines = [
        f'digraph "{graph.system}" {{',
        "  rankdir=TB;",
        '  graph [fontname="Helvetica", labelloc=t, label="' + graph.system + '"];',
        '  node [fontname="Helvetica", style="filled,rounded", shape=box];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for node in graph.of_kind(NodeKind.gateway):
        fill, stroke = GATEWAY_COLOURS
        colours = f'fillcolor="{fill}", color="{stroke}"'
        lines.append(f'  {node.id} [label="{_dot(node.label)}", shape=component, {colours}];')
    for node in graph.of_kind(NodeKind.service):
        fill, stroke = STATUS_COLOURS[node.health.status]
        label = "\\n".join(_dot(part) for part in _service_text(graph, node, "\n").split("\n"))
        lines.append(f'  {node.id} [label="{label}", fillcolor="{fill}", color="{stroke}", penwidth=2];')
    channels = graph.of_kind(NodeKind.channel)
    if channels:
        fill, stroke = CHANNEL_COLOURS
        lines += ["  subgraph cluster_broker {", f'    label="{_dot(graph.broker_title)}"; style=dashed;']
        colours = f'fillcolor="{fill}", color="{stroke}"'
        lines += [
            f'    {n.id} [label="{_dot(channel_text(graph, n))}", shape=cds, {colours}];' for n in channels
        ]
        lines.append("  }")
    lines += [f"  {_dot_edge(edge)}" for edge in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _http_colour(edge: Edge) -> str:
    return GUARD_COLOURS[edge.guard] if edge.guard is not None else "#2c3e50"


def _dot_edge(edge: Edge) -> str:
    if edge.problem:
        broken = (
            f'style=dashed, color="{BROKEN_COLOUR}", fontcolor="{BROKEN_COLOUR}", penwidth=2, arrowhead=tee'
        )
        return f'{edge.source} -> {edge.target} [{broken}, label="{_dot(edge.problem)}"];'
    attributes = {
        EdgeKind.route: f'label="{_dot(edge.label)}", color="#34495e"',
        EdgeKind.http: f'label="{_dot(edge.label)}", color="{_http_colour(edge)}", penwidth=1.5',
        EdgeKind.publish: 'style=dashed, color="#3b5bdb", label="publishes"',
        EdgeKind.subscribe: 'style=dashed, color="#3b5bdb", label="subscribes"',
    }[edge.kind]
    return f"{edge.source} -> {edge.target} [{attributes}];"
