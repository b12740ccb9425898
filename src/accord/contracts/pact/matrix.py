"""The local verification matrix: which provider version verified which consumer version.

`pact verify` appends a row per consumer pact; `can-i-deploy` answers from it when no Pact
Broker is configured, so a single repository can gate deploys without a server.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from accord.atomic import write_text_atomic
from accord.contracts.pact.files import load_pact_file, pact_paths, pacts_dir
from accord.errors import InputError
from accord.manifest import Workspace

__all__ = ["DeployDecision", "MatrixRow", "can_i_deploy_local", "matrix_path", "read_matrix", "record"]


@dataclass(frozen=True)
class MatrixRow:
    """One verification of one consumer's pact by one provider version."""

    consumer: str
    consumer_version: str
    provider: str
    provider_version: str
    success: bool
    verified_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    pact: str | None = None
    failures: int = 0


@dataclass(frozen=True)
class DeployDecision:
    """The answer of can-i-deploy, and the reasons for it (one line each)."""

    pacticipant: str
    version: str
    deployable: bool
    reasons: tuple[str, ...]
    source: str = "local matrix"


def matrix_path(workspace: Workspace) -> Path:
    return workspace.resolve(workspace.manifest.pacts.matrix)


def read_matrix(path: Path) -> list[MatrixRow]:
    """Every row of the matrix file; none when it does not exist yet."""
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text("utf-8"))
        return [MatrixRow(**row) for row in data["verifications"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"the verification matrix is damaged: {exc}",
            file=path,
            hint="delete it and run `accord pact verify` again to rebuild it",
        ) from None


def record(path: Path, rows: list[MatrixRow]) -> None:
    """Append rows to the matrix file (written whole, never half)."""
    if not rows:
        return
    existing = read_matrix(path)
    payload = {"verifications": [asdict(row) for row in [*existing, *rows]]}
    write_text_atomic(path, json.dumps(payload, indent=2) + "\n")


def _latest(rows: list[MatrixRow]) -> dict[tuple[str, str], MatrixRow]:
    """The newest row per (consumer, provider); the file is in time order."""
    latest: dict[tuple[str, str], MatrixRow] = {}
    for row in rows:
        latest[(row.consumer, row.provider)] = row
    return latest


def _pairs(workspace: Workspace) -> set[tuple[str, str]]:
    """(consumer, provider) of every pact in the pacts folder."""
    pacts = [load_pact_file(path) for path in pact_paths(pacts_dir(workspace))]
    return {(p.consumer, p.provider) for p in pacts}


def can_i_deploy_local(workspace: Workspace, pacticipant: str, version: str) -> DeployDecision:
    """Deployable when every pact it takes part in was verified, successfully, at that version.

    As a consumer: each provider's newest verification of its pact at `version` passed.
    As a provider: its newest verification at `version` of each consumer's pact passed.
    """
    workspace.service(pacticipant)
    rows = read_matrix(matrix_path(workspace))
    reasons: list[str] = []
    ok = True
    for consumer, provider in sorted(_pairs(workspace)):
        if pacticipant not in (consumer, provider):
            continue
        role_rows = [
            r
            for r in rows
            if (r.consumer, r.provider) == (consumer, provider)
            and (r.consumer_version if pacticipant == consumer else r.provider_version) == version
        ]
        row = _latest(role_rows).get((consumer, provider))
        pair = f"{consumer} -> {provider}"
        if row is None:
            ok = False
            reasons.append(
                f"{pair}: no verification of {pacticipant} {version} (run `accord pact verify {provider}`)"
            )
        elif not row.success:
            ok = False
            reasons.append(f"{pair}: verification failed ({row.failures} failure(s), {row.verified_at})")
        else:
            other = row.provider_version if pacticipant == consumer else row.consumer_version
            reasons.append(f"{pair}: verified with {other} at {row.verified_at}")
    if not reasons:
        reasons.append(f"{pacticipant} takes part in no pact: nothing to break")
    return DeployDecision(pacticipant, version, ok, tuple(reasons))
