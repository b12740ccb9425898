"""`override()` answers only with what the contract declares, and only to requests it accepts."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from accord.errors import ContractError
from accord.mocks import mock_service

WIDGET = {"id": "w-1", "name": "gear", "price": 9.99}
KEY = {"X-Api-Key": "k"}


def test_an_override_body_that_breaks_the_contract_is_refused(features: Path) -> None:
    with (
        mock_service(features, "http://widgets.internal") as widgets,
        pytest.raises(ContractError) as refused,
    ):
        widgets.override("GET", "/widgets/{widgetId}", json_body={"id": "w-1", "name": "gear", "price": "9"})
    assert str(refused.value).startswith(
        "the override of GET /widgets/{widgetId} with status 200: the body does not match the contract: "
    )
    assert '"9" is not of type "number"' in str(refused.value)
    assert "pass validate=False" in str(refused.value)


def test_an_override_with_a_status_the_contract_does_not_declare_is_refused(features: Path) -> None:
    with mock_service(features, "http://widgets.internal") as widgets:
        with pytest.raises(ContractError, match=r"does not declare it \(declared: 200, 401, 404\)"):
            widgets.override("GET", "/widgets/w-1", status=503, json_body={"code": 503, "message": "down"})
        with pytest.raises(ContractError, match="the contract has no such operation"):
            widgets.override("PATCH", "/gadgets", json_body={})


def test_validate_false_answers_with_anything(features: Path) -> None:
    with mock_service(features, "http://widgets.internal") as widgets:
        widgets.override("GET", "/widgets/{widgetId}", status=503, json_body={"down": True}, validate=False)
        answer = httpx.get("http://widgets.internal/widgets/w-1", headers=KEY)
    assert (answer.status_code, answer.json()) == (503, {"down": True})


def test_requests_to_an_overridden_operation_are_still_validated(features: Path) -> None:
    with mock_service(features, "http://widgets.internal") as widgets:
        widgets.override("PUT", "/widgets/{widgetId}", json_body={**WIDGET, "name": "cog"})
        accepted = httpx.put(
            "http://widgets.internal/widgets/w-1", json={"name": "cog", "price": 1}, headers=KEY
        )
        invalid = httpx.put("http://widgets.internal/widgets/w-1", json={"name": ""}, headers=KEY)
        anonymous = httpx.put("http://widgets.internal/widgets/w-1", json={"name": "cog", "price": 1})
    assert (accepted.status_code, accepted.json()["name"]) == (200, "cog")
    assert invalid.status_code == 422
    assert anonymous.status_code == 401
