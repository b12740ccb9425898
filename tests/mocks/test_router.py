"""The mock's router: literal paths before templated ones, the most literal template first,
path parameters decoded, the contract's base path optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.contracts.model import load_contract
from accord.contracts.openapi.operations import read_operations
from accord.mocks.router import Router

ROUTES = Path(__file__).parent.parent / "fixtures" / "mocks" / "routes.yaml"


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(read_operations(load_contract(ROUTES)), "/api/v1")


@pytest.mark.parametrize(
    ("method", "path", "operation", "params"),
    [
        ("GET", "/users", "listUsers", {}),
        ("GET", "/users/", "listUsers", {}),
        ("GET", "/users/me", "me", {}),
        ("GET", "/users/u-7", "getUser", {"userId": "u-7"}),
        ("delete", "/users/u-7", "deleteUser", {"userId": "u-7"}),
        ("GET", "/users/u-7/orders/o-9", "getOrder", {"userId": "u-7", "orderId": "o-9"}),
        ("GET", "/users/u-7/orders/latest", "latestOrder", {"userId": "u-7"}),
        ("GET", "/files/report.json", "getFile", {"name": "report"}),
        ("GET", "/files/a.b.json", "getFile", {"name": "a.b"}),
        ("GET", "/reports/q%201", "getReport", {"report id": "q 1"}),
        ("GET", "/api/v1/users/u-7/orders/o-9", "getOrder", {"userId": "u-7", "orderId": "o-9"}),
    ],
)
def test_a_request_finds_its_operation_and_parameters(
    router: Router, method: str, path: str, operation: str, params: dict[str, str]
) -> None:
    match = router.match(method, path)
    assert match is not None and match.operation is not None
    assert match.operation.operation_id == operation
    assert match.params == params


@pytest.mark.parametrize("path", ["/", "/users/u-7/orders", "/users/u-7/x/y", "/files/report.yaml", "/nope"])
def test_a_path_of_no_template_is_not_found(router: Router, path: str) -> None:
    assert router.match("GET", path) is None


def test_a_known_path_with_another_method_lists_the_allowed_ones(router: Router) -> None:
    match = router.match("PUT", "/users/u-7")
    assert match is not None
    assert match.operation is None
    assert match.allowed == ("DELETE", "GET")


def test_many_templates_route_alike_in_one_regex() -> None:
    """Hundreds of templates (as in large public APIs) each still find their own operation."""
    contract = load_contract(ROUTES)
    base = read_operations(contract)[0]
    operations = [
        base._replace(template=f"/v1/things{n}/{{id}}/parts/{{part}}", operation_id=f"op{n}")
        for n in range(300)
    ]
    router = Router(operations)
    for n in (0, 150, 299):
        match = router.match("GET", f"/v1/things{n}/t-{n}/parts/p%2F{n}")
        assert match is not None and match.operation is not None
        assert match.operation.operation_id == f"op{n}"
        assert match.params == {"id": f"t-{n}", "part": f"p/{n}"}
