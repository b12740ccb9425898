"""How much of a document accord reads: the bounds every parser path enforces alike."""

from __future__ import annotations

__all__ = ["ALIAS_AMPLIFICATION", "MAX_DEPTH", "MAX_EXPANDED_NODES", "MAX_INT_BITS", "MIN_ALIAS_LIMIT"]

MAX_DEPTH = 400
MAX_EXPANDED_NODES = 5_000_000
# Aliases may expand a document to at most this many times the nodes written, above a floor.
ALIAS_AMPLIFICATION = 10
MIN_ALIAS_LIMIT = 100_000
# Python refuses to print an int of more than 4,300 digits (a guard against slow conversions);
# a number that long in a contract is refused when read rather than crashing whoever prints it.
MAX_INT_BITS = 14_000
