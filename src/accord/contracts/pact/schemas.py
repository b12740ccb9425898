"""OpenAPI schemas for the offline pact check: inlined, made JSON Schema, matched with pact rules.

A pact's example body is one value the consumer accepts; its matching rules say which
others it accepts too. A `type` matcher at a path forgives the example's exact value
(enum, pattern, bounds) but not its type; a regex must fit what the provider declares.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from accord.contracts.pact import linear_regex

__all__ = [
    "MatchingRules",
    "SchemaProblem",
    "consumer_view",
    "inline_defs",
    "schema_problems",
    "undeclared_fields",
]

# Keywords about the exact value, which a matcher that accepts "any value of this type" makes moot.
_VALUE_KEYWORDS = {
    "enum", "const", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "multipleOf", "minItems", "maxItems",
}  # fmt: skip
# Matchers that reach below the path of their rule: a type rule on an object covers its fields.
_CASCADING = {"type", "min", "max", "values", "eachKey", "eachValue"}
_LOOSE_MATCHERS = {
    "type", "integer", "decimal", "number", "date", "time", "timestamp",
    "datetime", "boolean", "include", "values", "eachKey", "eachValue",
}  # fmt: skip


_ANY = "*"  # a wildcard step of a matching-rule path


@dataclass(frozen=True)
class SchemaProblem:
    """Where the pact's body disagrees with the provider's schema (path like `$.amount.value`)."""

    path: str
    message: str


def inline_defs(schema: Any) -> Any:
    """A schema made by `SchemaCompiler` with each `$ref` into its `$defs` replaced by the
    definition (a recursive one becomes `{}`: anything goes), so the walks below need no
    resolver. The reading of OpenAPI (nullable, readOnly/writeOnly, formats) is the compiler's."""
    defs = schema.get("$defs") if isinstance(schema, dict) else None
    defs = defs if isinstance(defs, dict) else {}

    def walk(value: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(value, list):
            return [walk(v, seen) for v in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            target = {} if name in seen or name not in defs else walk(defs[name], (*seen, name))
            # the root's own `$defs` are no sibling of its `$ref`: a schema that is only a `$ref`
            # stays the definition itself (its `type` read as is, e.g. to coerce a query value)
            rest = {k: v for k, v in value.items() if k not in ("$ref", "$defs")}
            return {"allOf": [target, walk(rest, seen)]} if rest else target
        return {k: walk(v, seen) for k, v in value.items() if k != "$defs"}

    return walk(schema, ())


def consumer_view(schema: Any) -> Any:
    """A response schema as a consumer reads it: every field it names must be declared, with
    its type, but it may leave out fields the provider always sends (`required` is dropped).

    `oneOf` becomes `anyOf`: a subset of fields can fit several branches, and fitting one
    (with every field the consumer names declared there) is enough for the consumer.
    """
    if isinstance(schema, list):
        return [consumer_view(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "required" and isinstance(value, list):
            continue
        if key in ("properties", "patternProperties") and isinstance(value, dict):
            out[key] = {name: consumer_view(sub) for name, sub in value.items()}
        elif key in ("enum", "const", "example", "examples", "default"):
            out[key] = value
        elif key == "allOf" and isinstance(value, list):
            out.setdefault("allOf", []).extend(consumer_view(value))
        elif key == "oneOf" and isinstance(value, list) and not any(map(_may_hold_fields, value)):
            out[key] = consumer_view(value)  # whole values (no fields to leave out): exactly one fits
        elif key in ("oneOf", "anyOf") and isinstance(value, list):
            branches = [_closed(consumer_view(branch)) for branch in value]
            if "anyOf" in out:  # a schema with both keywords needs both: the second under allOf
                out.setdefault("allOf", []).append({"anyOf": branches})
            else:
                out["anyOf"] = branches
        else:
            out[key] = consumer_view(value)
    return out


def _may_hold_fields(branch: Any) -> bool:
    """Whether values of a branch may be objects (a consumer may name only some of their fields)."""
    if not isinstance(branch, dict):
        return branch is not False
    kind = branch.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
    if kinds:
        return "object" in kinds
    if "const" in branch or "enum" in branch:
        return False
    nested = [b for k in ("allOf", "anyOf", "oneOf") for b in branch.get(k) or []]
    return not nested or any(map(_may_hold_fields, nested))


def _closed(branch: Any) -> Any:
    """A plain object branch that admits only its own fields: without `required`, any
    object would fit a branch that does not declare the consumer's fields at all."""
    if not isinstance(branch, dict) or "properties" not in branch:
        return branch
    if any(k in branch for k in ("additionalProperties", "patternProperties", "allOf", "anyOf", "oneOf")):
        return branch
    return {**branch, "additionalProperties": False}


class MatchingRules:
    """The body matching rules of one pact part, as token paths (`*` for any key or index)."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.rules: list[tuple[tuple[str, ...], list[dict[str, Any]]]] = []
        for key, spec in rules.items():
            matchers = spec.get("matchers", []) if isinstance(spec, dict) else []
            self.rules.append((_tokens(key), [m for m in matchers if isinstance(m, dict)]))

    def covering(self, path: tuple[str, ...]) -> list[dict[str, Any]]:
        """The matchers that apply at `path`: those of the rule at it or above it whose path is
        the most specific, as pact weighs them (each name or index matched counts twice a `*`,
        so `$.order.status` wins over `$.order.*` and over `$.order`; the first rule written
        wins a tie). From a rule above `path` only the matchers that reach below apply (`type`
        and its `min`/`max`, and those of a map's keys and values)."""
        best: tuple[tuple[str, ...], list[dict[str, Any]]] | None = None
        weight = 0
        for tokens, matchers in self.rules:
            if len(tokens) <= len(path) and all(t in ("*", p) for t, p in zip(tokens, path, strict=False)):
                here = 2 ** sum(t != "*" for t in tokens)
                if here > weight:
                    best, weight = (tokens, matchers), here
        if best is None:
            return []
        tokens, matchers = best
        if len(tokens) == len(path):
            return matchers
        return [m for m in matchers if m.get("match") in _CASCADING]

    def items(self) -> Iterator[tuple[tuple[str, ...], list[dict[str, Any]]]]:
        return iter(self.rules)


def _tokens(key: str) -> tuple[str, ...]:
    """`$.items[*].sku` / `$['a-b'][0]` / `$.body.x` (pact v2) -> ('items', '*', 'sku')."""
    key = key.removeprefix("$").removeprefix(".body").removeprefix(".")
    parts = re.findall(r"\[\s*'([^']*)'\s*\]|\[(\*|\d+)\]|([^.\[\]]+)", key)
    return tuple(next(part for part in groups if part) for groups in parts)


def json_path(path: tuple[str, ...]) -> str:
    return "$" + "".join(f"[{p}]" if p.isdigit() or p == _ANY else f".{p}" for p in path)


def schema_problems(validator_cls: Any, schema: Any, value: Any, rules: MatchingRules) -> list[SchemaProblem]:
    """The schema errors of an example value that its matching rules do not excuse."""
    problems = []
    validator = validator_cls(schema)
    for error in validator.iter_errors(value):
        path = tuple(str(p) for p in error.absolute_path)
        matchers = rules.covering(path)
        loose = any(m.get("match") in _LOOSE_MATCHERS for m in matchers)
        if loose and error.validator in _VALUE_KEYWORDS:
            continue
        problems.append(SchemaProblem(json_path(path), str(error.message)))
    return problems


def undeclared_fields(schema: Any, value: Any, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Paths of object keys in `value` that `schema` never declares (the consumer relies on them)."""
    if not isinstance(schema, dict):
        return
    branches = _branches(schema)
    if isinstance(value, dict):
        declared = dict(schema.get("properties") or {})
        for branch in branches:
            declared.update(branch.get("properties") or {})
        patterns = [p for part in (schema, *branches) for p in part.get("patternProperties", {})]
        extra = schema.get("additionalProperties")
        extras = [
            e
            for e in (extra, *(b.get("additionalProperties") for b in branches))
            if isinstance(e, dict) and e
        ]
        for key, item in value.items():
            if key in declared:
                yield from undeclared_fields(declared[key], item, (*path, key))
            elif extras:
                yield from undeclared_fields(extras[0], item, (*path, key))
            elif not any(linear_regex.search(p, key) for p in patterns) and (
                declared or branches or extra is False
            ):
                yield json_path((*path, key))
    elif isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            for index, item in enumerate(value):
                yield from undeclared_fields(items, item, (*path, str(index)))


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The `allOf`/`anyOf`/`oneOf` parts of a schema, and theirs: each may declare fields."""
    found: list[dict[str, Any]] = []
    for key in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(key) or []:
            if isinstance(branch, dict):
                found += [branch, *_branches(branch)]
    return found


def regex_conflicts(schema: Any, regex: str) -> str | None:
    """Why a consumer's regex cannot be met by values the schema allows, or None."""
    if not isinstance(schema, dict):
        return None
    reason = linear_regex.unsupported(regex)
    if reason is not None:
        # pact's own matcher (Rust's regex crate) has RE2's syntax: it cannot run this either.
        return f"the regex {regex!r} is not one pact can run: {reason}"
    enum = schema.get("enum")
    if isinstance(enum, list) and not any(
        isinstance(v, str) and linear_regex.fullmatch(regex, v) for v in enum
    ):
        return f"the regex {regex!r} matches none of the values the provider declares ({enum})"
    types = schema.get("type")
    declared = {types} if isinstance(types, str) else set(types or [])
    if declared and not declared & {"string", "integer", "number"}:
        return f"a regex matcher ({regex!r}) on a value the provider declares as {'/'.join(sorted(declared))}"
    return None


def schema_at(schema: Any, path: tuple[str, ...]) -> Any:
    """The sub-schema for a value path (following properties, items and all/any/oneOf)."""
    node = schema
    for token in path:
        if not isinstance(node, dict):
            return None
        candidates = [node, *(b for k in ("allOf", "anyOf", "oneOf") for b in node.get(k, []))]
        following = None
        for candidate in candidates:
            if not isinstance(candidate, dict):
                continue
            if token in (candidate.get("properties") or {}):
                following = candidate["properties"][token]
                break
            if (token.isdigit() or token == _ANY) and isinstance(candidate.get("items"), dict):
                following = candidate["items"]
                break
        node = following
    return node
