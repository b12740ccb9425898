"""How much of a document accord reads: the bounds every parser path enforces alike, and the
error for a number past them."""

from __future__ import annotations

import re
from pathlib import Path

from accord.errors import InputError

__all__ = [
    "ALIAS_AMPLIFICATION",
    "MAX_DEPTH",
    "MAX_EXPANDED_NODES",
    "MAX_INT_BITS",
    "MIN_ALIAS_LIMIT",
    "huge_number",
]

MAX_DEPTH = 400
MAX_EXPANDED_NODES = 5_000_000
# Aliases may expand a document to at most this many times the nodes written, above a floor.
ALIAS_AMPLIFICATION = 10
MIN_ALIAS_LIMIT = 100_000
# Python refuses to print an int of more than 4,300 digits (a guard against slow conversions);
# a number that long in a contract is refused when read rather than crashing whoever prints it.
MAX_INT_BITS = 14_000


def huge_number(path: Path, text: str, line: int | None = None, column: int | None = None) -> InputError:
    """The error for a number too long to be read, at its line (found in `text` if not given)."""
    if line is None:
        found = re.search(r"\d{4000,}", text)
        if found is not None:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - text.rfind("\n", 0, found.start())
    return InputError(
        "a number with more than 4,300 digits: accord does not read numbers this long",
        file=path,
        line=line,
        column=column,
        hint="write the number with fewer digits",
    )
