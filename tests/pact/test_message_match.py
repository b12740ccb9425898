"""A published message against a pact message's contents and matching rules."""

from __future__ import annotations

from accord.contracts.pact.message_match import body_mismatches
from accord.contracts.pact.schemas import MatchingRules


def test_without_rules_the_example_values_must_be_there_and_more_fields_are_fine() -> None:
    expected = {"id": "o-1", "total": 3}
    assert body_mismatches(expected, {"id": "o-1", "total": 3, "extra": True}, MatchingRules({})) == []
    assert body_mismatches(expected, {"id": "o-2", "total": 3}, MatchingRules({})) == [
        ("$.id", 'expected "o-1" but was "o-2"')
    ]
    assert body_mismatches(expected, {"total": 3}, MatchingRules({})) == [
        ("$.id", "the field 'id' is missing")
    ]


def test_a_type_matcher_asks_for_the_type_and_carries_down() -> None:
    type_rule = MatchingRules({"$.order": {"matchers": [{"match": "type"}]}})
    expected = {"order": {"id": "o-1", "lines": [{"sku": "a"}]}}
    actual = {"order": {"id": "o-9", "lines": [{"sku": "b"}, {"sku": "c"}]}}
    assert body_mismatches(expected, actual, type_rule) == []
    wrong = {"order": {"id": 9, "lines": []}}
    assert body_mismatches(expected, wrong, type_rule) == [("$.order.id", "expected a string but was 9")]


def test_regex_integer_and_number_matchers() -> None:
    matching = MatchingRules(
        {
            "$.id": {"matchers": [{"match": "regex", "regex": "^p-[0-9]+$"}]},
            "$.count": {"matchers": [{"match": "integer"}]},
            "$.amount": {"matchers": [{"match": "number"}]},
        }
    )
    expected = {"id": "p-1", "count": 1, "amount": 1.5}
    assert body_mismatches(expected, {"id": "p-42", "count": 7, "amount": 3}, matching) == []
    found = body_mismatches(expected, {"id": "x-1", "count": 1.5, "amount": "3"}, matching)
    assert [path for path, _ in found] == ["$.id", "$.count", "$.amount"]
    assert "does not match the regex '^p-[0-9]+$'" in found[0][1]


def test_a_wildcard_rule_applies_to_every_item() -> None:
    each = MatchingRules({"$.items[*].qty": {"matchers": [{"match": "integer"}]}})
    expected = {"items": [{"qty": 1}, {"qty": 2}]}
    assert body_mismatches(expected, {"items": [{"qty": 5}, {"qty": 6}]}, each) == []
    assert body_mismatches(expected, {"items": [{"qty": 5}, {"qty": "6"}]}, each) == [
        ("$.items[1].qty", '"6" does not satisfy the integer matcher')
    ]


def test_the_most_specific_rule_decides_alone_as_in_pact_check() -> None:
    """`$.items[0].qty` is more specific than `$.items[*].qty`: at the first item only its type
    rule applies (a decimal is a number), at the others the integer rule does."""
    rules = MatchingRules(
        {
            "$.items[*].qty": {"matchers": [{"match": "integer"}]},
            "$.items[0].qty": {"matchers": [{"match": "type"}]},
        }
    )
    expected = {"items": [{"qty": 1}, {"qty": 2}]}
    assert body_mismatches(expected, {"items": [{"qty": 2.5}, {"qty": 3}]}, rules) == []
    assert body_mismatches(expected, {"items": [{"qty": 2}, {"qty": 3.5}]}, rules) == [
        ("$.items[1].qty", "3.5 does not satisfy the integer matcher")
    ]
