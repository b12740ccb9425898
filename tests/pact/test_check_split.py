"""`pact check` against a contract split over several files: parameters, bodies, responses,
path items and operations `$ref`'d into other files, whose own `$ref`s ("#/...") point into
the file they are written in (the root holds look-alikes under the same pointers). A parameter
declared by `$ref` is read as the type it refers to (`1` is an integer id)."""

from __future__ import annotations

from accord.contracts.pact.check import check_pacts
from tests.pact.conftest import PACT_FIXTURES

SPLIT = PACT_FIXTURES / "split"


def _unchecked(pattern: str) -> str:
    return (
        f"the provider's pattern {pattern!r} was not checked: it needs a backtracking regex engine "
        "(invalid perl operator: (?=), which hostile input can stall"
    )


def test_each_part_is_read_in_the_file_it_is_written_in() -> None:
    report = check_pacts(None, [SPLIT / "web-split.json"], SPLIT / "openapi.yaml")

    found = [(f.rule, f.line, f.message.removeprefix("web -> split: ")) for f in report.findings]
    by_name = "'a thing asked for by name'"
    stored = "'a thing stored'"
    stock = "'a stock level'"
    assert found == [
        ("pact-check.parameter", 7, f"{by_name}: path parameter 'id' = 'x': 'x' is not of type 'integer'"),
        ("pact-check.response-body", 11, f"{by_name}: response body $.name: 5 is not of type 'string'"),
        ("pact-check.regex", 8, f"{by_name}: {_unchecked('^(?=c)[a-z]+$')}"),  # the query parameter's
        ("pact-check.regex", 8, f"{by_name}: {_unchecked('^(?=t)[a-z]+$')}"),  # the response's
        ("pact-check.request-body", 20, f"{stored}: request body $.name: 1 is not of type 'string'"),
        ("pact-check.regex", 22, f"{stored}: {_unchecked('^(?=n)[a-z]+$')}"),  # the request body's
        (
            "pact-check.parameter",
            26,
            f"{stock}: path parameter 'sku' = 'abc': 'abc' does not match '^[A-Z]{{3}}$'",
        ),
        (
            "pact-check.parameter",
            26,
            f"{stock}: query parameter 'warehouse' = 'w': 'w' is not of type 'integer'",
        ),
        ("pact-check.response-body", 30, f"{stock}: response body $.level: 'high' is not of type 'integer'"),
    ]
