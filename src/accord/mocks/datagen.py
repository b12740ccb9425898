"""Example data from a JSON Schema (as made by `SchemaCompiler`): valid, finite, deterministic.

Static mode prefers what the contract says (examples, defaults, the first enum value);
dynamic mode draws everything from the seeded random generator. Every result is checked
against the schema; a few other draws are tried before giving up.
"""

from __future__ import annotations

import base64
import random
import re
import string
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["generate", "is_valid", "validator"]

MAX_DEPTH = 4  # past this many nested $refs, objects get only their required properties
HARD_DEPTH = 12  # past this, recursion is cut off with the smallest value the schema allows
ATTEMPTS = 8
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


_VALIDATORS: dict[int, tuple[dict[str, Any], Any]] = {}


def validator(schema: dict[str, Any]) -> Any:
    """A cached jsonschema-rs validator (formats checked), or None for a schema it cannot compile."""
    import jsonschema_rs

    cached = _VALIDATORS.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    try:
        compiled = jsonschema_rs.validator_for(schema, validate_formats=True)
    except (ValueError, jsonschema_rs.ValidationError):
        compiled = None
    if len(_VALIDATORS) > 4096:
        _VALIDATORS.clear()
    _VALIDATORS[id(schema)] = (schema, compiled)  # the schema is kept so its id is not reused
    return compiled


def is_valid(schema: dict[str, Any], value: Any) -> bool:
    compiled = validator(schema)
    return compiled is None or bool(compiled.is_valid(value))


def generate(schema: dict[str, Any], rng: random.Random, *, dynamic: bool = False) -> Any:
    """A value valid against `schema`, or the last attempt when none was found."""
    defs = schema.get("$defs", {})
    value = _Generator(defs, rng, dynamic).value(schema, 0)
    if is_valid(schema, value):
        return value
    for _ in range(ATTEMPTS):
        candidate = _Generator(defs, rng, True).value(schema, 0)
        if is_valid(schema, candidate):
            return candidate
    return value


class _Generator:
    def __init__(self, defs: dict[str, Any], rng: random.Random, dynamic: bool) -> None:
        self.defs = defs
        self.rng = rng
        self.dynamic = dynamic

    def pick(self, options: list[Any]) -> Any:
        return self.rng.choice(options) if self.dynamic else options[0]

    def value(self, schema: Any, depth: int) -> Any:
        if not isinstance(schema, dict):
            return None if schema is False else "value"
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            target = self.defs.get(ref[len("#/$defs/") :], {})
            rest = {k: v for k, v in schema.items() if k not in ("$ref", "$defs")}
            return self.value(_merge([target, rest]) if rest else target, depth + 1)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self.pick(schema["enum"])
        if not self.dynamic:
            for key in ("examples", "default"):
                found = schema.get(key)
                if key == "examples" and isinstance(found, list) and found:
                    return found[0]
                if key == "default" and key in schema:
                    return found
        if isinstance(schema.get("allOf"), list):
            parts = [self._expand(part) for part in schema["allOf"]]
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            return self.value(_merge([rest, *parts]), depth + 1)
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                rest = {k: v for k, v in schema.items() if k != key}
                branch = self._simplest(branches, depth)
                return self.value(_merge([rest, self._expand(branch)]) if rest else branch, depth + 1)
        return self._typed(schema, _type_of(schema, self), depth)

    def _expand(self, schema: Any) -> Any:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and len(schema) == 1:
            return self._expand(self.defs.get(schema["$ref"].rsplit("/", 1)[-1], {}))
        return schema

    def _simplest(self, branches: list[Any], depth: int) -> Any:
        """Past MAX_DEPTH, prefer a branch without $ref so recursive unions end."""
        if depth >= MAX_DEPTH:
            flat = [b for b in branches if "$ref" not in str(b)]
            if flat:
                return flat[0]
        return self.pick(branches)

    def _typed(self, schema: dict[str, Any], kind: str, depth: int) -> Any:
        if kind == "object":
            return self._object(schema, depth)
        if kind == "array":
            return self._array(schema, depth)
        if kind == "string":
            return _string(schema, self.rng, self.dynamic)
        if kind in ("integer", "number"):
            return _number(schema, self.rng, self.dynamic, kind == "integer")
        if kind == "boolean":
            return self.rng.random() < 0.5 if self.dynamic else True
        return None

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        found = schema.get("properties")
        props: dict[str, Any] = found if isinstance(found, dict) else {}
        required = [name for name in schema.get("required", []) if isinstance(name, str)]
        names = list(required)
        if depth < MAX_DEPTH:
            optional = [name for name in props if name not in required]
            names += [n for n in optional if not self.dynamic or self.rng.random() < 0.7]
        result: dict[str, Any] = {}
        for name in names:
            sub = props.get(name)
            if depth >= HARD_DEPTH and name not in required:
                continue
            result[name] = self.value(sub if sub is not None else _extra(schema), depth + 1)
        extra = _extra(schema)
        index = 0
        while len(result) < int(schema.get("minProperties", 0)) and extra is not False:
            result[f"key{index}"] = self.value(extra if isinstance(extra, dict) else {}, depth + 1)
            index += 1
        return result

    def _array(self, schema: dict[str, Any], depth: int) -> list[Any]:
        low = int(schema.get("minItems", 0))
        high = int(schema.get("maxItems", max(low, 3)))
        count = max(low, min(high, self.rng.randint(1, 3) if self.dynamic else 1))
        if depth >= MAX_DEPTH:
            count = low
        found = schema.get("prefixItems")
        prefix: list[Any] = found if isinstance(found, list) else []
        items = schema.get("items", {})
        result = [self.value(sub, depth + 1) for sub in prefix[:count]]
        tries = 0
        while len(result) < count and tries < count * 4 + 4:
            tries += 1
            item = self.value(items if items is not False else {}, depth + 1)
            if schema.get("uniqueItems") and item in result:
                self.dynamic = True  # a second identical static value would break uniqueness
                continue
            result.append(item)
        return result


def _merge(parts: list[Any]) -> dict[str, Any]:
    """allOf as one schema: properties and required united, nested allOf kept for a next pass."""
    merged: dict[str, Any] = {}
    for part in parts:
        if not isinstance(part, dict):
            continue
        for key, value in part.items():
            if key == "properties" and isinstance(value, dict):
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key in ("required", "allOf") and isinstance(value, list):
                merged[key] = [*merged.get(key, []), *value]
            elif key == "type" and "type" in merged and merged["type"] != value:
                kinds = merged["type"] if isinstance(merged["type"], list) else [merged["type"]]
                common = [k for k in kinds if k in (value if isinstance(value, list) else [value])]
                merged["type"] = common[0] if common else value
            elif key != "$defs":
                merged.setdefault(key, value)
    return merged


def _extra(schema: dict[str, Any]) -> Any:
    extra = schema.get("additionalProperties", {})
    return {} if extra is True else extra


def _type_of(schema: dict[str, Any], gen: _Generator) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        choices = [k for k in kind if k != "null"] or ["null"]
        kind = gen.pick(choices)
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "required" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if any(k in schema for k in ("minimum", "maximum", "multipleOf", "exclusiveMinimum")):
        return "number"
    return "string"


def _number(schema: dict[str, Any], rng: random.Random, dynamic: bool, integer: bool) -> int | float:
    low = schema.get("minimum", schema.get("exclusiveMinimum"))
    high = schema.get("maximum", schema.get("exclusiveMaximum"))
    step = 1 if integer else 0.5
    if isinstance(schema.get("exclusiveMinimum"), int | float):
        low = schema["exclusiveMinimum"] + step
    if isinstance(schema.get("exclusiveMaximum"), int | float):
        high = schema["exclusiveMaximum"] - step
    low = low if isinstance(low, int | float) else (high - 100 if isinstance(high, int | float) else 0)
    high = high if isinstance(high, int | float) else low + 100
    multiple = schema.get("multipleOf")
    if isinstance(multiple, int | float) and multiple > 0:
        first = -(-low // multiple)
        last = high // multiple
        n = rng.randint(int(first), int(max(first, last))) if dynamic else int(first)
        value = n * multiple
        return int(value) if integer else value
    if integer:
        low_i, high_i = int(-(-low // 1)), int(high // 1)
        return rng.randint(low_i, max(low_i, high_i)) if dynamic else low_i
    return round(rng.uniform(low, high), 2) if dynamic else float(low)


_FORMATS: dict[str, Any] = {
    "date-time": lambda r: (
        (_EPOCH + timedelta(seconds=r.randint(0, 10**8))).isoformat().replace("+00:00", "Z")
    ),
    "date": lambda r: (_EPOCH + timedelta(days=r.randint(0, 2000))).date().isoformat(),
    "time": lambda r: f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z",
    "email": lambda r: f"user{r.randint(1, 9999)}@example.com",
    "idn-email": lambda r: f"user{r.randint(1, 9999)}@example.com",
    "uuid": lambda r: str(uuid.UUID(int=r.getrandbits(128), version=4)),
    "uri": lambda r: f"https://example.com/r/{r.randint(1, 9999)}",
    "url": lambda r: f"https://example.com/r/{r.randint(1, 9999)}",
    "iri": lambda r: f"https://example.com/r/{r.randint(1, 9999)}",
    "uri-reference": lambda r: f"/r/{r.randint(1, 9999)}",
    "hostname": lambda r: f"host{r.randint(1, 99)}.example.com",
    "ipv4": lambda r: f"192.0.2.{r.randint(1, 254)}",
    "ipv6": lambda r: f"2001:db8::{r.randint(1, 65535):x}",
    "byte": lambda r: base64.b64encode(bytes(r.getrandbits(8) for _ in range(6))).decode(),
    "duration": lambda r: f"P{r.randint(1, 30)}D",
    "json-pointer": lambda r: f"/items/{r.randint(0, 9)}",
    "regex": lambda r: "^[a-z]+$",
}


def _string(schema: dict[str, Any], rng: random.Random, dynamic: bool) -> str:
    low = int(schema.get("minLength", 0))
    high = int(schema.get("maxLength", max(low, 12)))
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        found = _from_pattern(pattern, rng, low, int(schema.get("maxLength", 10_000)))
        if found is not None:
            return found
    fmt = _FORMATS.get(str(schema.get("format", "")))
    if fmt is not None:
        return str(fmt(rng if dynamic else random.Random(0)))  # noqa: S311 - example data, not secrets
    alphabet = string.ascii_letters if dynamic else "string"
    size = max(low, min(high, rng.randint(3, 10) if dynamic else 6))
    text = "".join(rng.choice(alphabet) for _ in range(size)) if dynamic else ("string" * (size // 6 + 1))
    return text[:size]


def _from_pattern(pattern: str, rng: random.Random, low: int, high: int) -> str | None:
    import importlib

    import rstr

    xeger_module: Any = importlib.import_module("rstr.xeger")
    xeger_module.STAR_PLUS_LIMIT = 8  # `+` and `*` repeat at most 8 times: readable ids, not 100 digits
    try:
        compiled = re.compile(pattern)
    except re.error:
        return None
    xeger = rstr.Rstr(rng)
    for _ in range(ATTEMPTS):
        try:
            text = xeger.xeger(pattern)
        except (ValueError, IndexError, re.error, TypeError):
            return None
        if compiled.search(text) and low <= len(text) <= high:
            return text
    return None
