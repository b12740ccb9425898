"""`accord contracts validate`: collect files → load each contract → run every rule → Report.

A file that cannot be read as a contract is bad input (InputError, exit 2); a contract that
loads but breaks its specification gives findings (exit 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from accord.contracts.collect import collect_contracts
from accord.contracts.model import load_contract
from accord.contracts.rule_context import RuleContext
from accord.contracts.validation_rules import RULES
from accord.documents.loader import paused_gc
from accord.report import Finding, Report, display_path

if TYPE_CHECKING:  # .proto support is imported when there are .proto files
    from accord.contracts.proto.sources import ProtoSources

__all__ = ["validate_contract", "validate_paths", "validate_protos"]


def validate_paths(
    paths: Sequence[Path],
    *,
    allow_remote: bool = False,
    use_cache: bool = True,
    protos: Sequence[ProtoSources] = (),
) -> Report:
    """Validate the contracts at `paths` (files, or folders searched for contracts, `.proto`
    files included) and the groups of `.proto` files of accord.yaml's services."""
    report = Report("validate")
    found = collect_contracts(paths)
    proto_files = [p for p in found if p.suffix == ".proto"]
    if proto_files or protos:
        from accord.contracts.proto.sources import proto_groups

        for group in proto_groups(proto_files, protos):
            report.checked.extend(display_path(p) for p in group.files)
            report.extend(
                f._replace(file=display_path(f.file)) if f.file else f for f in validate_protos(group)
            )
    for path in (p for p in found if p.suffix != ".proto"):
        report.checked.append(display_path(path))
        findings = _validate_cached(path, allow_remote=allow_remote, use_cache=use_cache)
        # Paths relative to the working folder: what SARIF uploads and editors expect.
        report.extend(f._replace(file=display_path(f.file)) if f.file else f for f in findings)
    return report


def validate_protos(group: ProtoSources) -> list[Finding]:
    """protoc's verdict on a group of `.proto` files: syntax, imports that resolve, types that
    exist (errors), and its warnings (an unused import)."""
    from accord.contracts.proto.loader import ProtoCompileError, build_protos

    try:
        return list(build_protos(group.files, group.import_roots).warnings)
    except ProtoCompileError as exc:
        return list(exc.findings)


def validate_contract(path: Path, *, allow_remote: bool = False) -> list[Finding]:
    """Every finding of every rule for one contract file."""
    return _run_rules(path, allow_remote)[0]


def _run_rules(path: Path, allow_remote: bool) -> tuple[list[Finding], list[str]]:
    """The findings, and every file the contract is made of (the root and its `$ref`s)."""
    with paused_gc():  # the walk and the findings make a tuple per node: no cycles among them
        contract = load_contract(path, allow_remote=allow_remote)
        ctx = RuleContext(contract)
        findings = [finding for rule in RULES for finding in rule.check(ctx)]
    return findings, [doc.name for doc in contract.resolver.documents]


def _validate_cached(path: Path, *, allow_remote: bool, use_cache: bool) -> list[Finding]:
    # Remote documents can change without a local file changing: never cached.
    if not use_cache or allow_remote:
        return validate_contract(path, allow_remote=allow_remote)
    from accord.contracts.findings_cache import FindingsCache

    cache = FindingsCache()
    cached = cache.get("validate", path)
    if cached is not None:
        return cached
    findings, files = _run_rules(path, allow_remote)
    cache.put("validate", path, files, findings)
    return findings
