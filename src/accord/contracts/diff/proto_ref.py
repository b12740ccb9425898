"""`.proto` contracts against a git ref: the files and their import roots as they were there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from accord.contracts.diff.gitbase import Snapshot
from accord.contracts.diff.model import Change, Side
from accord.contracts.diff.proto import diff_proto_builds, proto_build_of
from accord.contracts.diff.proto_pair import Category
from accord.contracts.proto.model import ProtoApi
from accord.errors import AccordError
from accord.report import Severity

if TYPE_CHECKING:
    from accord.contracts.diff.engine import Rename
    from accord.contracts.proto.loader import ProtoBuild
    from accord.manifest import Service, Workspace

__all__ = ["diff_proto_against_ref", "diff_service_against_ref"]


def diff_proto_against_ref(snap: Snapshot, path: Path, category: Category, rename: Rename) -> list[Change]:
    """One `.proto` file (its folder the import root) or folder against itself at the ref."""
    from accord.contracts.proto.loader import default_root

    root = path if path.is_dir() else default_root(path)
    before_root = snap.folder_for(root)
    before = before_root if path.is_dir() else snap.path_for(path)
    new = proto_build_of(path)
    if not before.exists():
        return _added(new)
    old = _at_ref(lambda: proto_build_of(before, [before_root]), rename)
    return diff_proto_builds(old, new, category)


def diff_service_against_ref(
    snap: Snapshot, workspace: Workspace, service: Service, category: Category, rename: Rename
) -> list[Change]:
    """A service's `.proto` files and import roots against the same `grpc:` entries at the ref
    (a folder's files as they were there; files that did not exist there are new)."""
    from accord.contracts.proto.loader import build_protos
    from accord.contracts.proto.sources import proto_files_in, service_proto_sources

    sources = service_proto_sources(workspace, service)
    if sources is None:
        return []
    new = build_protos(sources.files, sources.import_roots)
    roots = [snap.folder_for(root) for root in sources.import_roots]
    files: list[Path] = []
    for entry in service.grpc.protos if service.grpc else ():
        current = workspace.resolve(entry)
        files += proto_files_in(snap.folder_for(current)) if current.is_dir() else [snap.path_for(current)]
    files = [file for file in files if file.is_file()]
    if not files:
        return _added(new)
    old = _at_ref(lambda: build_protos(files, roots), rename)
    return diff_proto_builds(old, new, category)


def _at_ref(compile_old: Callable[[], ProtoBuild], rename: Rename) -> ProtoBuild:
    """Compile the old version; its errors name the file as `REF:path`."""
    try:
        return compile_old()
    except AccordError as exc:
        exc.file = rename(exc.file) if exc.file else exc.file
        raise


def _added(new: ProtoBuild) -> list[Change]:
    api = ProtoApi.from_build(new)
    return [
        Change("contract-added", Severity.info, "", "", f"new contract (proto {name})", file, "", Side.new)
        for name, file in api.files.items()
    ]
