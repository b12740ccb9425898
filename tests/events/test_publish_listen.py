"""`accord events publish` and `listen` on the real RabbitMQ, NATS and Redis (Kafka: FastStream's
in-memory test broker, as no Kafka server runs here)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from accord.cli.app import app
from accord.events import ListenOptions, PublishOptions, event_catalog, publish_event
from accord.events.client import connected
from accord.events.listen import receive_messages
from accord.events.publish import destination_of, payloads, publish_messages
from tests.events.conftest import BROKER_VARIABLES, EventSystem, Listener, accord

pytestmark = pytest.mark.integration


def cli(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--workspace", str(root)])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("service", "kind"), [("orders", "rabbitmq"), ("inventory", "nats"), ("stock", "redis")]
)
def test_published_messages_arrive_and_conform(event_system: EventSystem, service: str, kind: str) -> None:
    event = event_system.event(service)
    listener = Listener(event_system.workspace, event, ListenOptions(count=3, timeout=20)).start()

    sent = publish_event(event_system.workspace, event, PublishOptions(generate=True, count=3, seed=7))

    result = listener.join()
    assert sent.broker.startswith(kind)
    assert (result.received, result.conforming) == (3, 3)
    assert result.report.findings == []


def test_same_seed_same_data(event_system: EventSystem) -> None:
    message = event_catalog(event_system.workspace).publisher(event_system.event("orders"))
    first = payloads(message, PublishOptions(generate=True, count=4, seed=3))
    again = payloads(message, PublishOptions(generate=True, count=4, seed=3))
    other = payloads(message, PublishOptions(generate=True, count=4, seed=4))
    assert first == again != other
    assert all(set(body) >= {"id", "name"} for body, _ in first)


def test_each_non_conforming_message_is_one_finding_at_the_message_line(event_system: EventSystem) -> None:
    workspace = event_system.workspace
    event = event_system.event("orders")
    message = event_catalog(workspace).publisher(event)
    listener = Listener(workspace, event, ListenOptions(count=1, timeout=20)).start()

    async def send() -> None:
        async with connected("rabbitmq", str(message.broker.url), timeout=5) as client:
            where = destination_of(message)
            await client.publish(where, {"id": 42}, content_type="application/json")
            await client.publish(where, b"{not json", content_type="application/json")
            await client.publish(where, {"id": "1", "name": "ok"}, content_type="application/json")

    asyncio.run(send())
    result = listener.join()

    assert (result.received, result.conforming) == (3, 1)
    # The consumer handles deliveries concurrently, so findings may come in either order.
    by_rule = {f.rule: f for f in result.report.findings}
    assert sorted(f.rule for f in result.report.findings) == ["event.payload-schema", "event.undecodable"]
    schema = by_rule["event.payload-schema"]
    assert schema.file is not None and schema.file.endswith("asyncapi.yaml")
    assert schema.line == message.contract.locate(message.node.pointer).line
    assert "'name' is a required property" in schema.message.replace('"', "'")
    assert 'payload: {"id":42}' in schema.message  # the offending payload travels with the finding
    assert result.report.exit_code == 1


@pytest.mark.parametrize(("service", "kind"), [("orders", "rabbitmq"), ("inventory", "nats")])
def test_messages_are_judged_in_the_order_they_arrive(
    event_system: EventSystem, service: str, kind: str
) -> None:
    # `--count 1` stops at the first conforming message: every message sent before it is judged
    # first, however busy the machine (RabbitMQ's client hands deliveries to concurrent tasks).
    workspace = event_system.workspace
    message = event_catalog(workspace).publisher(event_system.event(service))
    assert message.broker.kind == kind
    listener = Listener(workspace, message.event, ListenOptions(count=1, timeout=20)).start()
    bad = [{"id": n} for n in range(40)]  # each lacks the required name

    async def send() -> None:
        async with connected(kind, str(message.broker.url), timeout=5) as client:
            where = destination_of(message)
            for body in bad:  # one after the other: the broker has them in this order
                await client.publish(where, body, content_type="application/json")
            await client.publish(where, {"id": "last", "name": "ok"}, content_type="application/json")

    asyncio.run(send())
    result = listener.join()

    assert (result.received, result.conforming) == (41, 1)
    said = [f.message for f in result.report.findings]
    assert [f.rule for f in result.report.findings] == ["event.payload-schema"] * 40
    assert [int(text.split('payload: {"id":')[1].split("}")[0]) for text in said] == list(range(40))


def test_nothing_arriving_in_time_is_not_received(event_system: EventSystem) -> None:
    code, out, err = cli(
        event_system.root, "events", "listen", event_system.event("inventory"), "--timeout", "1"
    )
    assert code == 1
    assert "event.not-received" in out
    assert "0 of 1 conforming message(s) arrived in 1 s" in out
    assert "listening to" in err and "subject" in err


def test_event_findings_name_the_contract_relative_to_the_current_folder(
    event_system: EventSystem, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As every other report does (validate, lint, pact check): what SARIF and CI annotations need.
    monkeypatch.chdir(event_system.root)
    result = CliRunner().invoke(
        app, ["events", "listen", event_system.event("inventory"), "--timeout", "1", "--format", "json"]
    )
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule"] == "event.not-received"
    assert finding["file"] == f"services/{event_system.name('inventory')}/asyncapi.yaml"


def test_kafka_through_the_in_memory_broker(tmp_path: Path) -> None:
    root = tmp_path / "system"
    root.mkdir()
    accord(root, "init")
    accord(root, "scaffold", "service", "ledger", "--no-input", "--broker", "kafka")
    from accord.manifest import find_workspace

    message = event_catalog(find_workspace(explicit=root)).publisher("ledger.created")
    where = destination_of(message)
    assert where.describe() == "topic 'ledger.created'"

    async def run() -> tuple[int, int]:
        async with connected("kafka", "127.0.0.1:9092", timeout=5, memory=True) as client:
            queue = await client.subscribe(where)
            await publish_messages(client, message, payloads(message, PublishOptions(generate=True, count=5)))
            result = await receive_messages(message, queue, count=5, timeout=5)
            return result.received, result.conforming

    assert asyncio.run(run()) == (5, 5)


@pytest.mark.parametrize(
    ("publisher", "url", "shown"),
    [
        ("orders", "amqp://guest:secret@127.0.0.1:1/", "rabbitmq broker at amqp://127.0.0.1:1/"),
        ("inventory", "nats://someone:secret@127.0.0.1:1", "nats broker at nats://127.0.0.1:1"),
    ],
)
def test_an_unreachable_broker_is_exit_2_with_its_url_and_cause(
    event_system: EventSystem, publisher: str, url: str, shown: str
) -> None:
    started = time.monotonic()
    event = event_system.event(publisher)
    code, _, err = cli(event_system.root, "events", "publish", event, "--url", url, "--timeout", "2")
    assert code == 2
    assert f"cannot reach the {shown} within 2 s: " in err
    assert "Connect call failed" in err  # the cause, not just a timeout
    assert "secret" not in err
    assert "Traceback" not in err and "error when creating transport" not in err
    assert time.monotonic() - started < 15


def test_refused_credentials_and_another_brokers_url_are_said_as_such(event_system: EventSystem) -> None:
    """Not "start the broker" for a wrong password, nor a timeout for a NATS URL given to RabbitMQ."""
    event = event_system.event("orders")
    wrong = "amqp://guest:not-the-password@127.0.0.1:5672/"
    code, _, err = cli(event_system.root, "events", "publish", event, "--url", wrong, "--timeout", "5")
    assert code == 2
    assert "the rabbitmq broker at amqp://127.0.0.1:5672/ refused the credentials: " in err
    assert "ACCESS_REFUSED" in err
    assert "check the user and password" in err and "not-the-password" not in err
    started = time.monotonic()
    code, _, err = cli(event_system.root, "events", "publish", event, "--url", "nats://127.0.0.1:4222")
    assert code == 2
    assert "nats://127.0.0.1:4222: nats:// is not a scheme a rabbitmq client reads (amqp://, amqps://)" in err
    assert time.monotonic() - started < 10  # refused before any connection is tried
    assert "Traceback" not in err


def test_given_data_is_validated_before_anything_is_sent(event_system: EventSystem) -> None:
    code, _, err = cli(
        event_system.root, "events", "publish", event_system.event("orders"), "--data", '{"id": 1}'
    )
    assert code == 2
    assert "asyncapi.yaml:" in err
    assert "--data does not conform" in err and "'name' is a required property" in err.replace('"', "'")

    code, _, err = cli(
        event_system.root, "events", "publish", event_system.event("orders"), "--example", "big"
    )
    assert code == 2
    assert "no example named 'big' (examples: none)" in err

    code, _, err = cli(event_system.root, "events", "publish", "nothing.sent")
    assert code == 2
    assert f"events sent: {event_system.event('billing')}" in err


def test_a_broken_asyncapi_contract_is_exit_2_naming_the_file(
    event_system: EventSystem, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(event_system.root, copy, ignore=shutil.ignore_patterns(".accord"))
    broken = copy / "services" / event_system.name("stock") / "asyncapi.yaml"
    broken.write_text(broken.read_text().replace("channels:", "channels: [\n", 1))

    code, _, err = cli(copy, "events", "publish", event_system.event("stock"))

    assert code == 2
    assert "asyncapi.yaml" in err
    assert "Traceback" not in err


def test_a_published_event_reaches_the_subscriber_scaffolded_for_it(
    event_system: EventSystem, tmp_path: Path
) -> None:
    from accord.apps import serve_app_process

    billing = event_system.name("billing")
    env = {k: v for k, v in os.environ.items() if k not in BROKER_VARIABLES}
    served = serve_app_process(
        f"{billing}_service.app:app", event_system.path("billing"), env=env, log_file=tmp_path / "billing.log"
    )
    with served as url:
        _wait_ready(url)
        data = json.dumps({"id": "order-1", "name": "boxed"})
        code, out, _ = cli(
            event_system.root, "events", "publish", event_system.event("orders"), "--data", data
        )
        assert code == 0, out
        assert "published 1" in out
        sent = {"event": event_system.event("orders"), "body": {"id": "order-1", "name": "boxed"}}
        # billing's queue is durable: events other tests published before it started arrive too.
        assert _received(f"{url}/{billing}/events", sent).count(sent) == 1


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
            return
        time.sleep(0.2)
    raise AssertionError("the subscriber never connected to its broker")


def _received(url: str, expected: object = None) -> list[object]:
    """What the subscriber has received once `expected` is among it, or once anything arrived
    when no message is expected in particular (or after 15 s)."""
    deadline = time.monotonic() + 15
    found: list[object] = []
    while time.monotonic() < deadline:
        found = httpx.get(url, timeout=5).json()
        if (expected in found) if expected is not None else found:
            return found
        time.sleep(0.2)
    return found
