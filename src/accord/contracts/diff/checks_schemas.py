"""Checks on the constraints of one schema, judged by direction: a request schema must not
accept less than before, a response schema must not produce more than before."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from accord.contracts.diff.model import Hit, Side
from accord.contracts.diff.pairs import SchemaPair
from accord.contracts.diff.registry import Check, Scope, check
from accord.contracts.diff.schemas import BOUNDS, SchemaView
from accord.report import Severity

BREAKING, MAY_BREAK, CHANGE = Severity.error, Severity.warning, Severity.info


def _hit(view: SchemaView, keyword: str, detail: str, side: Side = Side.new) -> Hit:
    origin, pointer = view.at(keyword)
    return Hit(detail, origin.document, pointer, side)


def _fmt(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types)) or "nothing"


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Every value of a type in `narrow` is valid for `wide` (an integer is a number)."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def scalar_check(
    rule_id: str, severity: Severity, rationale: str, keywords: Iterable[str] = ()
) -> Callable[[Check], Check]:
    """A check of one schema's own constraints; a oneOf/anyOf is compared branch by branch instead."""

    def register(function: Check) -> Check:
        def guarded(p: SchemaPair) -> Iterable[Hit]:
            return () if p.old.branches or p.new.branches else function(p)

        guarded.__doc__, guarded.__name__ = function.__doc__, function.__name__
        check(Scope.schema, rule_id, severity, rationale, keywords=keywords)(guarded)
        return function

    return register


def _type_changed(p: SchemaPair) -> bool:
    return not (_covers(p.new.types, p.old.types) if p.request else _covers(p.old.types, p.new.types))


@scalar_check("request-property-type-changed", BREAKING, "values clients send of the old type are refused")
def request_property_type_changed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and _type_changed(p):
        yield _hit(p.new, "type", f"type changed from {_fmt(p.old.types)} to {_fmt(p.new.types)}")


@scalar_check("response-property-type-changed", BREAKING, "clients parse values of the old type")
def response_property_type_changed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and _type_changed(p):
        yield _hit(p.new, "type", f"type changed from {_fmt(p.old.types)} to {_fmt(p.new.types)}")


# (narrower, wider): every value of the first format is a value of the second
_WIDENINGS = {("int32", "int64"), ("float", "double"), ("int32", None), ("int64", None), ("float", None)}


def _format_widened(narrow: str | None, wide: str | None) -> bool:
    return narrow == wide or wide is None or (narrow, wide) in _WIDENINGS


@scalar_check(
    "request-property-format-changed", BREAKING, "values valid in the old format may be refused", ["format"]
)
def request_property_format_changed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and not _format_widened(p.old.format, p.new.format):
        yield _hit(p.new, "format", f"format changed from {p.old.format or 'none'} to {p.new.format}")


@scalar_check(
    "response-property-format-changed", MAY_BREAK, "clients parse values in the old format", ["format"]
)
def response_property_format_changed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and not _format_widened(p.new.format, p.old.format):
        yield _hit(p.new, "format", f"format changed from {p.old.format} to {p.new.format or 'none'}")


# where an enum comes from: a schema without either has none to compare
ENUM = ("enum", "const")


def _values(values: frozenset[Any]) -> str:
    return ", ".join(sorted(repr(v) for v in values))


@scalar_check("request-enum-value-removed", BREAKING, "clients sending the removed value are refused", ENUM)
def request_enum_value_removed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.old.enum is not None and p.new.enum is not None and p.old.enum - p.new.enum:
        yield _hit(p.new, "enum", f"enum value(s) removed: {_values(p.old.enum - p.new.enum)}")


@scalar_check(
    "request-property-enum-added", BREAKING, "a value that was free is now restricted to a list", ENUM
)
def request_property_enum_added(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.old.enum is None and p.new.enum is not None:
        yield _hit(p.new, "enum", f"values restricted to: {_values(p.new.enum)}")


@scalar_check("request-enum-value-added", CHANGE, "clients may send a new value", ENUM)
def request_enum_value_added(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.old.enum is not None and p.new.enum is not None and p.new.enum - p.old.enum:
        yield _hit(p.new, "enum", f"enum value(s) added: {_values(p.new.enum - p.old.enum)}")


@scalar_check(
    "response-enum-value-added", MAY_BREAK, "clients with an exhaustive switch meet an unknown value", ENUM
)
def response_enum_value_added(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and p.old.enum is not None and p.new.enum is not None and p.new.enum - p.old.enum:
        yield _hit(p.new, "enum", f"enum value(s) added: {_values(p.new.enum - p.old.enum)}")


@scalar_check(
    "response-property-enum-removed", MAY_BREAK, "the value is no longer limited to the listed values", ENUM
)
def response_property_enum_removed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and p.old.enum is not None and p.new.enum is None:
        yield _hit(p.new, "type", f"enum {_values(p.old.enum)} removed: any value may come back")


@scalar_check("response-enum-value-removed", CHANGE, "the server no longer returns the value", ENUM)
def response_enum_value_removed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and p.old.enum is not None and p.new.enum is not None and p.old.enum - p.new.enum:
        yield _hit(p.new, "enum", f"enum value(s) removed: {_values(p.old.enum - p.new.enum)}")


@check(Scope.schema, "request-nullable-removed", BREAKING, "clients sending null are refused")
def request_nullable_removed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.old.nullable and not p.new.nullable:
        yield _hit(p.new, "nullable", "no longer accepts null")


@check(Scope.schema, "response-nullable-added", BREAKING, "clients not expecting null fail on it")
def response_nullable_added(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and p.new.nullable and not p.old.nullable:
        yield _hit(p.new, "nullable", "may now be null")


@scalar_check(
    "request-pattern-changed", BREAKING, "values matching the old pattern may be refused", ["pattern"]
)
def request_pattern_changed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and p.new.pattern and p.new.pattern != p.old.pattern:
        yield _hit(p.new, "pattern", f"pattern changed from {p.old.pattern!r} to {p.new.pattern!r}")


@scalar_check("response-pattern-changed", MAY_BREAK, "clients may rely on the old pattern", ["pattern"])
def response_pattern_changed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and p.old.pattern and p.new.pattern != p.old.pattern:
        yield _hit(p.new, "pattern", f"pattern changed from {p.old.pattern!r} to {p.new.pattern!r}")


def _multiple_ok(wide: float | None, narrow: float | None) -> bool:
    """Every multiple of `narrow` is a multiple of `wide`."""
    if wide is None:
        return True
    return narrow is not None and (narrow / wide) == int(narrow / wide)


@scalar_check(
    "request-multiple-of-changed",
    BREAKING,
    "values valid for the old multipleOf may be refused",
    ["multipleOf"],
)
def request_multiple_of_changed(p: SchemaPair) -> Iterator[Hit]:
    if p.request and not _multiple_ok(p.new.multiple_of, p.old.multiple_of):
        yield _hit(p.new, "multipleOf", f"multipleOf changed from {p.old.multiple_of} to {p.new.multiple_of}")


@scalar_check(
    "response-multiple-of-changed", MAY_BREAK, "clients may rely on the old multipleOf", ["multipleOf"]
)
def response_multiple_of_changed(p: SchemaPair) -> Iterator[Hit]:
    if not p.request and not _multiple_ok(p.old.multiple_of, p.new.multiple_of):
        yield _hit(p.new, "multipleOf", f"multipleOf changed from {p.old.multiple_of} to {p.new.multiple_of}")


def _tighter(keyword: str, old: tuple[float, bool] | None, new: tuple[float, bool] | None) -> bool:
    """The new bound excludes values the old one allowed (no bound allows everything)."""
    if new is None:
        return False
    if old is None:
        return True
    upper = BOUNDS[keyword][0]
    if old[0] != new[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def _show(bound: tuple[float, bool] | None) -> str:
    if bound is None:
        return "none"
    return f"{bound[0]:g}{' (exclusive)' if bound[1] else ''}"


def _bound_check(
    keyword: str, request: bool, newly_set: bool = False
) -> Callable[[SchemaPair], Iterator[Hit]]:
    def bound_check(p: SchemaPair) -> Iterator[Hit]:
        if p.request != request:
            return
        old, new = p.old.bounds.get(keyword), p.new.bounds.get(keyword)
        if request and (old is None) != newly_set:
            return
        if _tighter(keyword, old, new) if request else _tighter(keyword, new, old):
            side = Side.new if new is not None else Side.old
            yield _hit(
                p.new if new is not None else p.old,
                keyword,
                f"{keyword} changed from {_show(old)} to {_show(new)}",
                side,
            )

    return bound_check


def _kebab(keyword: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in keyword)


for _keyword, (_upper, _exclusive) in BOUNDS.items():
    _name = _kebab(_keyword)
    _written = [_keyword, _exclusive] if _exclusive else [_keyword]  # a 3.1 exclusive bound alone
    scalar_check(
        f"request-{_name}-{'decreased' if _upper else 'increased'}",
        BREAKING,
        f"values within the old {_keyword} are refused",
        _written,
    )(_bound_check(_keyword, request=True))
    scalar_check(
        f"request-{_name}-set",
        BREAKING,
        f"a {_keyword} where there was none refuses values clients may send today; "
        "lower it with diff.levels when the bound only documents what the server always did",
        _written,
    )(_bound_check(_keyword, request=True, newly_set=True))
    scalar_check(
        f"response-{_name}-{'increased' if _upper else 'decreased'}",
        MAY_BREAK,
        f"clients may rely on the old {_keyword}",
        _written,
    )(_bound_check(_keyword, request=False))
