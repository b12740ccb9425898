"""`pact check` holds each body to the schema of its media type: the exact type, the type
without its parameters (`;charset=...` on either side), then `type/*` and `*/*`; a JSON entry
when the pact names no type; the one schema of a Swagger 2.0 contract whatever the type. A type
the provider does not declare, or a body where it declares none, is named."""

from __future__ import annotations

from accord.contracts.pact.check import check_pacts
from tests.pact.conftest import PACT_FIXTURES

MEDIA = PACT_FIXTURES / "media"
TOO_LONG = "$: 'long' is too long"


def _found(pact: str, contract: str) -> list[tuple[str, int, str]]:
    report = check_pacts(None, [MEDIA / pact], MEDIA / contract)
    provider = contract.removesuffix(".yaml")
    return [(f.rule, f.line, f.message.removeprefix(f"web -> {provider}: ")) for f in report.findings]


def test_each_body_is_held_to_the_schema_of_its_media_type() -> None:
    assert _found("web-media.json", "media.yaml") == [
        # text/plain, not the JSON entry; the answer's text/plain falls under `text/*`
        ("pact-check.request-body", 17, f"'a note sent as text': request body {TOO_LONG}"),
        ("pact-check.response-body", 24, f"'a note sent as text': response body {TOO_LONG}"),
        (
            "pact-check.request-body",
            35,
            "'a note sent as JSON with a charset': request body $.text: 1 is not of type 'string'",
        ),
        ("pact-check.request-body", 51, "'a note sent as CSV': the provider does not accept a text/csv body"),
        # 404 falls under 4XX, declared as `application/problem+json; charset=utf-8`
        (
            "pact-check.response-body",
            74,
            "'a note refused': response body $.title: 5 is not of type 'string'",
        ),
        ("pact-check.response-body", 95, f"'a note read as text': response body {TOO_LONG}"),
        # a boolean query value is read as one: `false` is not the `true` the provider allows
        (
            "pact-check.parameter",
            103,
            "'a note read without a type': query parameter 'full' = 'false': False is not one of [True]",
        ),
        # no type named: the JSON entry, though text/plain comes first
        (
            "pact-check.response-body",
            111,
            "'a note read without a type': response body $.text: 1 is not of type 'string'",
        ),
        (
            "pact-check.response-body",
            111,
            "'a note read without a type': response body $.count: 1.5 is not of type 'integer', 'null'",
        ),
        # nullable integers are still integers; a matcher on a field the provider lacks is let be
        (
            "pact-check.matcher",
            115,
            "'a note read without a type': $.count: "
            "the consumer expects decimals; the provider declares integers",
        ),
        (
            "pact-check.response-body",
            146,
            "'a note read as CSV': the provider declares no text/csv response for status 200",
        ),
        (
            "pact-check.response-body",
            157,
            "'a gone note with a body': the provider declares no body response for status 204",
        ),
        ("pact-check.response-body", 171, f"'a file of any type': response body {TOO_LONG}"),  # */*
        ("pact-check.response-body", 182, f"'a file without a type': response body {TOO_LONG}"),
    ]


def test_a_swagger_2_body_of_any_type_is_held_to_its_one_schema() -> None:
    # the contract consumes and produces application/xml; the pact speaks JSON
    assert _found("web-legacy.json", "legacy.yaml") == [
        (
            "pact-check.request-body",
            17,
            "'a note sent as JSON': request body $.n: 'x' is not of type 'integer'",
        ),
        (
            "pact-check.response-body",
            26,
            "'a note sent as JSON': response body $.n: 'y' is not of type 'integer'",
        ),
    ]
