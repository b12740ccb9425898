"""Two released versions of Stripe's API (2022-11-01 and 2023-09-12): verified findings only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.contracts.diff import Change, diff_contracts
from accord.contracts.model import Contract, load_contract


@pytest.fixture(scope="module")
def stripe(corpus: Path) -> tuple[Contract, Contract]:
    folder = corpus / "stripe"
    return load_contract(folder / "spec3-2022-11-01.yaml"), load_contract(folder / "spec3-2023-09-12.yaml")


@pytest.fixture(scope="module")
def changes(stripe: tuple[Contract, Contract]) -> list[Change]:
    return diff_contracts(*stripe)


def _has(changes: list[Change], check: str, operation: str, text: str) -> bool:
    return any(c.check == check and c.operation == operation and text in c.message for c in changes)


def test_removed_apis_are_breaking(changes: list[Change]) -> None:
    removed = sorted(c.operation for c in changes if c.check == "path-removed")
    # Orders and SKUs were retired between the two versions.
    assert removed == [
        "/v1/orders",
        "/v1/orders/{id}",
        "/v1/orders/{id}/cancel",
        "/v1/orders/{id}/line_items",
        "/v1/orders/{id}/reopen",
        "/v1/orders/{id}/submit",
        "/v1/skus",
        "/v1/skus/{id}",
    ]
    assert all(c.document.path.name == "spec3-2022-11-01.yaml" for c in changes if c.check == "path-removed")


def test_verified_schema_changes(changes: list[Change]) -> None:
    # PaymentIntent lost `charges` (use latest_charge instead).
    assert _has(changes, "response-optional-property-removed", "POST /v1/payment_intents", "$.charges:")
    # Checkout Session cancel_url / success_url became optional and nullable.
    assert _has(changes, "response-property-became-optional", "POST /v1/checkout/sessions", "$.cancel_url:")
    assert _has(changes, "response-nullable-added", "POST /v1/checkout/sessions", "$.success_url:")
    # A webhook event type was withdrawn: clients subscribing to it are refused.
    assert _has(changes, "request-enum-value-removed", "POST /v1/webhook_endpoints", "'invoiceitem.updated'")
    # New capture method a client may now meet in a PaymentIntent.
    assert _has(changes, "response-enum-value-added", "POST /v1/payment_intents", "'automatic_async'")


def test_no_false_alarms_among_breaking_changes(changes: list[Change]) -> None:
    errors = [c for c in changes if c.severity.value == "error"]
    assert {c.check for c in errors} == {
        "path-removed",
        "response-nullable-added",
        "response-property-became-optional",
        "request-enum-value-removed",
        "response-union-branch-added",
    }
    # 25 plus 4 new response shapes: a balance transaction's `source` may now be a customer cash
    # balance transaction, and an upcoming invoice line's invoice_item, subscription and
    # subscription_item, string ids before, may now come back as objects. Clients that decode
    # into the old shapes fail on them.
    assert len(errors) == 29
    new_shapes = sorted(c.message for c in errors if c.check == "response-union-branch-added")
    assert new_shapes == [
        "GET /v1/balance/history/{id}: response 200 application/json $.source: "
        "anyOf branch customer_cash_balance_transaction (object) added",
        "GET /v1/invoices/upcoming/lines: response 200 application/json $.data[].invoice_item: "
        "anyOf branch invoiceitem (object) added",
        "GET /v1/invoices/upcoming/lines: response 200 application/json $.data[].subscription: "
        "anyOf branch subscription (object) added",
        "GET /v1/invoices/upcoming/lines: response 200 application/json $.data[].subscription_item: "
        "anyOf branch subscription_item (object) added",
    ]
    # Every operation present in both versions is still there: no remove+add noise.
    assert not [c for c in changes if c.check in {"operation-removed", "request-parameter-removed"}]


def test_a_shared_schema_change_is_reported_once(changes: list[Change]) -> None:
    keys = [(c.check, c.document.name, c.pointer) for c in changes]
    assert len(keys) == len(set(keys))


def _rename(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {k: (new if k == "$ref" and v == old else _rename(v, old, new)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, old, new) for v in value]
    return value


def test_renaming_a_component_used_everywhere_changes_nothing(
    stripe: tuple[Contract, Contract], tmp_path: Path
) -> None:
    old = stripe[0]
    data = _rename(old.data, "#/components/schemas/customer", "#/components/schemas/the_customer")
    schemas = data["components"]["schemas"]
    schemas["the_customer"] = schemas.pop("customer")
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(data))
    assert diff_contracts(old, load_contract(renamed)) == []
