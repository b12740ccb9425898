"""Dependency policies of accord.yaml: how a service calls another (timeout, retries, circuit breaker).

A `depends_on` item is a service name or `{service, timeout, retries, retry_on, circuit_breaker}`;
what an item leaves out comes from the system's `resilience:` defaults. The manifest schema has
already checked the shapes; this module turns them into typed values (durations in milliseconds).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

__all__ = [
    "RETRY_CONDITIONS",
    "CircuitBreaker",
    "Dependency",
    "Duration",
    "Policy",
    "dependency_from",
    "parse_duration",
    "policy_from",
]

# The named conditions `retry_on` accepts besides HTTP status codes (Envoy's, which Istio reads).
RETRY_CONDITIONS = ("5xx", "gateway-error", "reset", "connect-failure", "refused-stream", "retriable-4xx")

_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h)")
_UNIT_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}


class Duration(NamedTuple):
    """A span of time as accord.yaml writes it (`800ms`, `30s`, `1.5s`, `2m`), kept in milliseconds."""

    milliseconds: int

    @property
    def seconds(self) -> float:
        return self.milliseconds / 1000

    def __str__(self) -> str:
        """The shortest exact spelling: 800ms, 30s, 2m, 1500ms (the form Istio and Linkerd read)."""
        for unit in ("h", "m", "s"):
            if self.milliseconds and self.milliseconds % _UNIT_MS[unit] == 0:
                return f"{self.milliseconds // _UNIT_MS[unit]}{unit}"
        return f"{self.milliseconds}ms"


def parse_duration(text: str) -> Duration:
    """`800ms`, `30s`, `1.5s`, `2m`, `1h` -> a Duration; ValueError for anything else."""
    found = _DURATION.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a duration (write e.g. 800ms, 30s, 2m)")
    number, unit = found.groups()
    return Duration(round(float(number) * _UNIT_MS[unit]))


class CircuitBreaker(NamedTuple):
    """Eject an instance after `consecutive_errors` failures in a row, for `eject`."""

    consecutive_errors: int = 5
    eject: Duration = Duration(30_000)
    max_connections: int | None = None


class Policy(NamedTuple):
    """How a call is made; None (or empty) where neither the edge nor the system says."""

    timeout: Duration | None = None
    retries: int | None = None
    retry_on: tuple[int | str, ...] = ()
    circuit_breaker: CircuitBreaker | None = None

    def over(self, defaults: Policy) -> Policy:
        """This policy, with what it leaves out taken from `defaults`."""
        return Policy(
            timeout=self.timeout if self.timeout is not None else defaults.timeout,
            retries=self.retries if self.retries is not None else defaults.retries,
            retry_on=self.retry_on or defaults.retry_on,
            circuit_breaker=self.circuit_breaker or defaults.circuit_breaker,
        )


class Dependency(NamedTuple):
    """One `depends_on` edge: the service called and the policy of the call (defaults applied)."""

    service: str
    policy: Policy = Policy()

    @property
    def timeout(self) -> Duration | None:
        return self.policy.timeout

    @property
    def retries(self) -> int | None:
        return self.policy.retries

    @property
    def retry_on(self) -> tuple[int | str, ...]:
        return self.policy.retry_on

    @property
    def circuit_breaker(self) -> CircuitBreaker | None:
        return self.policy.circuit_breaker


def policy_from(spec: dict[str, Any] | None) -> Policy:
    """A Policy from a (schema-valid) mapping with timeout, retries, retry_on, circuit_breaker."""
    spec = spec or {}
    timeout = spec.get("timeout")
    breaker = spec.get("circuit_breaker")
    return Policy(
        timeout=parse_duration(timeout) if timeout is not None else None,
        retries=spec.get("retries"),
        retry_on=tuple(spec.get("retry_on") or ()),
        circuit_breaker=_breaker_from(breaker) if breaker is not None else None,
    )


def _breaker_from(spec: dict[str, Any]) -> CircuitBreaker:
    eject = spec.get("eject")
    default = CircuitBreaker()
    return CircuitBreaker(
        consecutive_errors=spec.get("consecutive_errors", default.consecutive_errors),
        eject=parse_duration(eject) if eject is not None else default.eject,
        max_connections=spec.get("max_connections"),
    )


def dependency_from(item: str | dict[str, Any], defaults: Policy) -> Dependency:
    """A `depends_on` item (a name or a mapping), with `defaults` filling what it leaves out."""
    if isinstance(item, str):
        return Dependency(item, defaults)
    return Dependency(item["service"], policy_from(item).over(defaults))
