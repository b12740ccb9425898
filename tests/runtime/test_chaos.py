"""`contracts test SERVICE --chaos` on a system scaffolded from an empty folder: the scaffolded
dependency client degrades gracefully; a client without a timeout, leaking 500s, does not."""

from __future__ import annotations

import json
import sys

import pytest

from tests.runtime.conftest import System

pytestmark = [pytest.mark.slow, pytest.mark.integration]

CHECK_ROUTE = """

@app.get(f"{ROUTE}/stock-check", tags=["items"], responses={503: {"description": "stock unavailable"}})
async def stock_check() -> list[dict[str, Any]]:
%s
"""
SCAFFOLDED_CLIENT = """    from shop_service.dependencies import call

    response = await call("stock", "GET", "/stock/items")
    return list(response.json())"""
NO_TIMEOUT_CLIENT = """    import os

    import httpx

    async with httpx.AsyncClient(timeout=None) as client:  # waits forever, and lets a 5xx through as a 500
        response = await client.get(os.environ["STOCK_URL"] + "/stock/items")
        response.raise_for_status()
    return list(response.json())"""
CHECK_OPERATION = """  /shop/stock-check:
    get:
      operationId: stockCheck
      summary: What stock has
      description: The items of the stock service, or 503 while it is unavailable.
      tags: [items]
      responses:
        '200':
          description: The items.
          content:
            application/json:
              schema: {type: array, items: {type: object}}
        '503':
          description: The stock service is unavailable.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
"""


def shop_calling_stock(system: System, client: str) -> None:
    """shop calls stock in one operation of its own (contract and code), with a policy on the edge."""
    system.scaffold("stock", "--broker", "none")
    shop = system.scaffold("shop", "--broker", "none")
    manifest = system.root / "accord.yaml"
    entry = "\n  shop:\n    path: services/shop\n"
    policy = "    depends_on: [{service: stock, timeout: 1s, retries: 1}]\n    timeout: 3s\n"
    manifest.write_text(manifest.read_text().replace(entry, entry + policy))
    app = shop / "shop_service" / "app.py"
    app.write_text(app.read_text() + CHECK_ROUTE % client)
    contract = shop / "openapi.yaml"
    text = contract.read_text().replace("\ncomponents:\n", "\n" + CHECK_OPERATION + "components:\n")
    contract.write_text(text)


def chaos(system: System, *profiles: str) -> tuple[int, list[dict[str, str]], str]:
    extra = ("--chaos-profiles", ",".join(profiles)) if profiles else ()
    run = system.accord("contracts", "test", "shop", "--chaos", *extra, "--format", "json")
    assert run.code in (0, 1), run.stderr
    return run.code, json.loads(run.stdout)["findings"], run.stderr


def test_the_scaffolded_dependency_client_passes_the_chaos_check(system: System) -> None:
    shop_calling_stock(system, SCAFFOLDED_CLIENT)

    code, findings, stderr = chaos(system)

    assert findings == [], findings
    assert code == 0, stderr
    log = (system.root / ".accord" / "logs" / "shop--chaos-hang.log").read_text()
    assert "dependency unavailable" in log  # the hang was met, and answered with the declared 503
    ci = system.accord("ci", "--steps", "chaos", "--format", "json")
    assert ci.code == 0, ci.stdout + ci.stderr
    assert "chaos" in ci.stderr and "passed" in ci.stderr


def test_a_client_without_timeout_hangs_and_leaks_500s(system: System) -> None:
    shop_calling_stock(system, NO_TIMEOUT_CLIENT)

    code, findings, _ = chaos(system, "errors", "hang")

    assert code == 1
    by_rule = {(f["rule"], f["message"].split(":")[0]) for f in findings}
    assert by_rule == {
        ("resilience.undeclared-status", "GET /shop/stock-check with stock under the errors profile"),
        ("resilience.no-timeout", "GET /shop/stock-check with stock under the hang profile"),
    }
    leak = next(f for f in findings if f["rule"] == "resilience.undeclared-status")
    assert "answered 500" in leak["message"]
    assert "reproduce: accord mocks up shop --chaos errors" in leak["message"]
    assert leak["file"] == "services/shop/openapi.yaml"  # relative to the folder it ran in, as every report
    assert leak["pointer"] == "/paths/~1shop~1stock-check/get"
    assert leak["line"] is not None


def test_chaos_names_an_unknown_profile(system: System) -> None:
    shop_calling_stock(system, SCAFFOLDED_CLIENT)

    run = system.accord("contracts", "test", "shop", "--chaos", "--chaos-profiles", "meteor")

    assert run.code == 2
    assert "no chaos profile named 'meteor'" in run.stderr
    assert "Traceback" not in run.stderr


PROBE = """
import os, sys, httpx
try:
    answer = httpx.get(os.environ["STOCK_URL"] + "/stock/items", timeout=5)
except httpx.ConnectError:
    sys.exit(3)
print(answer.status_code, os.environ["STOCK_TIMEOUT"], os.environ["STOCK_RETRIES"])
"""


def test_mocks_up_runs_a_command_against_a_chaos_profile(system: System) -> None:
    shop_calling_stock(system, SCAFFOLDED_CLIENT)
    manifest = system.root / "accord.yaml"
    teapot = "\nmocks:\n  profiles:\n    teapot: {error_rate: 1, error_status: 418}\n"
    manifest.write_text(manifest.read_text() + teapot)
    probe = ("--", sys.executable, "-c", PROBE)

    failing = system.accord("mocks", "up", "shop", "--chaos", "errors", *probe)
    down = system.accord("mocks", "up", "shop", "--chaos", "down", *probe)
    own = system.accord("mocks", "up", "shop", "--chaos", "teapot", *probe)
    both = system.accord("mocks", "up", "shop", "--chaos", "errors", "--latency", "1s", *probe)

    assert failing.code == 0, failing.stderr
    assert "503 1 1" in failing.stdout  # the declared 5xx, and the edge's policy for the client
    assert down.code == 3  # nothing listens
    assert own.code == 0 and "418 1 1" in own.stdout
    assert both.code == 2 and "either --chaos or fault options" in both.stderr
