"""`pact check` runs other people's regexes in linear time: no pattern can stall it."""

from __future__ import annotations

import time

from typer.testing import CliRunner

from accord.cli.app import app
from accord.contracts.pact import linear_regex
from tests.pact.conftest import PACT_FIXTURES

REDOS = PACT_FIXTURES / "redos"
EVIL = "a" * 40 + "!"


def test_catastrophic_patterns_are_checked_fast_on_both_sides() -> None:
    started = time.monotonic()
    result = CliRunner().invoke(
        app,
        ["pact", "check", str(REDOS / "labels-codes.json"), "--openapi", str(REDOS / "openapi.yaml")],
    )
    # Python's re needs minutes for either of these; RE2 needs microseconds.
    assert time.monotonic() - started < 10
    assert result.exit_code == 1, result.output
    subject = "labels -> codes: 'a request for an evil code'"
    assert f"{subject}: response body $.code: '{EVIL}' does not match '^(a+)+$'" in result.output
    assert (
        f"{subject}: $.kind: the regex '^(a+)+$' matches none of the values "
        f"the provider declares (['{EVIL}'])"
    ) in result.output
    assert (
        "the provider's pattern '^(ab)\\\\1$' was not checked: it needs a backtracking regex engine "
        "(invalid escape sequence: \\1)"
    ) in result.output


def test_a_pattern_re2_cannot_run_is_named_not_run() -> None:
    assert linear_regex.search("^(ab)\\1$", "abab") is None
    assert linear_regex.unsupported("a(?=b)") == "invalid perl operator: (?="
    assert linear_regex.search("^(a+)+$", EVIL) is False
    assert linear_regex.fullmatch("^p-[0-9]+$", "p-12") is True
