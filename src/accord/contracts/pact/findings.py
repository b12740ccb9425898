"""Turn the verifier's results (a bare RuntimeError plus `verifier.results`) into findings.

Each mismatch of each failed interaction becomes one Finding that names the consumer, the
interaction and what differed, located at the interaction in the consumer's pact file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.contracts.pact.files import PactFile
from accord.contracts.pact.runtime import redact_credentials
from accord.report import Finding, Severity, display_path

__all__ = [
    "InteractionOutcome",
    "InteractionVerdict",
    "interaction_verdicts",
    "outcomes",
    "unhandled_states",
    "verification_findings",
]

PASSED = "passed"
FAILED = "failed"
PENDING = "pending"
NOT_VERIFIED = "not verified"

_RULES = {
    "StatusMismatch": "pact.status",
    "BodyMismatch": "pact.body",
    "BodyTypeMismatch": "pact.body",
    "HeaderMismatch": "pact.header",
    "MetadataMismatch": "pact.metadata",
    "QueryMismatch": "pact.query",
    "PathMismatch": "pact.path",
    "MethodMismatch": "pact.method",
}


@dataclass(frozen=True)
class InteractionOutcome:
    """How one interaction of one consumer's pact fared against the provider."""

    consumer: str
    description: str
    passed: bool
    pending: bool
    states: tuple[str, ...]
    mismatches: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class InteractionVerdict:
    """The verdict on one interaction: passed, failed, pending (failed, but only warns) or
    not verified (the verifier never reported it, which is a failure too)."""

    consumer: str
    description: str
    verdict: str
    pact: PactFile | None = None
    pointer: str | None = None


def interaction_verdicts(pacts: list[PactFile], results: dict[str, Any]) -> list[InteractionVerdict]:
    """A verdict for every interaction of every pact, and for any other the verifier judged.

    Outcomes are paired with interactions by consumer and description, in order, so that
    an interaction the verifier skipped (or lost in a crash) stays visible as not verified.
    """
    waiting: dict[tuple[str, str], list[InteractionOutcome]] = {}
    for outcome in outcomes(results):
        waiting.setdefault((outcome.consumer, outcome.description), []).append(outcome)
    verdicts = []
    for pact in pacts:
        for interaction in pact.interactions:
            found = waiting.get((pact.consumer, interaction.description))
            paired = found.pop(0) if found else None
            verdicts.append(
                InteractionVerdict(
                    pact.consumer, interaction.description, _verdict(paired), pact, interaction.pointer
                )
            )
    for (consumer, description), left in waiting.items():
        verdicts += [InteractionVerdict(consumer, description, _verdict(o)) for o in left]
    return verdicts


def _verdict(outcome: InteractionOutcome | None) -> str:
    if outcome is None:
        return NOT_VERIFIED
    if outcome.passed:
        return PASSED
    return PENDING if outcome.pending else FAILED


def outcomes(results: dict[str, Any]) -> list[InteractionOutcome]:
    """The per-interaction outcomes of `verifier.results`."""
    found = []
    for item in results.get("interactionResults") or []:
        mismatch = item.get("mismatch") or {}
        if mismatch.get("type") == "mismatches":
            details = tuple(m for m in mismatch.get("mismatches") or [] if isinstance(m, dict))
        elif mismatch:
            details = ({"type": "Error", "mismatch": str(mismatch.get("message", mismatch))},)
        else:
            details = ()
        found.append(
            InteractionOutcome(
                consumer=str(item.get("consumer", "?")),
                description=str(item.get("description", "?")),
                passed=item.get("result") == "OK",
                pending=bool(item.get("pending")),
                states=tuple(str(s) for s in item.get("providerStates") or []),
                mismatches=details,
            )
        )
    return found


def verification_findings(
    provider: str, results: dict[str, Any], pacts: list[PactFile], output: str
) -> list[Finding]:
    """One finding per mismatch of every failed interaction; pending ones only warn."""
    findings: list[Finding] = []
    by_consumer = {p.consumer: p for p in pacts}
    items = outcomes(results)
    for outcome in items:
        if outcome.passed:
            continue
        pact = by_consumer.get(outcome.consumer)
        interaction = pact.interaction(outcome.description) if pact else None
        given = f" (given {', '.join(repr(s) for s in outcome.states)})" if outcome.states else ""
        subject = f"{outcome.consumer} -> {provider}: {outcome.description!r}{given}"
        severity = Severity.warning if outcome.pending else Severity.error
        for mismatch in outcome.mismatches or ({"type": "Error", "mismatch": "verification failed"},):
            findings.append(
                Finding(
                    rule=_RULES.get(str(mismatch.get("type")), "pact.error"),
                    severity=severity,
                    message=f"{subject}: {describe_mismatch(mismatch)}",
                    file=display_path(pact.path) if pact else None,
                    line=pact.line_of(interaction.pointer) if pact and interaction else None,
                    pointer=interaction.pointer if interaction else None,
                )
            )
    for verdict in interaction_verdicts(pacts, results):
        if verdict.verdict == NOT_VERIFIED and verdict.pact is not None:
            findings.append(_unverified(provider, verdict))
    if results.get("result") is False and not any(not o.passed for o in items):
        # The verifier failed before judging any interaction (provider down, bad source, ...).
        findings.append(
            Finding(
                rule="pact.error",
                severity=Severity.error,
                message=f"verification of {provider} failed: {redact_credentials(_last_lines(output))}",
            )
        )
    return findings


def unhandled_states(provider: str, pacts: list[PactFile], *, strict: bool) -> list[Finding]:
    """With no state handler, each provider state a consumer relies on is silently skipped:
    say so once per consumer and state (a warning; an error when `strict`)."""
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for pact in pacts:
        for interaction in pact.interactions:
            for state in interaction.states:
                if (pact.consumer, state) in seen:
                    continue
                seen.add((pact.consumer, state))
                findings.append(
                    Finding(
                        rule="pact.states",
                        severity=Severity.error if strict else Severity.warning,
                        message=(
                            f"{pact.consumer} -> {provider}: {interaction.description!r} needs provider "
                            f"state {state!r}, but no state handler is set: the provider is verified "
                            "in whatever state it is in (pass --states module:function)"
                        ),
                        file=display_path(pact.path),
                        line=pact.line_of(interaction.pointer),
                        pointer=interaction.pointer,
                    )
                )
    return findings


def _unverified(provider: str, verdict: InteractionVerdict) -> Finding:
    pact = verdict.pact
    assert pact is not None and verdict.pointer is not None
    return Finding(
        rule="pact.unverified",
        severity=Severity.error,
        message=(
            f"{verdict.consumer} -> {provider}: {verdict.description!r}: the verifier reported no "
            "result for this interaction, so it is not verified"
        ),
        file=display_path(pact.path),
        line=pact.line_of(verdict.pointer),
        pointer=verdict.pointer,
    )


def describe_mismatch(mismatch: dict[str, Any]) -> str:
    """A one-line account of one mismatch, in the verifier's own words plus where."""
    kind = str(mismatch.get("type", ""))
    text = str(mismatch.get("mismatch") or mismatch.get("description") or "").strip()
    if kind == "StatusMismatch":
        return f"status: expected {mismatch.get('expected')} but was {mismatch.get('actual')}"
    if kind == "HeaderMismatch":
        return f"header {mismatch.get('key')!r}: {text}"
    if kind == "MetadataMismatch":
        return f"message metadata {mismatch.get('key')!r}: {text}"
    if kind in ("BodyMismatch", "BodyTypeMismatch"):
        where = mismatch.get("path") or "$"
        return f"body {where}: {text}"
    if kind in ("QueryMismatch", "PathMismatch", "MethodMismatch"):
        return f"request {kind.removesuffix('Mismatch').lower()}: {text}"
    return text or kind or "verification failed"


def _last_lines(output: str, count: int = 6) -> str:
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    return " | ".join(lines[-count:]) or "no output from the verifier"
