"""A layered layout for the system graph, so the html page needs no graph library.

Bands from top to bottom: the gateway, services (callers above the providers they call),
then the broker's channels. An edge that spans several bands passes through a waypoint in
each band between, so it bends around the boxes instead of through them. Within a band,
nodes are ordered by the mean position of their neighbours (the barycenter heuristic).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from accord.graph.model import Edge, EdgeKind, NodeKind, SystemGraph

__all__ = ["Box", "Layout", "Route", "layout_graph"]

SIZES = {NodeKind.gateway: (230.0, 48.0), NodeKind.service: (190.0, 64.0), NodeKind.channel: (170.0, 40.0)}
WAYPOINT = (18.0, 0.0)
CALLS = (EdgeKind.http, EdgeKind.grpc)  # calls between services set the bands
BAND_GAP = 110.0
NODE_GAP = 60.0
MARGIN = 40.0


@dataclass(frozen=True)
class Box:
    x: float  # left
    y: float  # top
    width: float
    height: float

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Route:
    """An edge drawn as a chain of cubic Bézier segments, with where its label goes."""

    edge: Edge
    path: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: dict[str, Box]
    routes: tuple[Route, ...]


def layout_graph(graph: SystemGraph) -> Layout:
    bands = _bands(graph)
    chains = _chains(graph, bands)
    bands = _order(bands, chains)
    size = {n.id: SIZES[n.kind] for n in graph.nodes}
    boxes: dict[str, Box] = {}
    widths = [sum(size.get(n, WAYPOINT)[0] for n in band) + NODE_GAP * (len(band) - 1) for band in bands]
    widest = max(widths, default=0.0)
    y = MARGIN
    for band, band_width in zip(bands, widths, strict=True):
        x = MARGIN + (widest - band_width) / 2
        height = max(size.get(n, WAYPOINT)[1] for n in band)
        for node in band:
            width, node_height = size.get(node, WAYPOINT)
            boxes[node] = Box(x, y + (height - node_height) / 2, width, node_height)
            x += width + NODE_GAP
        y += height + BAND_GAP
    ports = _ports(chains, boxes)
    routes = tuple(
        _route(edge, number, chains[number], boxes, ports) for number, edge in enumerate(graph.edges)
    )
    real = {k: v for k, v in boxes.items() if k in size}
    return Layout(widest + 2 * MARGIN, y - BAND_GAP + MARGIN, real, routes)


def _bands(graph: SystemGraph) -> list[list[str]]:
    """Gateway band, one band per depth of HTTP calls, then the channels."""
    services = [n.id for n in graph.of_kind(NodeKind.service)]
    calls = {s: [e.target for e in graph.edges if e.kind in CALLS and e.source == s] for s in services}
    depth: dict[str, int] = {}

    def visit(node: str, trail: frozenset[str]) -> int:
        # Longest path from the top; an edge back into `trail` (a call cycle) is ignored.
        if node not in depth:
            callers = [s for s in services if node in calls[s] and s not in trail]
            depth[node] = max((visit(c, trail | {node}) + 1 for c in callers), default=0)
        return depth[node]

    for service in services:
        visit(service, frozenset({service}))
    levels = [
        [s for s in services if depth[s] == level] for level in range(max(depth.values(), default=-1) + 1)
    ]
    gateways = [n.id for n in graph.of_kind(NodeKind.gateway)]
    channels = [n.id for n in graph.of_kind(NodeKind.channel)]
    return [band for band in (gateways, *levels, channels) if band]


def _chains(graph: SystemGraph, bands: list[list[str]]) -> list[list[str]]:
    """Each edge as the nodes it passes: source, a waypoint per band crossed, target."""
    band_of = {node: index for index, band in enumerate(bands) for node in band}
    chains = []
    for number, edge in enumerate(graph.edges):
        start, end = band_of[edge.source], band_of[edge.target]
        step = 1 if end > start else -1
        waypoints = [f"~{number}~{b}" for b in range(start + step, end, step)] if abs(end - start) > 1 else []
        for waypoint in waypoints:
            bands[int(waypoint.rsplit("~", 1)[1])].append(waypoint)
        chains.append([edge.source, *waypoints, edge.target])
    return chains


def _order(bands: list[list[str]], chains: list[list[str]]) -> list[list[str]]:
    neighbours: dict[str, list[str]] = {}
    for chain in chains:
        for a, b in itertools.pairwise(chain):
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    for _ in range(4):
        for sweep in (range(1, len(bands)), range(len(bands) - 2, -1, -1)):
            for index in sweep:
                current = bands[index]
                position = {
                    n: (i + 0.5) / len(b) for j, b in enumerate(bands) if j != index for i, n in enumerate(b)
                }

                def barycenter(
                    node: str, current: list[str] = current, position: dict[str, float] = position
                ) -> float:
                    placed = [position[n] for n in neighbours.get(node, []) if n in position]
                    return sum(placed) / len(placed) if placed else (current.index(node) + 0.5) / len(current)

                bands[index] = sorted(current, key=barycenter)
    return bands


def _ports(chains: list[list[str]], boxes: dict[str, Box]) -> dict[tuple[int, str], float]:
    """Where each edge leaves or enters a box: spread along the side, ordered by the other end."""
    sides: dict[tuple[str, bool], list[tuple[float, int]]] = {}
    for number, chain in enumerate(chains):
        for node, towards in ((chain[0], chain[1]), (chain[-1], chain[-2])):
            below = boxes[towards].y > boxes[node].y
            sides.setdefault((node, below), []).append((boxes[towards].centre_x, number))
    ports: dict[tuple[int, str], float] = {}
    for (node, _below), attached in sides.items():
        box = boxes[node]
        attached.sort()
        for i, (_, number) in enumerate(attached):
            ports[(number, node)] = box.x + box.width * (0.2 + 0.6 * (i + 1) / (len(attached) + 1))
    return ports


def _route(
    edge: Edge, number: int, chain: list[str], boxes: dict[str, Box], ports: dict[tuple[int, str], float]
) -> Route:
    points = []
    for index, node in enumerate(chain):
        box = boxes[node]
        if 0 < index < len(chain) - 1:
            points.append((box.centre_x, box.y))
            continue
        other = boxes[chain[1] if index == 0 else chain[-2]]
        x = ports[(number, node)]
        points.append((x, box.y + box.height if other.y > box.y else box.y))
    path = [f"M {points[0][0]:.1f} {points[0][1]:.1f}"]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        bend = (y2 - y1) * 0.5 or 30.0
        path.append(f"C {x1:.1f} {y1 + bend:.1f} {x2:.1f} {y2 - bend:.1f} {x2:.1f} {y2:.1f}")
    (x1, y1), (x2, y2) = points[0], points[1]
    return Route(edge, " ".join(path), (x1 + x2) / 2, (y1 + y2) / 2)
