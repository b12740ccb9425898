"""Compare contracts of the working tree with the same files at a git ref (`--base-ref`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from accord.contracts.diff.engine import DiffResult, contract_change, diff_contracts, proto_category, renamer
from accord.contracts.diff.gitbase import Snapshot, snapshot
from accord.contracts.diff.proto import is_proto_input
from accord.contracts.diff.proto_pair import Category
from accord.contracts.diff.proto_ref import diff_proto_against_ref, diff_service_against_ref
from accord.contracts.model import load_contract
from accord.errors import AccordError

if TYPE_CHECKING:
    from accord.manifest import Workspace

__all__ = ["diff_paths_against_ref", "diff_workspace_against_ref"]


def diff_paths_against_ref(paths: list[Path], ref: str, cwd: Path, *, category: str = "source") -> DiffResult:
    """Each file against itself at `ref`; a file that did not exist there is a new contract.
    `category` is what `.proto` changes may not break (wire, wire-json, source)."""
    with snapshot(ref, cwd) as snap:
        result = DiffResult(rename=renamer(snap.shown()))
        for path in paths:
            if is_proto_input(path):
                result.checked.append(str(path))
                result.changes.extend(
                    diff_proto_against_ref(snap, path, proto_category(category), result.rename)
                )
            else:
                _compare(snap, path, result)
        return result


def diff_workspace_against_ref(workspace: Workspace, ref: str, *, category: str = "source") -> DiffResult:
    """Every contract of accord.yaml against `ref` (each service's `.proto` files with its
    import roots), and contracts the manifest at `ref` had."""
    with snapshot(ref, workspace.root) as snap:
        result = DiffResult(rename=renamer(snap.shown()))
        current = workspace.contracts()
        for path in current:
            _compare(snap, path, result)
        _compare_protos(snap, workspace, proto_category(category), result)
        kept = {snap.path_for(p) for p in current}
        for old_path in _contracts_at_ref(snap, workspace):
            if old_path not in kept:
                try:
                    old = load_contract(snap.path_for(old_path))
                except AccordError:
                    continue  # a contract that was already unreadable at the ref breaks nobody now
                result.changes.append(contract_change("contract-removed", old))
        return result


def _compare_protos(snap: Snapshot, workspace: Workspace, category: Category, result: DiffResult) -> None:
    from accord.contracts.proto.sources import service_proto_sources

    for service in workspace.manifest.services.values():
        sources = service_proto_sources(workspace, service)
        if sources is not None:
            result.checked.extend(str(file) for file in sources.files)
            result.changes.extend(diff_service_against_ref(snap, workspace, service, category, result.rename))


def _compare(snap: Snapshot, path: Path, result: DiffResult) -> None:
    new = load_contract(path)
    before = snap.path_for(path)
    result.checked.append(str(path))
    if not before.is_file():
        result.changes.append(contract_change("contract-added", new))
        return
    try:
        old = load_contract(before)
    except AccordError as exc:
        exc.file = renamer(snap.shown())(exc.file or str(before))
        raise
    result.changes.extend(diff_contracts(old, new))


def _contracts_at_ref(snap: Snapshot, workspace: Workspace) -> list[Path]:
    from accord.manifest import load_workspace

    manifest = snap.path_for(workspace.manifest_path)
    if not manifest.is_file():
        return []
    try:
        return load_workspace(manifest).contracts()
    except AccordError:
        return []  # the manifest at the ref did not load: no removed contracts to report
