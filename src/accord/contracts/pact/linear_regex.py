"""Regular expressions from pacts and contracts, run in linear time with RE2.

Both sides of `pact check` are other people's text: a provider's `pattern: '^(a+)+$'`
against a consumer's `"aaaa…!"` would backtrack for minutes in Python's `re`. RE2 never
backtracks; a pattern it cannot run (backreferences, lookaround) is not run at all, and
`pact check` says so instead of guessing.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

__all__ = ["fullmatch", "linear_validator", "patterns_in", "search", "unsupported"]


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> Any:
    """The compiled pattern, or the reason RE2 refuses it (a str)."""
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print every refused pattern on stderr
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    except TypeError as exc:
        return str(exc)


def unsupported(pattern: str) -> str | None:
    """Why a pattern cannot be run in linear time (invalid or backtracking-only), or None."""
    compiled = _compiled(pattern)
    return compiled if isinstance(compiled, str) else None


def search(pattern: str, text: str) -> bool | None:
    """Whether `pattern` matches somewhere in `text` (JSON Schema semantics); None if not runnable."""
    compiled = _compiled(pattern)
    if isinstance(compiled, str):
        return None
    return compiled.search(text) is not None


def fullmatch(pattern: str, text: str) -> bool | None:
    """Whether `pattern` matches all of `text` (pact's regex matcher); None if not runnable."""
    compiled = _compiled(pattern)
    if isinstance(compiled, str):
        return None
    return compiled.fullmatch(text) is not None


def patterns_in(schema: Any) -> Iterator[str]:
    """Every `pattern` and `patternProperties` regex of a (inlined) JSON Schema."""
    if isinstance(schema, list):
        for item in schema:
            yield from patterns_in(item)
    elif isinstance(schema, dict):
        if isinstance(schema.get("pattern"), str):
            yield schema["pattern"]
        if isinstance(schema.get("patternProperties"), dict):
            yield from (p for p in schema["patternProperties"] if isinstance(p, str))
        for key, value in schema.items():
            if key not in ("pattern", "enum", "const", "example", "examples", "default"):
                yield from patterns_in(value)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and search(pattern, instance) is False:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(original: Any) -> Any:
    def check(validator: Any, additional: Any, instance: Any, schema: Any) -> Iterator[Any]:
        from jsonschema.exceptions import ValidationError

        patterns = schema.get("patternProperties")
        if not patterns or not validator.is_type(instance, "object"):
            yield from original(validator, additional, instance, schema)
            return
        declared = schema.get("properties") or {}
        extras = sorted(
            key for key in instance if key not in declared and not any(search(p, key) for p in patterns)
        )
        if validator.is_type(additional, "object"):
            for extra in extras:
                yield from validator.descend(instance[extra], additional, path=extra)
        elif additional is False and extras:
            names = ", ".join(repr(e) for e in extras)
            yield ValidationError(f"{names} match none of the regexes: {', '.join(map(repr, patterns))}")

    return check


@functools.cache
def linear_validator(base: Any) -> Any:
    """A jsonschema validator class like `base` whose regexes run on RE2."""
    from jsonschema import validators

    keywords = {
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties(base.VALIDATORS["additionalProperties"]),
    }
    return validators.extend(base, keywords)
