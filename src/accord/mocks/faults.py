"""Faults a mock injects: latency, error statuses, resets, hangs, slow and malformed bodies.

A `FaultPlan` says what may happen to a request (from CLI options, a chaos profile or the
manifest's `mocks.faults`); a `FaultInjector` draws, for each request in turn, what does
happen: deterministically from its seed, so the same seed and the same requests give the
same faults. A `Prefer: latency=500ms` or `Prefer: fault=reset` header aims one at one call.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from accord.errors import ConfigError
from accord.manifest import policy

__all__ = [
    "FAULTS",
    "Decision",
    "FaultInjector",
    "FaultPlan",
    "Latency",
    "parse_duration",
    "parse_faults",
    "parse_latency",
]

# What a mock can do to a request besides answering it late or with an error status.
FAULTS = ("reset", "hang", "slow-body", "malformed")
PREFER_FAULTS = ("error", *FAULTS)  # `Prefer: fault=...` also takes `error`
SLOW_BODY_SECONDS = 2.0  # a slow body trickles in over this long
DEFAULT_ERROR_STATUS = 503


def parse_duration(text: str) -> float:
    """`500ms`, `1.5s` (the manifest's durations) -> seconds; ConfigError for anything else."""
    try:
        return policy.parse_duration(text).seconds
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


@dataclass(frozen=True)
class Latency:
    """A delay before answering: fixed (`low == high`) or drawn uniformly from [low, high] seconds."""

    low: float
    high: float

    def draw(self, rng: random.Random) -> float:
        return self.low if self.low == self.high else rng.uniform(self.low, self.high)


def parse_latency(text: str) -> Latency:
    """`200ms` (fixed) or `200ms..800ms` (a range)."""
    low_text, sep, high_text = text.partition("..")
    low = parse_duration(low_text)
    high = parse_duration(high_text) if sep else low
    if high < low:
        raise ConfigError(f"latency {text!r}: the range ends before it starts", hint="write LOW..HIGH")
    return Latency(low, high)


def parse_faults(values: Iterable[str]) -> tuple[tuple[str, float], ...]:
    """`reset=0.1`, `hang`: each named fault with its rate; bare names share what the rated leave.

    `reset,hang` gives every request a reset or a hang (half each); `reset=0.1` resets one
    request in ten and answers the rest.
    """
    rated: list[tuple[str, float | None]] = []
    for value in values:
        for token in (t.strip() for t in value.split(",")):
            if not token:
                continue
            name, sep, rate_text = token.partition("=")
            name = name.strip().lower()
            if name not in FAULTS:
                raise ConfigError(f"unknown fault {name!r}", hint=f"faults: {', '.join(FAULTS)}")
            rate = _rate(rate_text, f"the rate of {name}") if sep else None
            rated.append((name, rate))
    fixed = sum(rate for _, rate in rated if rate is not None)
    bare = [name for name, rate in rated if rate is None]
    if fixed > 1:
        raise ConfigError(f"the fault rates add up to {fixed:g}, more than 1")
    share = (1 - fixed) / len(bare) if bare else 0.0
    return tuple((name, share if rate is None else rate) for name, rate in rated)


def _rate(text: str, what: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        raise ConfigError(f"{what} is {text!r}, not a number", hint="a rate is between 0 and 1") from None
    if not 0 <= rate <= 1:
        raise ConfigError(f"{what} is {rate:g}", hint="a rate is between 0 and 1")
    return rate


@dataclass(frozen=True)
class FaultPlan:
    """What may happen to a request: a latency, an error status at a rate, other faults at theirs."""

    latency: Latency | None = None
    error_rate: float = 0.0
    error_status: int | None = None  # None: the first 5xx the operation declares, else 503
    faults: tuple[tuple[str, float], ...] = ()
    slow_body_seconds: float = SLOW_BODY_SECONDS
    down: bool = False  # a server mock that refuses every connection (nothing listens on its port)

    @classmethod
    def from_options(
        cls,
        *,
        latency: str | None = None,
        error_rate: float = 0.0,
        error_status: int | None = None,
        faults: Iterable[str] = (),
        down: bool = False,
    ) -> FaultPlan | None:
        """A plan from the options (`--latency`, `--error-rate`, ...); None when they ask for nothing."""
        plan = cls(
            latency=parse_latency(latency) if latency else None,
            error_rate=_rate(str(error_rate), "the error rate"),
            error_status=error_status,
            faults=parse_faults(faults),
            down=down,
        )
        if error_status is not None and not 400 <= error_status <= 599:
            raise ConfigError(f"error status {error_status} is not a 4xx or 5xx status")
        return plan if plan.active else None

    @property
    def active(self) -> bool:
        faulty = any(rate > 0 for _, rate in self.faults)
        return self.down or self.latency is not None or self.error_rate > 0 or faulty


@dataclass(frozen=True)
class Decision:
    """What happens to one request: a delay (seconds), then a fault or none."""

    delay: float = 0.0
    fault: str | None = None  # "error" or one of FAULTS
    status: int | None = None  # with "error": the status asked for (None: the plan's choice)
    slow_body_seconds: float = SLOW_BODY_SECONDS

    @property
    def note(self) -> str:
        """What the request log says about it."""
        parts = [f"after {self.delay * 1000:.0f} ms"] if self.delay else []
        if self.fault and self.fault != "error":
            parts.insert(0, f"fault {self.fault}")
        elif self.fault:
            parts.insert(0, "fault error")
        return ", ".join(parts)


@dataclass
class FaultInjector:
    """Draws a `Decision` per request from the plans, in request order, from one seeded generator.

    `per_operation` maps an operationId or `METHOD /template` to its own plan, over `default`.
    """

    default: FaultPlan | None = None
    per_operation: Mapping[str, FaultPlan] = field(default_factory=dict)
    seed: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 - fault choice, not secrets
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self.default is not None or bool(self.per_operation)

    def plan_for(self, operation_id: str, method: str, template: str) -> FaultPlan | None:
        chosen = self.per_operation.get(operation_id) if operation_id else None
        chosen = chosen or self.per_operation.get(f"{method} {template}") or self.per_operation.get("*")
        return chosen or self.default

    def decide(self, plan: FaultPlan | None, prefer: Mapping[str, str]) -> Decision | None:
        """The fate of one request under `plan`; the Prefer header's asks win over the draw."""
        asked = _asked(prefer)
        if plan is None:
            return asked
        with self._lock:  # one draw sequence, whatever thread asks
            delay = plan.latency.draw(self._rng) if plan.latency else 0.0
            roll = self._rng.random()
        fault: str | None = None
        if roll < plan.error_rate:
            fault = "error"
        else:
            roll -= plan.error_rate
            for name, rate in plan.faults:
                if roll < rate:
                    fault = name
                    break
                roll -= rate
        drawn = Decision(delay, fault, plan.error_status, plan.slow_body_seconds)
        if asked is None:
            return drawn if delay or fault else None
        return Decision(asked.delay or drawn.delay, asked.fault or drawn.fault, asked.status or drawn.status)


def _asked(prefer: Mapping[str, str]) -> Decision | None:
    """`Prefer: latency=500ms`, `Prefer: fault=reset` (or `fault=error`, with `code=503` for its status)."""
    latency = prefer.get("latency")
    fault = prefer.get("fault")
    if latency is None and fault is None:
        return None
    delay = parse_latency(latency).high if latency else 0.0
    if fault is not None and fault not in PREFER_FAULTS:
        raise ConfigError(
            f"unknown fault {fault!r} in the Prefer header", hint=f"faults: {', '.join(PREFER_FAULTS)}"
        )
    code = prefer.get("code")
    status = int(code) if fault == "error" and code and code.isdigit() else None
    return Decision(delay, fault, status)
