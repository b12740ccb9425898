"""The mock reads an urlencoded form as the object its schema describes, then validates it.

A form carries only text: `a[b]=1` nests, `a[]=x` and repeated fields collect into a list, and
each value takes the type its schema declares (also when only an `allOf`/`anyOf`/`oneOf` part or
a `$ref` declares it), so a user sees the same verdicts as for the JSON body of the same object.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.mocks.http import MockRequest
from accord.mocks.openapi_app import OpenAPIMock, load_mock
from tests.conftest import FIXTURES

FORM = {"content-type": "application/x-www-form-urlencoded"}
ORDER = "item=bolt&qty=2"  # the smallest order the contract accepts
NOT_ANY_OF = "is not valid under any of the schemas listed in the 'anyOf' keyword"


@pytest.fixture
def mock() -> OpenAPIMock:
    return load_mock(FIXTURES / "mocks" / "forms.yaml")


def _post(mock: OpenAPIMock, form: str | bytes) -> tuple[int, list[Any]]:
    body = form.encode() if isinstance(form, str) else form
    answer = mock.handle(MockRequest("POST", "/orders", "", FORM, body))
    errors = json.loads(answer.body)["errors"] if answer.body else []
    return answer.status, [(e["rule"], e["in"], e["message"]) for e in errors]


@pytest.mark.parametrize(
    "form",
    [
        ORDER,
        f"{ORDER}&price=1.5&price=2&gift=true&gift=false&note=",
        f"{ORDER}&tags[]=1&tags[]=2&tags=3",
        f"{ORDER}&tags=7",  # one field of an array schema is a list of one
        f"{ORDER}&lines[1][sku]=b&lines[0][count]=3",  # indexed fields are list items
        f"{ORDER}&address[city]=Ghent&address[zip]=9000",
        f"{ORDER}&extras[any]=thing",
        f"{ORDER}&coupon=5&voucher=true&cash=2.5",  # declared by allOf, a $ref in anyOf, oneOf
        "item=nut&item=bolt&qty=-1&qty=2",  # a repeated scalar field: the last one counts
        f"{ORDER}&price=-0.5e3&gift[]=true",
        f"{ORDER}&size=9&codes=1&codes[]=2&nothing=&amount=3",  # through `$ref`s, type lists, anyOf
    ],
)
def test_a_form_that_matches_its_schema_is_accepted(mock: OpenAPIMock, form: str) -> None:
    assert _post(mock, form) == (201, [])


def _not_under(keyword: str, field: str) -> tuple[str, str, str]:
    body = (
        "{"
        + ",".join(sorted(['"codes":[]', '"extras":{}', '"item":"bolt"', '"lines":[]', '"qty":2', field]))
        + "}"
    )
    message = f"{body} is not valid under any of the schemas listed in the '{keyword}' keyword"
    return ("invalid-body", "body", message)


def _wrong_type(where: str, value: str, kind: str) -> tuple[str, str, str]:
    return ("invalid-body", where, f'"{value}" is not of type "{kind}"')


@pytest.mark.parametrize(
    ("form", "errors"),
    [
        (f"{ORDER}&qty=x", [_wrong_type("body.qty", "x", "integer")]),
        (f"{ORDER}&price=1_000", [_wrong_type("body.price", "1_000", "number")]),
        (f"{ORDER}&gift=yes", [_wrong_type("body.gift", "yes", "boolean")]),
        (f"{ORDER}&tags[]=1&tags[]=x", [_wrong_type("body.tags.1", "x", "integer")]),
        (f"{ORDER}&tags=x", [_wrong_type("body.tags.0", "x", "integer")]),
        (f"{ORDER}&tags=1&tags=x", [_wrong_type("body.tags.1", "x", "integer")]),
        (f"{ORDER}&tags[2]=1&tags[10]=x", [_wrong_type("body.tags.1", "x", "integer")]),  # by number
        (f"{ORDER}&size=10", [("invalid-body", "body.size", "10 is greater than the maximum of 9")]),
        (f"{ORDER}&codes=10", [("invalid-body", "body.codes.0", "10 is greater than the maximum of 9")]),
        (f"{ORDER}&nothing=x", [_wrong_type("body.nothing", "x", "null")]),
        (f"{ORDER}&amount=0", [("invalid-body", "body.amount", f"0 {NOT_ANY_OF}")]),
        ("item=&qty=2", [("invalid-body", "body.item", '"" is not one of "bolt" or "nut"')]),  # kept blank
        (f"{ORDER}&lines[1][count]=x&lines[0][count]=1", [_wrong_type("body.lines.1.count", "x", "integer")]),
        (f"{ORDER}&address[city]=Ghent&address[zip]=x", [_wrong_type("body.address.zip", "x", "integer")]),
        (
            f"{ORDER}&address[zip]=1",
            [("invalid-body", "body.address", '"city" is a required property')],
        ),
        (f"{ORDER}&coupon=x", [_wrong_type("body.coupon", "x", "integer")]),
        (f"{ORDER}&cash=x", [_not_under("oneOf", '"cash":"x"')]),
        (
            "item=bolt&item=rivet&qty=2",
            [("invalid-body", "body.item", '"rivet" is not one of "bolt" or "nut"')],
        ),
        (
            "item=bolt",
            [("invalid-body", "body", '"qty" is a required property')],
        ),
    ],
)
def test_a_form_that_breaks_its_schema_is_refused_naming_the_field(
    mock: OpenAPIMock, form: str, errors: list[tuple[str, str, str]]
) -> None:
    assert _post(mock, form) == (422, errors)


def test_an_empty_form_is_an_empty_object_missing_its_required_fields(mock: OpenAPIMock) -> None:
    status, errors = _post(mock, "")

    assert status == 422
    assert errors == [
        ("invalid-body", "body", '"item" is a required property'),
        ("invalid-body", "body", '"qty" is a required property'),
    ]


def test_required_lists_and_objects_that_a_form_cannot_carry_are_empty(mock: OpenAPIMock) -> None:
    # `lines` (an array) and `extras` (an object) are required; a form without them reads as
    # `[]` and `{}`, the only way a form says "empty" — as the messages, which show the body, tell.
    assert _post(mock, f"{ORDER}&voucher=no") == (422, [_not_under("anyOf", '"voucher":"no"')])


def test_bytes_that_are_not_utf8_are_read_as_replacement_characters(mock: OpenAPIMock) -> None:
    assert _post(mock, b"item=\xff&qty=2") == (
        422,
        [("invalid-body", "body.item", '"\ufffd" is not one of "bolt" or "nut"')],
    )


def _order_kit(mock: OpenAPIMock, form: str) -> tuple[int, list[Any]]:
    answer = mock.handle(MockRequest("POST", "/kits", "", FORM, form.encode()))
    errors = json.loads(answer.body)["errors"] if answer.body else []
    return answer.status, [(e["rule"], e["in"], e["message"]) for e in errors]


def test_fields_declared_in_a_part_of_a_part_are_typed_and_a_required_list_is_empty(
    mock: OpenAPIMock,
) -> None:
    # `parts` is not sent: a required list reads as `[]`; `free` may be anything (`true`)
    assert _order_kit(mock, "count=5&free=x") == (201, [])
    assert _order_kit(mock, "count=10") == (
        422,
        [("invalid-body", "body.count", "10 is greater than the maximum of 9")],
    )
