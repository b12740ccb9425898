"""The app and its contract (openapi.yaml) agree: same operations, and schemathesis finds no mismatch."""

from __future__ import annotations

from pathlib import Path

import schemathesis
import yaml
from hypothesis import HealthCheck, settings

from {{ cookiecutter.package_name }}.app import app

CONTRACT = Path(__file__).resolve().parent.parent / "openapi.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _operations(document: dict) -> set[tuple[str, str]]:
    return {
        (path, method)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


def test_app_serves_exactly_the_operations_of_the_contract() -> None:
    contract = yaml.safe_load(CONTRACT.read_text())
    assert _operations(app.openapi()) == _operations(contract)


def test_documented_status_codes_cover_the_app() -> None:
    contract = yaml.safe_load(CONTRACT.read_text())
    for path, item in app.openapi()["paths"].items():
        for method, operation in item.items():
            documented = set(contract["paths"][path][method]["responses"])
            assert set(operation["responses"]) <= documented, (method, path)


schema = schemathesis.openapi.from_path(CONTRACT)
schema.app = app


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_app_conforms_to_contract(case: schemathesis.Case, client: object) -> None:
    # `client` runs the app's startup (and the in-memory broker, where there is one).
    case.call_and_validate()
