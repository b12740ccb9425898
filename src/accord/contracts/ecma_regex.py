"""`pattern`s as OpenAPI and JSON Schema define them: ECMA-262 regular expressions.

Contracts are written for JavaScript engines first; a pattern such as `[\\w-.+]` or
`^.{1-70}$` is a valid ECMA-262 regex (Annex B, without the `u` flag) though a stricter
engine (unicode mode, Python's `re`) refuses it. Validation accepts what ECMA-262 accepts;
lint warns when only some engines would. The `regress` engine (Rust) does the compiling.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["ecma_regex_problem", "is_ecma_regex", "portability_problem"]


@lru_cache(maxsize=4096)
def ecma_regex_problem(pattern: str, flags: str = "") -> str | None:
    """Why `pattern` is not an ECMA-262 regex under `flags` ("" or "u"), or None if it is."""
    import regress

    try:
        regress.Regex(pattern, flags)
    except Exception as exc:  # regress raises its own RegressError (and ValueError for flags)
        return str(exc) or type(exc).__name__
    return None


def is_ecma_regex(pattern: str) -> bool:
    """A format checker for `format: regex`: ECMA-262 without the `u` flag."""
    return ecma_regex_problem(pattern) is None


def portability_problem(pattern: str) -> str | None:
    """For a valid ECMA-262 pattern: which stricter engines refuse it, and why; None if none do."""
    if ecma_regex_problem(pattern) is not None:
        return None  # not a regex at all: validate reports it
    refused = []
    unicode_problem = ecma_regex_problem(pattern, "u")
    if unicode_problem is not None:
        refused.append(f"ECMA-262 with the u flag ({unicode_problem.lower()})")
    try:
        re.compile(pattern)
    except re.error as exc:
        refused.append(f"Python's re ({exc})")
    return "; ".join(refused) or None
