"""`accord graph --policy`: HTTP calls coloured and labelled by their declared policy."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from accord.cli.app import app
from accord.graph import GraphFormat, render_graph, system_graph
from accord.graph.model import EdgeKind, Guard
from accord.graph.text import GUARD_COLOURS
from accord.manifest import Workspace
from accord.manifest.policy import Dependency


def test_each_call_carries_its_guard_and_label(mesh_workspace: Workspace) -> None:
    graph = system_graph(mesh_workspace, by_policy=True)
    calls = {(e.source, e.target): e for e in graph.edges if e.kind is EdgeKind.http}
    to_stock = calls[("svc_orders", "svc_stock")]
    assert (to_stock.guard, to_stock.label) == (Guard.breaker, "800ms, 2 retries, breaker")
    to_payments = calls[("svc_orders", "svc_payments")]  # the system's defaults: 2s, 1 retry
    assert (to_payments.guard, to_payments.label) == (Guard.retries, "2s, 1 retry")
    plain = system_graph(mesh_workspace)
    assert {(e.guard, e.label) for e in plain.edges if e.kind is EdgeKind.http} == {(None, "HTTP")}


def test_every_guard_has_its_colour_in_every_format(mesh_workspace: Workspace) -> None:
    graph = system_graph(mesh_workspace, by_policy=True)
    numbers = {(e.source, e.target): n for n, e in enumerate(graph.edges)}
    mermaid = render_graph(graph, GraphFormat.mermaid)
    assert 'svc_orders -- "800ms, 2 retries, breaker" --> svc_stock' in mermaid
    stock = numbers[("svc_orders", "svc_stock")]
    assert f"  linkStyle {stock} stroke:{GUARD_COLOURS[Guard.breaker]},stroke-width:2px" in mermaid
    dot = render_graph(graph, GraphFormat.dot)
    assert f'svc_orders -> svc_payments [label="2s, 1 retry", color="{GUARD_COLOURS[Guard.retries]}"' in dot
    html = render_graph(graph, GraphFormat.html)
    assert "HTTP call: no timeout" in html and f'stroke="{GUARD_COLOURS[Guard.breaker]}"' in html
    assert "HTTP call: no timeout" not in render_graph(system_graph(mesh_workspace), GraphFormat.html)


def test_guards_from_weakest_to_strongest() -> None:
    from accord.graph.model import guard_of
    from accord.manifest.policy import CircuitBreaker, Duration, Policy

    second = Duration(1000)
    assert guard_of(Dependency("a")) is Guard.unguarded
    assert guard_of(Dependency("a", Policy(retries=3))) is Guard.unguarded  # retries without a timeout
    assert guard_of(Dependency("a", Policy(timeout=second))) is Guard.timeout
    assert guard_of(Dependency("a", Policy(timeout=second, retries=0))) is Guard.timeout
    assert guard_of(Dependency("a", Policy(timeout=second, retries=1))) is Guard.retries
    assert (
        guard_of(Dependency("a", Policy(timeout=second, circuit_breaker=CircuitBreaker()))) is Guard.breaker
    )


def test_the_cli_option(mesh_system: Path) -> None:
    result = CliRunner().invoke(app, ["graph", "--policy", "--workspace", str(mesh_system)])
    assert result.exit_code == 0, result.output
    assert "800ms, 2 retries, breaker" in result.output
