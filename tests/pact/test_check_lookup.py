"""`pact check` finds each interaction's operation under the provider's base paths (the path of
each server URL without variables, or Swagger's basePath), preferring a literal path over a
template, and says which path or method the provider lacks."""

from __future__ import annotations

import pytest

from accord.contracts.pact.check import check_pacts
from tests.pact.conftest import PACT_FIXTURES

LOOKUP = PACT_FIXTURES / "lookup"


def _path(description: str, path: str) -> str:
    return f"'{description}': {path} matches no path of the provider's contract"


@pytest.mark.parametrize(
    ("pact", "contract", "expected"),
    [
        (
            "web-things.json",
            "things.yaml",
            [
                # /v1/things/mine is getMine (its body has `mine`), not getThing with id "mine"
                (
                    "pact-check.parameter",
                    39,
                    "'a thing without a server path': path parameter 'id' = 'x': "
                    "'x' is not of type 'integer'",
                ),
                ("pact-check.path", 52, _path("a thing under a templated server", "/beta/things/1")),
                ("pact-check.path", 65, _path("a thing under a look-alike prefix", "/v1x/things/1")),
                (
                    "pact-check.method",
                    77,
                    "'a thing deleted': DELETE /things/{id} is not an operation of the provider "
                    "(it declares: GET)",
                ),
            ],
        ),
        (
            "web-legacy.json",
            "legacy.yaml",
            [
                (
                    "pact-check.parameter",
                    26,
                    "'an item with a wrong id': path parameter 'id' = 'x': 'x' is not of type 'integer'",
                ),
                ("pact-check.path", 39, _path("an item outside the base path", "/items/1")),
            ],
        ),
    ],
)
def test_interactions_are_looked_up_under_the_providers_base_paths(
    pact: str, contract: str, expected: list[tuple[str, int, str]]
) -> None:
    report = check_pacts(None, [LOOKUP / pact], LOOKUP / contract)

    provider = contract.removesuffix(".yaml")
    found = [(f.rule, f.line, f.message.removeprefix(f"web -> {provider}: ")) for f in report.findings]
    assert found == expected
