"""Dependency policies in accord.yaml: durations, system defaults under each edge, plain names."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.manifest import load_manifest
from accord.manifest.policy import CircuitBreaker, Dependency, Duration, Policy, parse_duration


@pytest.mark.parametrize(
    ("text", "milliseconds", "spelling"),
    [
        ("800ms", 800, "800ms"),
        ("30s", 30_000, "30s"),
        ("1.5s", 1500, "1500ms"),
        ("2m", 120_000, "2m"),
        ("1h", 3_600_000, "1h"),
        ("0ms", 0, "0ms"),
        ("60s", 60_000, "1m"),
    ],
)
def test_durations_read_and_spell_back(text: str, milliseconds: int, spelling: str) -> None:
    duration = parse_duration(text)
    assert duration == Duration(milliseconds)
    assert str(duration) == spelling
    assert duration.seconds == milliseconds / 1000


@pytest.mark.parametrize("text", ["800", "ms", "1.s", "-1s", "1d", "1 s s"])
def test_a_non_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_an_edge_takes_what_it_leaves_out_from_the_system_defaults(fixtures: Path) -> None:
    manifest = load_manifest(fixtures / "manifests" / "valid-policies.yaml")
    orders = manifest.services["orders"]
    assert orders.dependency_names == ("payments", "stock")
    assert orders.timeout == Duration(3000)
    assert manifest.services["stock"].timeout == Duration(1500)
    assert manifest.services["payments"].timeout is None
    defaults = Policy(timeout=Duration(2000), retries=1, retry_on=("5xx", "reset"))
    assert manifest.resilience == defaults
    assert orders.dependency("payments") == Dependency("payments", defaults)
    stock = orders.dependency("stock")
    assert stock is not None
    assert (stock.timeout, stock.retries, stock.retry_on) == (Duration(800), 2, (503, "reset"))
    assert stock.circuit_breaker == CircuitBreaker(consecutive_errors=5, eject=Duration(30_000))
    assert orders.dependency("billing") is None


def test_without_defaults_an_edge_declares_nothing_it_does_not_say(fixtures: Path) -> None:
    manifest = load_manifest(fixtures / "manifests" / "valid.yaml")
    (payments,) = manifest.services["orders"].depends_on
    assert payments == Dependency("payments", Policy())
    declared = (payments.timeout, payments.retries, payments.retry_on, payments.circuit_breaker)
    assert declared == (None, None, (), None)


def test_a_circuit_breaker_fills_its_own_defaults() -> None:
    from accord.manifest.policy import policy_from

    policy = policy_from({"circuit_breaker": {"max_connections": 10}})
    expected = CircuitBreaker(consecutive_errors=5, eject=Duration(30_000), max_connections=10)
    assert policy.circuit_breaker == expected
