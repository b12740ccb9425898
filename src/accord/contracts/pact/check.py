"""`pact check`: each consumer pact against the provider's OpenAPI, offline (bi-directional).

Nothing runs: every HTTP interaction is checked by the rules of `check_rules` against the
operation it aims at, and each incompatibility is a finding at its line in the pact file.
"""

from __future__ import annotations

from pathlib import Path

from accord.contracts.model import Contract, load_contract
from accord.contracts.pact.check_rules import CHECKS, CheckContext
from accord.contracts.pact.exchange import read_exchange
from accord.contracts.pact.files import HTTP, PactFile, load_pact_file, pact_paths, pacts_dir
from accord.contracts.pact.operations import Provider
from accord.contracts.walk import require_resolvable
from accord.errors import ConfigError
from accord.manifest import Workspace
from accord.report import Finding, Report, Severity, display_path

__all__ = ["check_pact", "check_pacts"]


def check_pacts(workspace: Workspace | None, paths: list[Path], openapi: Path | None = None) -> Report:
    """Check the given pacts (default: every pact of the manifest) against their providers' OpenAPI."""
    if not paths:
        if workspace is None:
            raise ConfigError(
                "no pact given and no accord.yaml found", hint="pass PACT files, or run in a system"
            )
        paths = pact_paths(pacts_dir(workspace))
    report = Report(tool="pact check")
    pacts = [load_pact_file(path) for path in paths]
    providers: dict[Path, Provider] = {}
    for pact in pacts:
        report.checked.append(display_path(pact.path))
        contract_path = openapi or _provider_contract(workspace, pact, explicit=bool(paths))
        if contract_path is None:
            if pact.kinds & {HTTP}:
                message = f"{pact.consumer} -> {pact.provider}: the provider has no OpenAPI contract to check"
                report.findings.append(
                    Finding("pact-check.no-contract", Severity.warning, message, display_path(pact.path))
                )
            continue
        if contract_path not in providers:
            providers[contract_path] = _provider(load_contract(contract_path))
        report.extend(_check(pact, providers[contract_path]))
    return report


def _provider_contract(workspace: Workspace | None, pact: PactFile, *, explicit: bool) -> Path | None:
    if workspace is None:
        raise ConfigError(
            f"which OpenAPI does {pact.provider} have? pass --openapi SPEC",
            file=pact.path,
            hint="or run in a system",
        )
    service = workspace.manifest.services.get(pact.provider)
    if service is None or not service.openapi:
        return None
    return workspace.resolve(service.openapi)


def check_pact(pact: PactFile, contract: Contract) -> list[Finding]:
    """The incompatibilities of one pact's HTTP interactions with one OpenAPI contract."""
    return _check(pact, _provider(contract))


def _provider(contract: Contract) -> Provider:
    if not contract.kind.is_openapi:
        raise ConfigError(f"{contract.path} is not an OpenAPI contract", file=contract.path)
    # A broken $ref is said with its line up front, as the mock says it, not when a check meets it.
    require_resolvable(contract)
    return Provider(contract)


def _check(pact: PactFile, provider: Provider) -> list[Finding]:
    findings: list[Finding] = []
    for interaction in pact.interactions:
        if interaction.kind != HTTP:
            continue
        exchange = read_exchange(interaction)
        ctx = CheckContext(exchange, provider, provider.find(exchange.method, exchange.path))
        subject = f"{pact.consumer} -> {pact.provider}: {interaction.description!r}"
        for rule in CHECKS:
            for problem in rule.check(ctx):
                pointer = interaction.pointer + problem.pointer
                findings.append(
                    Finding(
                        rule=rule.id,
                        severity=rule.severity,
                        message=f"{subject}: {problem.message}",
                        file=display_path(pact.path),
                        line=pact.line_of(pointer),
                        pointer=pointer,
                    )
                )
    return findings
