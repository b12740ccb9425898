"""The diff of two versions of `.proto` files: compile both, pair them, run the proto checks
of the category asked for."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from accord.contracts.diff.model import Change
from accord.contracts.diff.proto_pair import Category, ProtoPair
from accord.contracts.diff.registry import Scope, rules_in
from accord.contracts.proto.model import ProtoApi

if TYPE_CHECKING:
    from accord.contracts.proto.loader import ProtoBuild

__all__ = ["diff_proto_builds", "diff_proto_paths", "is_proto_input", "proto_build_of"]


def is_proto_input(path: Path) -> bool:
    """A `.proto` file, or a folder holding some (and no OpenAPI/AsyncAPI contract is a folder)."""
    if path.suffix == ".proto":
        return True
    if not path.is_dir():
        return False  # OpenAPI and AsyncAPI diffs never import the .proto compiler
    from accord.contracts.proto.sources import proto_files_in

    return bool(proto_files_in(path))


def proto_build_of(path: Path, import_roots: Sequence[Path] = ()) -> ProtoBuild:
    """A `.proto` file (its folder the import root unless roots are given) or a folder of them
    (the folder the root)."""
    from accord.contracts.proto.loader import build_protos
    from accord.contracts.proto.sources import proto_files_in

    if path.is_dir():
        return build_protos(proto_files_in(path), import_roots or [path])
    return build_protos([path], import_roots)


def diff_proto_paths(old: Path, new: Path, category: Category = Category.source) -> list[Change]:
    """Two `.proto` files, or two folders of them; two single files are one file in two
    versions whatever their names."""
    before, after = proto_build_of(old), proto_build_of(new)
    rename = {} if old.is_dir() or new.is_dir() else {before.names[0]: after.names[0]}
    return diff_proto_builds(before, after, category, rename=rename)


def diff_proto_builds(
    old: ProtoBuild,
    new: ProtoBuild,
    category: Category = Category.source,
    *,
    rename: dict[str, str] | None = None,
) -> list[Change]:
    """Every change from `old` to `new` that breaks `category`; `rename` maps old file names."""
    pair = ProtoPair(ProtoApi.from_build(old, rename), ProtoApi.from_build(new), category)
    from accord.contracts.diff.checks_proto import SINCE

    changes: list[Change] = []
    for rule in rules_in(Scope.proto):
        if category < SINCE[rule.id]:
            continue
        for hit in rule.check(pair):
            changes.append(
                Change(
                    rule.id,
                    rule.severity,
                    hit.operation or "",
                    hit.subpath,
                    hit.detail,
                    hit.document,
                    hit.pointer,
                    hit.side,
                )
            )
    return changes
