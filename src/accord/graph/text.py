"""The graph as Mermaid (for Markdown and pull requests) and Graphviz dot."""

from __future__ import annotations

from accord.graph.model import Edge, EdgeKind, Node, NodeKind, Status, SystemGraph

__all__ = ["STATUS_COLOURS", "render_dot", "render_mermaid"]

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
GATEWAY_COLOURS = ("#ffffff", "#34495e")


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
        lines.append(f'  subgraph broker["broker: {graph.broker}"]')
        lines += [f'    {node.id}(["{_quote(node.label)}"])' for node in channels]
        lines.append("  end")
    lines += [f"  {_mermaid_edge(edge)}" for edge in graph.edges]
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
    if not graph.has_report:
        return node.label
    return f"{node.label}{newline}{node.health.status.label}"


def _mermaid_edge(edge: Edge) -> str:
    if edge.kind is EdgeKind.route:
        return f'{edge.source} -- "{_quote(edge.label)}" --> {edge.target}'
    if edge.kind is EdgeKind.http:
        return f"{edge.source} -- HTTP --> {edge.target}"
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
        lines += ["  subgraph cluster_broker {", f'    label="broker: {_dot(graph.broker)}"; style=dashed;']
        lines += [
            f'    {n.id} [label="{_dot(n.label)}", shape=cds, fillcolor="{fill}", color="{stroke}"];'
            for n in channels
        ]
        lines.append("  }")
    lines += [f"  {_dot_edge(edge)}" for edge in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_edge(edge: Edge) -> str:
    attributes = {
        EdgeKind.route: f'label="{_dot(edge.label)}", color="#34495e"',
        EdgeKind.http: 'label="HTTP", color="#2c3e50", penwidth=1.5',
        EdgeKind.publish: 'style=dashed, color="#3b5bdb", label="publishes"',
        EdgeKind.subscribe: 'style=dashed, color="#3b5bdb", label="subscribes"',
    }[edge.kind]
    return f"{edge.source} -> {edge.target} [{attributes}];"
