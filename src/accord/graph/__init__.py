"""`accord graph`: the system's dependency graph as Mermaid, Graphviz dot or one html page."""

from __future__ import annotations

import enum
from pathlib import Path

from accord.graph.model import SystemGraph, build_graph
from accord.manifest import Workspace

__all__ = ["GraphFormat", "SystemGraph", "build_graph", "render_graph", "system_graph"]


class GraphFormat(enum.StrEnum):
    mermaid = "mermaid"
    dot = "dot"
    html = "html"


def system_graph(workspace: Workspace, report: Path | None = None, *, by_policy: bool = False) -> SystemGraph:
    """The workspace's graph, coloured by the findings of a json report when one is given, its
    HTTP calls by their declared policy (timeout, retries, circuit breaker) with `by_policy`."""
    health = None
    if report is not None:
        from accord.graph.status import health_from_report, load_report_findings

        health = health_from_report(workspace, load_report_findings(report))
    return build_graph(workspace.manifest, health, by_policy=by_policy)


def render_graph(graph: SystemGraph, fmt: GraphFormat) -> str:
    if fmt is GraphFormat.mermaid:
        from accord.graph.text import render_mermaid

        return render_mermaid(graph)
    if fmt is GraphFormat.dot:
        from accord.graph.text import render_dot

        return render_dot(graph)
    from accord.graph.page import render_html

    return render_html(graph)
