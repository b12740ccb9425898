"""Checks on JSON Schema 2020-12 keywords (OpenAPI 3.1): a keyword that adds a constraint, added
to a request schema, refuses values clients send today; removed from a response schema, it lets
the server send values clients never met. Subschemas under these keywords are compared by the
walker like any other schema, so every schema check applies inside them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.pairs import SchemaPair
from accord.contracts.diff.registry import Scope, check
from accord.contracts.diff.schemas import SchemaView, fingerprint
from accord.contracts.diff.subschemas import sub
from accord.report import Severity

BREAKING, MAY_BREAK = Severity.error, Severity.warning

# keyword -> what a value must do once the keyword is there
CONSTRAINTS: dict[str, str] = {
    "if": "match the then/else schema chosen by the new condition",
    "then": "match `then` when they match `if`",
    "else": "match `else` when they do not match `if`",
    "not": "not match the `not` schema",
    "contains": "hold an item matching `contains`",
    "prefixItems": "match a schema at each listed position",
    "dependentRequired": "carry the properties another property now depends on",
    "dependentSchemas": "match a schema whenever a given property is present",
    "patternProperties": "have properties whose names match a pattern match its schema",
    "propertyNames": "have only property names valid for `propertyNames`",
    "unevaluatedProperties": "carry no property other schemas did not evaluate (or match its schema)",
    "unevaluatedItems": "carry no item other schemas did not evaluate (or match its schema)",
    "uniqueItems": "hold no duplicate items",
    "contentSchema": "carry encoded content valid for `contentSchema`",
    "items": "hold items valid for `items` (or none past prefixItems, for `items: false`)",
    "additionalProperties": "have properties not listed in `properties` match a schema",
}
# keywords of encoded strings: any change makes the other side decode the old way
ENCODINGS = ("contentMediaType", "contentEncoding")


def raw(view: SchemaView, keyword: str) -> tuple[Any, str, Any]:
    """The value of a keyword (on the schema or an allOf member), its pointer and document."""
    origin, pointer = view.at(keyword)
    data = origin.value if isinstance(origin.value, dict) else {}
    return data.get(keyword), pointer, origin.document


def _entries(keyword: str, value: Any) -> set[Any]:
    """What a keyword constrains, as a set: more entries, more constraint."""
    if keyword == "uniqueItems":
        return {True} if value is True else set()
    if value is None or value is True or value == {}:
        return set()
    if keyword in ("items", "additionalProperties") and value is False:
        return {"present", "false"}
    if keyword == "prefixItems":
        return set(range(len(value))) if isinstance(value, list) else set()
    if keyword in ("dependentRequired", "dependentSchemas", "patternProperties") and not isinstance(
        value, dict
    ):
        return set()  # not a schema keyword's shape: validate reports it, diff ignores it
    if keyword == "dependentRequired":
        return {(k, str(n)) for k, names in value.items() if isinstance(names, list) for n in names}
    if keyword in ("dependentSchemas", "patternProperties"):
        return set(value)
    return {"present"}


def _show(keyword: str, entries: set[Any]) -> str:
    if "present" in entries or keyword == "uniqueItems":
        return f"{keyword}: false" if "false" in entries else keyword
    if keyword == "prefixItems":
        return f"prefixItems position(s) {', '.join(str(i) for i in sorted(entries))}"
    if keyword == "dependentRequired":
        return "dependentRequired " + ", ".join(f"{k} -> {n}" for k, n in sorted(entries))
    return f"{keyword} " + ", ".join(repr(k) for k in sorted(entries))


def _kebab(keyword: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in keyword)


def _added(keyword: str, request: bool) -> Callable[[SchemaPair], Iterator[Hit]]:
    def added(p: SchemaPair) -> Iterator[Hit]:
        if p.request != request:
            return
        before, after = (p.old, p.new) if request else (p.new, p.old)
        value = raw(after, keyword)[0]
        if value is None:  # most schemas have none of these keywords
            return
        gained = _entries(keyword, value) - _entries(keyword, raw(before, keyword)[0])
        if request and keyword == "additionalProperties" and value is False:
            return  # request-additional-properties-disallowed says it
        if gained:
            _, pointer, document = raw(after, keyword)
            verb = "added" if request else "removed"
            yield Hit(
                f"{_show(keyword, gained)} {verb}", document, pointer, Side.new if request else Side.old
            )

    return added


for _keyword, _meaning in CONSTRAINTS.items():
    check(
        Scope.schema,
        f"request-{_kebab(_keyword)}-added",
        BREAKING,
        f"values must now {_meaning}: values clients send today may be refused",
        keywords=[_keyword],
    )(_added(_keyword, request=True))
    check(
        Scope.schema,
        f"response-{_kebab(_keyword)}-removed",
        MAY_BREAK,
        f"values no longer must {_meaning}: clients may rely on it",
        keywords=[_keyword],
    )(_added(_keyword, request=False))


def _encoding(keyword: str) -> Callable[[SchemaPair], Iterator[Hit]]:
    def encoding(p: SchemaPair) -> Iterator[Hit]:
        before, after = raw(p.old, keyword)[0], raw(p.new, keyword)[0]
        # A request keyword newly set, or a response keyword dropped, is a change too.
        if before != after and (after is not None if p.request else before is not None):
            _, pointer, document = raw(p.new, keyword)
            yield Hit(f"{keyword} changed from {before or 'none'} to {after or 'none'}", document, pointer)

    return encoding


for _keyword in ENCODINGS:
    for _direction, _why in (
        ("request", "clients encode the value the old way and the server decodes it the new way"),
        ("response", "clients decode the value the old way"),
    ):
        check(Scope.schema, f"{_direction}-{_kebab(_keyword)}-changed", BREAKING, _why, keywords=[_keyword])(
            _encoding(_keyword)
        )


def _condition(keyword: str, meaning: str) -> Callable[[SchemaPair], Iterator[Hit]]:
    def condition(p: SchemaPair) -> Iterator[Hit]:
        a, b = sub(p.old, keyword), sub(p.new, keyword)
        if a is not None and b is not None and fingerprint(p.old_api, a) != fingerprint(p.new_api, b):
            yield Hit(f"{meaning} changed", b.document, b.pointer)

    return condition


check(
    Scope.schema,
    "if-condition-changed",
    MAY_BREAK,
    "values may now fall under the other branch (then/else) and be judged by other constraints",
    keywords=["if"],
)(_condition("if", "the if condition"))
# What `not` refuses changed: compared as a whole, since accepting more inside `not` is
# accepting less outside it and the other way round.
check(
    Scope.schema,
    "request-not-changed",
    BREAKING,
    "the `not` schema refuses other values: values clients send today may now be refused",
    keywords=["not"],
)(_condition("not", "the `not` schema"))
check(
    Scope.schema,
    "response-not-changed",
    MAY_BREAK,
    "the `not` schema excludes other values: clients may meet values it excluded before",
    keywords=["not"],
)(_condition("not", "the `not` schema"))


@check(
    Scope.schema,
    "request-default-changed",
    MAY_BREAK,
    "clients that omit the value get another behaviour: still accepted, so a warning, but the "
    "meaning of their requests changes",
    keywords=["default"],
)
def request_default_changed(p: SchemaPair) -> Iterator[Hit]:
    before, _, _ = raw(p.old, "default")
    after, pointer, document = raw(p.new, "default")
    if before is not None and before != after:
        yield Hit(f"default changed from {before!r} to {after!r}", document, pointer)
