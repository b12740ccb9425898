"""Does a real message satisfy a pact message's contents, as pact's matching rules read them?

Without a rule a value must equal the example (an object may carry more keys than the pact
names, a list must have the example's length); a `type` matcher asks for the example's type
only and carries down to what lies below it; `regex`, `integer`, `decimal`, `number`,
`boolean`, `include`, `null`, `equality` and the date and time matchers check what they say.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord.contracts.pact import linear_regex
from accord.contracts.pact.schemas import MatchingRules, json_path

__all__ = ["Mismatch", "body_mismatches"]

Mismatch = tuple[str, str]  # (JSON path, what differs)
_TYPED = {"type", "min", "max"}  # the example's type only
_STRINGS = {"date", "time", "timestamp", "datetime"}


def body_mismatches(expected: Any, actual: Any, rules: MatchingRules) -> list[Mismatch]:
    """Every way `actual` falls short of the pact's `expected` contents under `rules`."""
    return list(_compare(expected, actual, (), rules))


def _compare(expected: Any, actual: Any, path: tuple[str, ...], rules: MatchingRules) -> list[Mismatch]:
    matchers = rules.covering(path)  # as pact check reads them
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [(json_path(path), f"expected an object but was {_shown(actual)}")]
        found: list[Mismatch] = []
        for key, value in expected.items():
            if key not in actual:
                found.append((json_path((*path, key)), f"the field {key!r} is missing"))
            else:
                found += _compare(value, actual[key], (*path, key), rules)
        return found
    if isinstance(expected, list):
        return _compare_list(expected, actual, path, rules, typed=bool(matchers))
    if not matchers:
        if actual == expected and type(actual) is type(expected):
            return []
        return [(json_path(path), f"expected {_shown(expected)} but was {_shown(actual)}")]
    return [(json_path(path), problem) for m in matchers if (problem := _leaf(m, expected, actual))]


def _compare_list(
    expected: list[Any], actual: Any, path: tuple[str, ...], rules: MatchingRules, *, typed: bool
) -> list[Mismatch]:
    if not isinstance(actual, list):
        return [(json_path(path), f"expected a list but was {_shown(actual)}")]
    if not typed:
        if len(actual) != len(expected):
            return [(json_path(path), f"expected {len(expected)} item(s) but there were {len(actual)}")]
        pairs = list(zip(expected, actual, strict=True))
    else:  # each item like the example's first one (pact's min/max type)
        pairs = [(expected[0], item) for item in actual] if expected else []
    found: list[Mismatch] = []
    for index, (want, got) in enumerate(pairs):
        found += _compare(want, got, (*path, str(index)), rules)
    return found


def _leaf(matcher: dict[str, Any], expected: Any, actual: Any) -> str | None:
    kind = matcher.get("match")
    if kind in _TYPED:
        same = _kind(actual) == _kind(expected)
        return None if same else f"expected a {_kind(expected)} but was {_shown(actual)}"
    if kind == "regex":
        pattern = str(matcher.get("regex", ""))
        text = actual if isinstance(actual, str) else None if isinstance(actual, bool) else str(actual)
        fits = linear_regex.fullmatch(pattern, text) if text is not None else False
        if fits is None:
            return f"the regex {pattern!r} is not one pact can run: {linear_regex.unsupported(pattern)}"
        return None if fits else f"{_shown(actual)} does not match the regex {pattern!r}"
    checks: dict[str, Callable[[Any], bool]] = {
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "decimal": lambda v: isinstance(v, float),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
        "equality": lambda v: v == expected,
        "include": lambda v: isinstance(v, str) and str(matcher.get("value", "")) in v,
    }
    check = checks.get(str(kind)) or (_is_text if kind in _STRINGS else None)
    if check is None or check(actual):
        return None  # a matcher accord does not read is not held against the provider
    return f"{_shown(actual)} does not satisfy the {kind} matcher"


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    names: dict[type, str] = {dict: "object", list: "list", str: "string"}
    return names.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    import json

    text = json.dumps(value, default=str)
    return text if len(text) <= 80 else text[:77] + "..."
