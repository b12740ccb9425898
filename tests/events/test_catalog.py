"""Reading events from AsyncAPI contracts: where each lives on the broker, its schemas and
examples, and how a received body is read (no broker needed)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from accord.errors import ConfigError, InputError
from accord.events import EventCatalog, destination, event_catalog
from accord.events.client import Received, shown_url
from accord.events.payloads import decode, header_problems, payload_schema, sample
from accord.events.rules import message_findings, schema_warning
from accord.manifest import find_workspace

SYSTEM = Path(__file__).resolve().parents[1] / "fixtures" / "events" / "bindings"


@pytest.fixture(scope="module")
def catalog() -> EventCatalog:
    return event_catalog(find_workspace(explicit=SYSTEM))


def test_amqp_bindings_place_the_event(catalog: EventCatalog) -> None:
    posted = catalog.publisher("ledger.posted")
    where = destination("rabbitmq", posted.event, posted.bindings)
    assert (where.exchange, where.exchange_type, where.exchange_durable) == ("ledger", "direct", False)
    assert where.describe() == "exchange 'ledger' (direct), routing key 'ledger.posted'"
    audit = catalog.publisher("ledger.audit")
    assert destination("rabbitmq", audit.event, audit.bindings).describe() == (
        "queue 'ledger-audit-queue' (default exchange)"
    )


def test_without_bindings_the_scaffold_convention_holds() -> None:
    assert destination("rabbitmq", "orders.created").describe() == (
        "exchange 'events' (topic), routing key 'orders.created'"
    )
    assert destination("nats", "orders.created").describe() == "subject 'orders.created'"
    assert destination("redis", "orders.created").describe() == "channel 'orders.created'"
    assert (
        destination("kafka", "orders.created", {"kafka": {"topic": "orders"}}).describe() == "topic 'orders'"
    )
    with pytest.raises(ConfigError, match="events need a broker"):
        destination("none", "orders.created")


def test_examples_headers_and_content_types(catalog: EventCatalog) -> None:
    posted = catalog.publisher("ledger.posted")
    assert posted.action == "send" and posted.name == "Posted"
    assert sample(posted) == ({"entry": "e-1", "amount": 3.5}, {"x-tenant": "acme", "x-version": "2"})
    assert header_problems(posted, {"x-tenant": "acme", "x-version": "2"}) == []
    assert header_problems(posted, {"x-version": "two"}) != []
    assert catalog.publisher("ledger.audit").content_type == "text/plain"


def test_generated_data_conforms_and_given_data_is_validated(catalog: EventCatalog) -> None:
    posted = catalog.publisher("ledger.posted")
    body, _ = sample(posted, generate=True, rng=random.Random(1))
    assert body["amount"] >= 0 and isinstance(body["entry"], str)
    with pytest.raises(InputError, match="--data does not conform") as raised:
        sample(posted, data='{"entry": "e", "amount": -1}')
    assert raised.value.line is not None
    with pytest.raises(InputError, match="--data is not JSON"):
        sample(posted, data="{entry")


def test_a_message_without_a_schema_is_a_warning_not_a_crash(catalog: EventCatalog) -> None:
    audit = catalog.publisher("ledger.audit")
    assert [f.rule for f in schema_warning(audit)] == ["event.no-schema"]
    assert message_findings(audit, Received(b"plain text", content_type="text/plain")) == []
    avro = catalog.publisher("ledger.avro")
    assert payload_schema(avro) is None  # Avro is not read as JSON Schema


def test_bodies_are_read_by_content_type(catalog: EventCatalog) -> None:
    assert decode(b'{"a": 1}', "application/json", "application/json").value == {"a": 1}
    assert decode(b"\xff", None, "application/json").problem is not None
    assert decode(b"hi", "text/plain", "application/json").value == "hi"
    assert decode(b"\x00", "image/png", "application/json").problem == (
        "content type 'image/png', but the contract declares 'application/json'"
    )
    raw = catalog.publisher("ledger.raw")
    assert [
        f.rule for f in message_findings(raw, Received(b"\x00\x01", content_type="application/octet-stream"))
    ] == []
    posted = catalog.publisher("ledger.posted")
    rules = [
        f.rule for f in message_findings(posted, Received(b"{nope", {"x-tenant": "a"}, "application/json"))
    ]
    assert rules == ["event.undecodable"]


def test_credentials_never_shown() -> None:
    assert shown_url("amqp://guest:secret@127.0.0.1:5672/") == "amqp://127.0.0.1:5672/"


def test_an_emitted_event_takes_the_fields_it_shares_with_the_request(catalog: EventCatalog) -> None:
    from accord.events.standin import EventEmitter

    emitter = EventEmitter(catalog, seed=1)
    posted = catalog.publisher("ledger.posted")
    body = emitter._payload(posted, {"entry": "from-request", "other": 1})
    assert isinstance(body, dict)
    assert body["entry"] == "from-request" and "other" not in body
    kept = emitter._payload(posted, {"amount": -5})  # would not conform: the generated payload stays
    assert isinstance(kept, dict) and kept["amount"] >= 0
