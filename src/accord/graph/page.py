"""The graph as one self-contained html page: inline SVG, CSS and a little JS, nothing fetched."""

from __future__ import annotations

from html import escape

from accord.graph.layout import Layout, layout_graph
from accord.graph.model import EdgeKind, Node, NodeKind, Status, SystemGraph
from accord.graph.text import (
    BROKEN_COLOUR,
    CHANNEL_COLOURS,
    GATEWAY_COLOURS,
    GUARD_COLOURS,
    STATUS_COLOURS,
    channel_text,
)

__all__ = ["render_html"]

EDGE_STYLE = {
    EdgeKind.route: ("#34495e", ""),
    EdgeKind.http: ("#2c3e50", ""),
    EdgeKind.publish: ("#3b5bdb", "6 4"),
    EdgeKind.subscribe: ("#3b5bdb", "6 4"),
}


def _asset(name: str) -> str:
    from importlib import resources

    return resources.files("accord.graph").joinpath("assets", name).read_text("utf-8")


def render_html(graph: SystemGraph) -> str:
    layout = layout_graph(graph)
    services = graph.of_kind(NodeKind.service)
    channels = graph.of_kind(NodeKind.channel)
    subtitle = f"{len(services)} services, {len(channels)} event channels, {graph.broker_title}"
    if graph.has_report:
        counts = {s: sum(1 for n in services if n.health.status is s) for s in Status}
        subtitle += " · " + ", ".join(f"{c} {s.label}" for s, c in counts.items() if c)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(graph.system)}: system graph</title>",
            f"<style>{_asset('page.css')}</style></head><body>",
            f"<header><h1>{escape(graph.system)}</h1><p>{escape(subtitle)}</p></header>",
            f'<main><section id="diagram">{_legend(graph)}{_svg(graph, layout)}</section>',
            f"<aside>{''.join(_card(graph, n) for n in services)}</aside></main>",
            f"<script>{_asset('page.js')}</script></body></html>",
            "",
        ]
    )


def _legend(graph: SystemGraph) -> str:
    items = []
    statuses = list(Status) if graph.has_report else [Status.unknown]
    for status in statuses:
        fill, stroke = STATUS_COLOURS[status]
        swatch = f'<i class="swatch" style="background:{fill};border-color:{stroke}"></i>'
        items.append(f"<span>{swatch}{status.label}</span>")
    line = '<svg width="34" height="10"><path d="M0 5H34" stroke="{}" stroke-width="2"{}/></svg>'
    items.append(f"<span>{line.format('#2c3e50', '')}HTTP call / gateway route</span>")
    dashed = ' stroke-dasharray="6 4"'
    items.append(f"<span>{line.format('#3b5bdb', dashed)}event through the broker</span>")
    if any(edge.problem for edge in graph.edges):
        items.append(f"<span>{line.format(BROKEN_COLOUR, dashed)}event that cannot arrive</span>")
    if graph.by_policy:
        items += [f"<span>{line.format(c, '')}HTTP call: {g.label}</span>" for g, c in GUARD_COLOURS.items()]
    return f'<div class="legend">{"".join(items)}</div>'


def _svg(graph: SystemGraph, layout: Layout) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width:.0f}" height="{layout.height:.0f}" '
        f'viewBox="0 0 {layout.width:.0f} {layout.height:.0f}" '
        f'role="img" aria-label="dependency graph of {escape(graph.system)}">',
        "<defs>",
        *(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0 0L10 5L0 10z" fill="{colour}"/></marker>'
            for kind, colour in [
                *((k, c) for k, (c, _) in EDGE_STYLE.items()),
                ("broken", BROKEN_COLOUR),
                *((f"guard-{g}", c) for g, c in GUARD_COLOURS.items()),
            ]
        ),
        "</defs>",
    ]
    channels = [layout.boxes[n.id] for n in graph.of_kind(NodeKind.channel)]
    if channels:
        left, top = min(b.x for b in channels) - 16, channels[0].y - 12
        right, bottom = max(b.x + b.width for b in channels) + 16, channels[0].y + channels[0].height + 30
        parts.append(
            f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{bottom - top:.1f}" '
            f'rx="12" fill="#f4f6fd" stroke="#9fb0e8" stroke-dasharray="5 4"/>'
            f'<text x="{left + 12:.1f}" y="{bottom - 8:.1f}" font-size="12" fill="#3b5bdb">'
            f"{escape(graph.broker_title)}</text>"
        )
    for route in layout.routes:
        colour, dash = EDGE_STYLE[route.edge.kind]
        marker = route.edge.kind.value
        if route.edge.problem:
            colour, marker = BROKEN_COLOUR, "broken"
        elif route.edge.guard is not None:
            colour, marker = GUARD_COLOURS[route.edge.guard], f"guard-{route.edge.guard}"
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        ends = f'data-source="{route.edge.source}" data-target="{route.edge.target}"'
        parts.append(
            f'<path d="{route.path}" fill="none" stroke="{colour}" stroke-width="1.8"{dashed} {ends} '
            f'marker-end="url(#arrow-{marker})"/>'
        )
        label = route.edge.problem or route.edge.label
        if label:
            broken = f' fill="{BROKEN_COLOUR}"' if route.edge.problem else ""
            parts.append(
                f'<text class="edge-label" x="{route.label_x:.1f}" y="{route.label_y:.1f}" '
                f'text-anchor="middle"{broken} {ends}>{escape(label)}</text>'
            )
    parts += [_svg_node(graph, node, layout) for node in graph.nodes]
    parts.append("</svg>")
    return "".join(parts)


def _svg_node(graph: SystemGraph, node: Node, layout: Layout) -> str:
    box = layout.boxes[node.id]
    if node.kind is NodeKind.service:
        fill, stroke = STATUS_COLOURS[node.health.status]
    else:
        fill, stroke = CHANNEL_COLOURS if node.kind is NodeKind.channel else GATEWAY_COLOURS
    radius = box.height / 2 if node.kind is NodeKind.channel else 8
    cx = box.x + box.width / 2
    label = channel_text(graph, node) if node.kind is NodeKind.channel else node.label
    lines = [(label, "600" if node.kind is NodeKind.service else "400")]
    if node.kind is NodeKind.service and graph.mixed_brokers:
        lines.append((f"broker: {node.broker}", "400"))
    if node.kind is NodeKind.service and graph.has_report:
        lines.append((node.health.status.label, "400"))
    elif node.kind is NodeKind.service and node.service and node.service.route:
        lines.append((node.service.route, "400"))
    first = box.y + box.height / 2 - (len(lines) - 1) * 8 + 4
    small = ' font-size="11" fill="#566573"'
    texts = "".join(
        f'<text x="{cx:.1f}" y="{first + i * 17:.1f}" text-anchor="middle" font-weight="{weight}"'
        f"{'' if i == 0 else small}>{escape(text)}</text>"
        for i, (text, weight) in enumerate(lines)
    )
    return (
        f'<g class="node {node.kind.value}" id="{node.id}"><title>{escape(node.label)}</title>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" '
        f'rx="{radius:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>{texts}</g>'
    )


def _card(graph: SystemGraph, node: Node) -> str:
    service = node.service
    assert service is not None
    fill, stroke = STATUS_COLOURS[node.health.status]
    callers = [
        e.source.removeprefix("svc_") for e in graph.edges if e.kind is EdgeKind.http and e.target == node.id
    ]
    rows = [
        ("route", service.route),
        ("app", service.app),
        ("url", service.url or (f"http://127.0.0.1:{service.port}" if service.port else None)),
        ("OpenAPI", service.openapi),
        ("AsyncAPI", service.asyncapi),
        ("broker", node.broker),
        ("calls", ", ".join(service.dependency_names)),
        ("called by", ", ".join(graph.node(f"svc_{c}").label for c in callers)),
        ("publishes", ", ".join(service.publishes)),
        ("subscribes", ", ".join(service.subscribes)),
    ]
    details = "".join(f"<dt>{name}</dt><dd>{escape(str(value))}</dd>" for name, value in rows if value)
    health = node.health
    if graph.has_report:
        details += f"<dt>findings</dt><dd>{health.errors} error(s), {health.warnings} warning(s)</dd>"
    wiring = [f"[{p.rule}] {p.message}" for p in graph.problems if p.service == service.name]
    problems = "".join(f"<li>{escape(m)}</li>" for m in (*wiring, *health.messages))
    return (
        f'<div class="card" data-node="{node.id}" style="border-left-color:{stroke}">'
        f'<h2>{escape(node.label)}<span class="badge" style="background:{fill};border-color:{stroke}">'
        f"{escape(health.status.label)}</span></h2><dl>{details}</dl>"
        f"{f'<ul>{problems}</ul>' if problems else ''}</div>"
    )
