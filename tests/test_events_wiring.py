"""Per-service brokers and the event wiring: systems built by `accord init` and `accord scaffold`,
checked by the `events` step of `accord ci` and drawn by `accord graph`."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.ci import STEPS, CiOptions, run_ci
from accord.cli.app import app
from accord.errors import ConfigError
from accord.graph import GraphFormat, render_graph, system_graph
from accord.graph.events import check_events, events_report, matches
from accord.graph.model import EdgeKind, NodeKind
from accord.manifest import Broker, Manifest, Service, find_workspace, load_manifest, manifest_schema
from accord.report import Severity

RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


def _accord(*args: str) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output


def _system(folder: Path, *services: tuple[str, ...]) -> Path:
    """A system from an empty folder: `accord init` (a rabbitmq system), then each service scaffolded."""
    _accord("init", str(folder), "--system", "own")
    for name, *options in services:
        _accord("scaffold", "service", name, "-w", str(folder), "--no-input", "--gateway", "none", *options)
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """orders on the system's rabbitmq; payments on nats, listening for orders.created (on rabbitmq);
    notifications on rabbitmq, listening for payments.created (on nats) and a misspelt event."""
    return _system(
        tmp_path_factory.mktemp("mixed") / "own",
        ("orders",),
        ("payments", "--broker", "nats", "--subscribe", "orders.created"),
        ("notifications", "--subscribe", "payments.created", "--subscribe", "paymnts.created"),
    )


@pytest.fixture(scope="module")
def wired(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """payments and ledger both on nats: every subscription has its publisher on the same broker."""
    return _system(
        tmp_path_factory.mktemp("wired") / "own",
        ("payments", "--broker", "nats"),
        ("ledger", "--broker", "nats", "--subscribe", "payments.created"),
    )


def _line_of(folder: Path, text: str) -> int:
    lines = (folder / "accord.yaml").read_text().splitlines()
    (number,) = [n for n, line in enumerate(lines, 1) if line.strip() == text]
    return number


def test_scaffold_records_a_broker_other_than_the_systems(mixed: Path) -> None:
    manifest = find_workspace(explicit=mixed).manifest
    payments, orders = manifest.services["payments"], manifest.services["orders"]
    assert payments.broker == Broker("nats", "nats://127.0.0.1:4222")
    assert "broker: {kind: nats, url: nats://127.0.0.1:4222}" in (mixed / "accord.yaml").read_text()
    assert orders.broker is None  # the system's broker is not repeated
    assert manifest.broker_of(orders) == Broker("rabbitmq", RABBITMQ_URL)
    assert manifest.broker_of(payments).kind == "nats"


def test_the_systems_own_broker_is_not_recorded(tmp_path: Path) -> None:
    folder = _system(tmp_path / "own", ("orders", "--broker", "rabbitmq"))
    assert "broker: {kind" not in (folder / "accord.yaml").read_text()


def test_events_step_is_on_by_default_and_reports_every_wiring_problem(mixed: Path) -> None:
    assert "events" in STEPS
    run = run_ci(find_workspace(explicit=mixed), CiOptions(), ["events"])
    assert [(r.name, r.status) for r in run.steps] == [("events", "failed")]
    found = {(f.rule, f.line): f for f in run.report().findings}
    assert all(f.file is not None and f.file.endswith("accord.yaml") for f in found.values())

    line = _line_of(mixed, "subscribes: [orders.created]")
    mismatch = found[("events/events.broker-mismatch", line)]
    assert mismatch.severity is Severity.error and mismatch.pointer == "/services/payments/subscribes/0"
    assert mismatch.message.startswith(
        "payments subscribes to 'orders.created' on nats (nats://127.0.0.1:4222)"
    )
    assert "published by orders on rabbitmq (amqp://127.0.0.1:5672)" in mismatch.message  # no guest:guest

    line = _line_of(mixed, "subscribes: [payments.created, paymnts.created]")
    other_way = found[("events/events.broker-mismatch", line)]
    assert "notifications subscribes to 'payments.created' on rabbitmq" in other_way.message
    assert "published by payments on nats" in other_way.message
    misspelt = found[("events/events.no-publisher", line)]
    assert misspelt.pointer == "/services/notifications/subscribes/1"
    assert misspelt.message == (
        "notifications subscribes to 'paymnts.created', which no service publishes "
        "(did you mean 'payments.created'?)"
    )

    line = _line_of(mixed, "publishes: [notifications.created]")
    unread = found[("events/events.no-subscriber", line)]
    assert unread.severity is Severity.warning
    assert unread.message == "notifications publishes 'notifications.created', which no service subscribes to"
    assert len(found) == 4


def test_a_system_wired_on_one_broker_per_event_passes(wired: Path) -> None:
    run = run_ci(find_workspace(explicit=wired), CiOptions(), ["events"])
    assert run.steps[0].status == "passed"
    (unread,) = run.report().findings  # ledger.created: a warning, not a failure
    assert unread.rule == "events/events.no-subscriber" and "'ledger.created'" in unread.message


def test_the_events_step_is_skipped_without_events(tmp_path: Path) -> None:
    folder = _system(tmp_path / "own", ("orders", "--broker", "none"))
    run = run_ci(find_workspace(explicit=folder), CiOptions(), ["events"])
    assert run.steps[0].status == "skipped"


def test_the_report_is_reachable_without_the_cli(mixed: Path) -> None:
    report = events_report(find_workspace(explicit=mixed))
    assert report.tool == "events" and report.exit_code == 1
    rules = sorted(issue.rule for issue in check_events(load_manifest(mixed / "accord.yaml")))
    assert rules == [
        "events.broker-mismatch",
        "events.broker-mismatch",
        "events.no-publisher",
        "events.no-subscriber",
    ]


def test_the_graph_shows_each_services_broker_and_marks_broken_edges(mixed: Path) -> None:
    graph = system_graph(find_workspace(explicit=mixed))
    brokers = {n.label: n.broker for n in graph.of_kind(NodeKind.service)}
    assert brokers == {"orders": "rabbitmq", "payments": "nats", "notifications": "rabbitmq"}
    broken = {(e.source, e.target): e.problem for e in graph.edges if e.problem}
    assert broken == {
        ("ch_orders_created", "svc_payments"): "broker mismatch",
        ("ch_payments_created", "svc_notifications"): "broker mismatch",
        ("ch_paymnts_created", "svc_notifications"): "no publisher",
    }
    assert all(e.kind is EdgeKind.subscribe for e in graph.edges if e.problem)
    mermaid = render_graph(graph, GraphFormat.mermaid)
    assert 'svc_payments["payments<br/>nats"]' in mermaid
    assert 'subgraph broker["brokers: rabbitmq, nats"]' in mermaid
    # a channel names its broker when it is not the system's
    assert 'ch_payments_created(["payments.created (nats)"])' in mermaid
    assert 'ch_orders_created(["orders.created"])' in mermaid
    assert "ch_orders_created -.-x|broker mismatch| svc_payments" in mermaid
    html = render_graph(graph, GraphFormat.html)
    assert "<dt>broker</dt><dd>nats</dd>" in html and ">broker mismatch</text>" in html
    assert "event that cannot arrive</span>" in html
    assert "[events.no-publisher] notifications subscribes to &#x27;paymnts.created&#x27;" in html


def test_the_broken_graph_is_accepted_by_graphviz(mixed: Path) -> None:
    dot = shutil.which("dot")
    assert dot, "graphviz is missing: apt-get install graphviz (see .ci/system-packages)"
    source = render_graph(system_graph(find_workspace(explicit=mixed)), GraphFormat.dot)
    assert 'ch_paymnts_created -> svc_notifications [style=dashed, color="#c0392b"' in source
    result = subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "broker mismatch" in result.stdout and "payments.created (nats)" in result.stdout


def test_graph_cli_draws_the_system_and_fails_on_broken_wiring(mixed: Path, wired: Path) -> None:
    runner = CliRunner()
    broken = runner.invoke(app, ["graph", "-w", str(mixed)])
    assert broken.exit_code == 1
    assert "flowchart TB" in broken.stdout  # drawn all the same
    assert "accord.yaml: error: notifications subscribes to 'paymnts.created'" in broken.stderr
    assert "[events.broker-mismatch]" in broken.stderr
    fine = runner.invoke(app, ["graph", "-w", str(wired)])
    assert fine.exit_code == 0, fine.output
    assert "warning: ledger publishes 'ledger.created'" in fine.stderr


def test_ci_cli_writes_the_events_findings_as_json(mixed: Path) -> None:
    result = CliRunner().invoke(app, ["ci", "-w", str(mixed), "--steps", "events", "-f", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    misspelt = [f for f in findings if f["rule"] == "events/events.no-publisher"]
    assert misspelt[0]["line"] == _line_of(mixed, "subscribes: [payments.created, paymnts.created]")


@pytest.mark.parametrize(
    ("name", "line", "text"),
    [
        ("bad-service-broker.yaml", 7, "services.payments.broker.kind: 'kafak' is not one of"),
        ("service-broker-without-kind.yaml", 7, "services.payments.broker: 'kind' is a required property"),
        (
            "broker-url-of-another-kind.yaml",
            9,
            "services.payments.broker.url: nats:// is not a scheme a rabbitmq client reads (amqp://, amqps://)",
        ),
    ],
)
def test_a_services_broker_is_checked_by_the_schema(fixtures: Path, name: str, line: int, text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_manifest(fixtures / "manifests" / name)
    assert caught.value.line == line
    assert text in str(caught.value)


@pytest.mark.parametrize(
    ("pattern", "event", "expected"),
    [
        ("orders.created", "orders.created", True),
        ("orders.created", "orders.updated", False),
        ("orders.*", "orders.created", True),
        ("orders.*", "orders.created.eu", False),
        ("orders.#", "orders", True),
        ("orders.#", "orders.created.eu", True),
        ("orders.>", "orders", False),
        ("orders.>", "orders.created.eu", True),
        ("orders", "orders.created", False),
    ],
)
def test_subscriptions_match_amqp_and_nats_wildcards(pattern: str, event: str, expected: bool) -> None:
    assert matches(pattern, event) is expected


def _manifest(system_url: str, *services: Service) -> Manifest:
    return Manifest("own", {s.name: s for s in services}, broker=Broker("rabbitmq", system_url))


def test_one_broker_written_with_and_without_credentials_is_one_broker() -> None:
    manifest = _manifest(
        RABBITMQ_URL,
        Service("orders", publishes=("orders.created",)),
        Service(
            "billing", subscribes=("orders.created",), broker=Broker("rabbitmq", "amqp://127.0.0.1:5672")
        ),
    )
    assert check_events(manifest) == []


def test_another_host_is_another_broker_and_its_credentials_are_not_reported() -> None:
    elsewhere = Broker("rabbitmq", "amqp://billing:s3cret@10.0.0.9:5672/")
    manifest = _manifest(
        RABBITMQ_URL,
        Service("orders", publishes=("orders.created",)),
        Service("billing", subscribes=("orders.created",), broker=elsewhere),
    )
    (issue,) = check_events(manifest)
    assert issue.rule == "events.broker-mismatch"
    assert (
        "on rabbitmq (amqp://10.0.0.9:5672), but it is published by orders on rabbitmq (amqp://127.0.0.1:5672)"
        in (issue.message)
    )
    assert "s3cret" not in issue.message and "guest" not in issue.message


def test_a_services_broker_kinds_are_the_systems_and_the_templates() -> None:
    schema = manifest_schema()
    system = schema["properties"]["broker"]["properties"]["kind"]["enum"]
    own = schema["$defs"]["service"]["properties"]["broker"]["properties"]["kind"]["enum"]
    questions = resources.files("accord") / "templates" / "python-service" / "cookiecutter.json"
    template = json.loads(questions.read_text("utf-8"))["broker"]
    assert own == [kind for kind in system if kind != "none"]
    assert own == [kind for kind in template if kind != "none"]


def test_a_selected_run_reports_only_the_selected_services_wiring(mixed: Path) -> None:
    from accord.ci_select import Selection

    only_payments = Selection({"payments": ("chosen by the test",)}, total=3)
    run = run_ci(find_workspace(explicit=mixed), CiOptions(selection=only_payments), ["events"])
    found = {(f.rule, f.pointer) for f in run.report().findings}
    # payments' own subscription on the wrong broker; notifications' problems belong to its job
    assert found == {("events/events.broker-mismatch", "/services/payments/subscribes/0")}


def test_ci_fails_on_a_warning_when_asked(wired: Path) -> None:
    base = ["ci", "-w", str(wired), "--steps", "events", "--format", "json"]
    relaxed = CliRunner().invoke(app, base)
    strict = CliRunner().invoke(app, [*base, "--fail-on", "warning"])
    assert relaxed.exit_code == 0, relaxed.output
    assert strict.exit_code == 1, strict.output
    assert "events.no-subscriber" in strict.stdout
