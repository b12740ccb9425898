"""`accord graph`: Mermaid and dot snapshots, report colouring, and the html page in a real Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from accord.cli.app import app
from accord.errors import InputError
from accord.graph import GraphFormat, render_graph, system_graph
from accord.graph.model import NodeKind, Status
from accord.manifest import find_workspace
from tests.conftest import EXAMPLE, FIXTURES, ROOT

REPORT = FIXTURES / "graph" / "report.json"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def shop():  # type: ignore[no-untyped-def]
    return find_workspace(explicit=EXAMPLE)


@pytest.mark.parametrize("fmt", [GraphFormat.mermaid, GraphFormat.dot])
@pytest.mark.parametrize("report", [None, REPORT], ids=["plain", "with-report"])
def test_text_formats_match_their_snapshots(shop, fmt, report, snapshot: SnapshotAssertion) -> None:  # type: ignore[no-untyped-def]
    assert render_graph(system_graph(shop, report), fmt) == snapshot


def test_the_graph_has_services_channels_and_every_kind_of_edge(shop) -> None:  # type: ignore[no-untyped-def]
    graph = system_graph(shop)
    assert [n.label for n in graph.of_kind(NodeKind.service)] == ["orders", "payments", "notifications"]
    assert [n.label for n in graph.of_kind(NodeKind.channel)] == ["order.created", "payment.settled"]
    edges = {(e.source, e.target, e.kind.value) for e in graph.edges}
    assert ("gw_gateway", "svc_orders", "route") in edges
    assert ("svc_orders", "svc_payments", "http") in edges
    assert ("svc_payments", "ch_payment_settled", "publish") in edges
    assert ("ch_payment_settled", "svc_notifications", "subscribe") in edges
    assert all(n.health.status is Status.unknown for n in graph.of_kind(NodeKind.service))


def test_report_findings_are_matched_to_services_by_file(shop) -> None:  # type: ignore[no-untyped-def]
    graph = system_graph(shop, REPORT)
    health = {n.label: n.health for n in graph.of_kind(NodeKind.service)}
    assert health["orders"].status is Status.pact_failing  # the pact web-orders.json names orders
    assert health["orders"].errors == 2
    assert health["payments"].status is Status.breaking  # diff/ rule on its contract
    assert health["notifications"].status is Status.warnings  # path ends with its contract
    assert "Payment.amount was removed" in health["payments"].messages[0]


def test_a_service_without_findings_is_valid(tmp_path: Path, shop) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "report.json"
    empty.write_text('{"findings": [], "summary": {}}')
    graph = system_graph(shop, empty)
    assert {n.health.status for n in graph.of_kind(NodeKind.service)} == {Status.valid}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.json", "report not found"),
        ("broken.json", "not a json report"),
        ("not-a-report.json", "not an accord"),
    ],
)
def test_broken_reports_are_input_errors(shop, name: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        system_graph(shop, FIXTURES / "graph" / name)


def test_dot_output_is_accepted_by_graphviz(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dot = shutil.which("dot")
    assert dot, "graphviz is missing: apt-get install graphviz (see .ci/system-packages)"
    source = render_graph(system_graph(shop, REPORT), GraphFormat.dot)
    result = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "payment.settled" in result.stdout


def test_cli_writes_the_graph_and_refuses_a_broken_report(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["graph", "--workspace", str(EXAMPLE)])
    assert result.exit_code == 0
    assert result.stdout.startswith("flowchart TB")
    target = tmp_path / "graph.dot"
    result = runner.invoke(app, ["graph", "-w", str(EXAMPLE), "-f", "dot", "-o", str(target)])
    assert result.exit_code == 0 and target.read_text().startswith('digraph "shop"')
    broken = runner.invoke(
        app, ["graph", "-w", str(EXAMPLE), "--report", str(FIXTURES / "graph" / "broken.json")]
    )
    assert broken.exit_code == 2
    assert "broken.json:3" in broken.stderr and "Traceback" not in broken.stderr


def chromium(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(binary).exists(), "chromium is missing (see .ci/system-packages)"
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=90, check=False)


@pytest.mark.integration
def test_the_html_page_renders_in_chromium(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    page = tmp_path / "graph.html"
    page.write_text(render_graph(system_graph(shop, REPORT), GraphFormat.html))
    html = page.read_text()
    assert " src=" not in html and "<link" not in html and "@import" not in html  # nothing fetched
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "graph-shop.png"
    shot.unlink(missing_ok=True)
    result = chromium(f"--screenshot={shot}", "--window-size=1280,900", page.as_uri(), tmp_path=tmp_path)
    assert shot.is_file(), result.stderr
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 900)
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 200  # a blank or failed page has a handful
    # The status colours of the report are on screen: orange (pact failing) and purple (breaking).
    assert any(c == (0xFD, 0xE1, 0xCC) for _, c in colours)
    assert any(c == (0xF4, 0xD3, 0xEF) for _, c in colours)


@pytest.mark.integration
def test_the_rendered_dom_names_every_service_and_channel(shop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "graph.html"
    page.write_text(render_graph(system_graph(shop), GraphFormat.html))
    result = chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    dom = result.stdout
    for name in ["orders", "payments", "notifications", "order.created", "payment.settled"]:
        assert f">{name}<" in dom
    assert dom.count('class="node service"') == 3
    assert dom.count('class="card"') == 3
