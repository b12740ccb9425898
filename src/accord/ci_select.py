"""Which services one `accord ci` run checks, for systems too large to check whole on every push.

`--changed-since REF` selects the services whose contracts, pacts or code folder changed, plus
every consumer (depends_on, or the consumer of a pact) and every subscriber (to an event the
service publishes) of a changed contract; a changed accord.yaml selects everything.
`--shard I/N` then keeps the services that hash into job I of N.

How the split works: the services to check are ordered by a hash of their name (sha256, the
same on every machine) and cut into N consecutive blocks of equal size (give or take one).
Against the alternatives:
- round-robin over the sorted names balances as well, but adding one service shifts every
  name after it, so most services change job;
- `hash(name) mod N` never moves a service when another is added, but balances poorly at
  CI sizes (200 services over 7 jobs: 16 in one job, 46 in another; the slowest job is the
  pipeline's time);
- blocks of the hash order balance exactly and adding or removing one service moves at most
  N-1 others (the one at each block boundary); the hash spreads a team's `payments-*`
  services over the jobs instead of giving them all to one.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.contracts.discover import CONTRACT_SUFFIXES
from accord.errors import ConfigError
from accord.manifest import Manifest, Service, Workspace
from accord.report import Report

__all__ = [
    "Selection",
    "Shard",
    "scoped_workspace",
    "select_services",
    "selected_contracts",
    "selected_pacts",
]


@dataclass(frozen=True)
class Shard:
    """Job `index` (1-based) of `total`."""

    index: int
    total: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
        hint = "write I/N with 1 <= I <= N, e.g. --shard 1/4 for the first of four jobs"
        if match is None:
            raise ConfigError(f"--shard {text!r} is not of the form I/N", hint=hint)
        index, total = int(match[1]), int(match[2])
        if total < 1 or not 1 <= index <= total:
            raise ConfigError(
                f"--shard {text}: the job number must be between 1 and {max(total, 1)}", hint=hint
            )
        return cls(index, total)

    def pick(self, services: Iterable[str]) -> set[str]:
        """This job's block of the services in hash order."""
        ordered = sorted(services, key=lambda name: (hashlib.sha256(name.encode("utf-8")).digest(), name))
        start = (self.index - 1) * len(ordered) // self.total
        end = self.index * len(ordered) // self.total
        return set(ordered[start:end])

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


@dataclass(frozen=True)
class Selection:
    """The services one run checks, each with why, in manifest order."""

    services: dict[str, tuple[str, ...]]
    total: int  # services in the manifest
    changed_since: str | None = None
    shard: Shard | None = None

    def names(self) -> frozenset[str]:
        return frozenset(self.services)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changed_since": self.changed_since,
            "shard": str(self.shard) if self.shard else None,
            "of": self.total,
            "services": {name: list(reasons) for name, reasons in self.services.items()},
        }

    def annotate(self, report: Report) -> None:
        """Say in a report what was selected (`summary.selection` in json, lines for people) and
        which files were checked (`summary.checked`: what `accord report merge` joins)."""
        report.meta["selection"] = self.to_dict()
        report.meta["checked"] = list(report.checked)
        report.notes.extend(self.describe())

    def describe(self) -> list[str]:
        """Lines for people: what was selected and why."""
        scope = [f"changed since {self.changed_since}"] if self.changed_since else []
        scope += [f"shard {self.shard}"] if self.shard else []
        head = f"selected {len(self.services)} of {self.total} service(s) ({', '.join(scope)})"
        reasons = {r for rs in self.services.values() for r in rs}
        if len(self.services) > 1 and len(reasons) == 1:
            return [f"{head}, all because {reasons.pop()}"]
        return [head + (":" if self.services else "")] + [
            f"  {name}: {'; '.join(why)}" for name, why in self.services.items()
        ]


def select_services(
    workspace: Workspace, *, changed_since: str | None = None, shard: Shard | None = None
) -> Selection:
    """The services to check: changed since a ref (default: all), then those of one shard."""
    services = workspace.manifest.services
    chosen: dict[str, tuple[str, ...]]
    if changed_since is None:
        chosen = dict.fromkeys(services, ("the whole system is checked (no --changed-since)",))
    else:
        from accord.git_changes import changed_files

        chosen = _affected(workspace, changed_files(changed_since, workspace.root))
    if shard is not None:
        mine = shard.pick(chosen)
        chosen = {name: why for name, why in chosen.items() if name in mine}
    return Selection(chosen, len(services), changed_since, shard)


def _affected(workspace: Workspace, changed: set[Path]) -> dict[str, tuple[str, ...]]:
    manifest = workspace.manifest
    if workspace.manifest_path in changed:
        return dict.fromkeys(manifest.services, (f"{workspace.manifest_path.name} changed",))
    reasons: dict[str, list[str]] = {}
    contract_changed: list[str] = []
    for service in manifest.services.values():
        own = _changed_contract(workspace, service, changed)
        if own:
            reasons.setdefault(service.name, []).append(own)
            contract_changed.append(service.name)
        folder = workspace.resolve(service.path) if service.path else None
        contracts = set(_contracts(workspace, service))
        if folder and any(p not in contracts and p.is_relative_to(folder) for p in changed):
            reasons.setdefault(service.name, []).append(f"code changed under {service.path}")
    parties = pact_parties(workspace)
    for path in sorted(changed & set(parties)):
        consumer, provider = parties[path]
        for name in (consumer, provider):
            if name in manifest.services:
                reasons.setdefault(name, []).append(f"pact {_shown(workspace, path)} changed")
    for name in contract_changed:
        for dependent, why in _readers(manifest, parties, manifest.services[name]):
            reasons.setdefault(dependent, []).append(why)
    return {name: tuple(dict.fromkeys(reasons[name])) for name in manifest.services if name in reasons}


def _changed_contract(workspace: Workspace, service: Service, changed: set[Path]) -> str | None:
    """Why the service's contract counts as changed: the file itself, or a file it `$ref`s by name."""
    shared = [p for p in changed if p.name.endswith(CONTRACT_SUFFIXES)]
    for contract in _contracts(workspace, service):
        if contract in changed:
            return f"contract {_shown(workspace, contract)} changed"
        referred = _refers_to(contract, [p for p in shared if p != contract])
        if referred is not None:
            return f"contract {_shown(workspace, contract)} refers to changed {_shown(workspace, referred)}"
    return None


def _refers_to(contract: Path, candidates: list[Path]) -> Path | None:
    # A textual test, not a $ref resolution: loading every contract would cost what the
    # selection saves. It errs towards selecting: any `$ref` line naming the changed file.
    if not candidates:
        return None
    try:
        lines = [line for line in contract.read_text("utf-8", "replace").splitlines() if "$ref" in line]
    except OSError:
        return None
    return next((p for p in candidates if any(p.name in line for line in lines)), None)


def _readers(
    manifest: Manifest, parties: dict[Path, tuple[str, str]], provider: Service
) -> list[tuple[str, str]]:
    """The services that read a provider's contracts: its HTTP consumers and event subscribers."""
    found = [
        (s.name, f"consumer of {provider.name}, whose contract changed")
        for s in manifest.services.values()
        if provider.name in s.dependency_names
    ]
    found += [
        (consumer, f"consumer of {provider.name} (pact), whose contract changed")
        for consumer, name in parties.values()
        if name == provider.name and consumer in manifest.services
    ]
    found += [
        (s.name, f"subscribes to {event} of {provider.name}, whose contract changed")
        for s in manifest.services.values()
        for event in s.subscribes
        if event in provider.publishes and s.name != provider.name
    ]
    return found


def pact_parties(workspace: Workspace) -> dict[Path, tuple[str, str]]:
    """(consumer, provider) of each readable pact of the pacts folder. Unreadable pacts are
    left to `pact check` to report; here only the two names are read, not the interactions."""
    folder = workspace.resolve(workspace.manifest.pacts.dir)
    parties: dict[Path, tuple[str, str]] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text("utf-8"))
            parties[path] = (str(data["consumer"]["name"]), str(data["provider"]["name"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return parties


def _contracts(workspace: Workspace, service: Service) -> list[Path]:
    return [workspace.resolve(c) for c in (service.openapi, service.asyncapi) if c]


def _shown(workspace: Workspace, path: Path) -> str:
    try:
        return path.relative_to(workspace.root).as_posix()
    except ValueError:
        return str(path)


# --- what each CI step looks at, given the selection (None: the whole system) ------------------


def selected_contracts(workspace: Workspace, selection: Selection | None) -> list[Path]:
    """The contracts of the selected services, in manifest order."""
    return scoped_workspace(workspace, selection).contracts()


def selected_pacts(workspace: Workspace, selection: Selection | None) -> list[Path]:
    """The pacts checked: those whose consumer is selected (a pact runs in its consumer's job),
    plus pacts too broken to name their consumer, so their errors are not lost."""
    folder = workspace.resolve(workspace.manifest.pacts.dir)
    every = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if selection is None:
        return every
    parties = pact_parties(workspace)
    names = selection.names()
    return [p for p in every if p not in parties or parties[p][0] in names]


def scoped_workspace(workspace: Workspace, selection: Selection | None) -> Workspace:
    """The workspace with only the selected services in its manifest."""
    if selection is None:
        return workspace
    services = {n: s for n, s in workspace.manifest.services.items() if n in selection.services}
    return workspace._replace(manifest=workspace.manifest._replace(services=services))
