"""Which `.proto` files a contract argument or a service of accord.yaml names, and their roots."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from accord.contracts.discover import SKIPPED_FOLDERS
from accord.errors import ConfigError
from accord.manifest import Service, Workspace

__all__ = [
    "ProtoSources",
    "proto_files_in",
    "proto_groups",
    "service_proto_sources",
    "workspace_proto_sources",
]


class ProtoSources(NamedTuple):
    """`.proto` files to compile and the folders their imports are relative to."""

    files: tuple[Path, ...]
    import_roots: tuple[Path, ...]


def proto_files_in(folder: Path) -> list[Path]:
    """Every `.proto` file below `folder`, sorted; hidden and dependency folders are skipped."""
    return sorted(_below(folder))


def _below(folder: Path) -> Iterator[Path]:
    for child in folder.iterdir():
        if child.is_dir() and child.name not in SKIPPED_FOLDERS and not child.name.startswith("."):
            yield from _below(child)
        elif child.is_file() and child.suffix == ".proto":
            yield child


def service_proto_sources(workspace: Workspace, service: Service) -> ProtoSources | None:
    """The `.proto` files of a service's `grpc:` and its import roots (None: no `grpc:`).

    Without `import_roots`, a folder named is its own root and a file's folder is its root.
    """
    grpc = service.grpc
    if grpc is None:
        return None
    files: list[Path] = []
    default_roots: list[Path] = []
    for entry in grpc.protos:
        path = workspace.resolve(entry)
        if path.is_dir():
            found = proto_files_in(path)
            if not found:
                raise _missing(service, entry, "is a folder without .proto files", workspace)
            files += found
            default_roots.append(path)
        elif path.is_file():
            files.append(path)
            default_roots.append(path.parent)
        else:
            raise _missing(service, entry, "does not exist", workspace)
    roots = [workspace.resolve(root) for root in grpc.import_roots] or default_roots
    return ProtoSources(tuple(dict.fromkeys(files)), tuple(dict.fromkeys(roots)))


def _missing(service: Service, entry: str, what: str, workspace: Workspace) -> ConfigError:
    return ConfigError(
        f"services.{service.name}.grpc names {entry!r}, which {what}",
        file=workspace.manifest_path,
        hint="name .proto files or folders of them, relative to accord.yaml",
    )


def workspace_proto_sources(workspace: Workspace) -> list[ProtoSources]:
    """The `.proto` groups of every service of accord.yaml with `grpc:`, in manifest order."""
    found = (service_proto_sources(workspace, service) for service in workspace.manifest.services.values())
    return [sources for sources in found if sources is not None]


def proto_groups(files: Iterable[Path], sources: Sequence[ProtoSources] = ()) -> list[ProtoSources]:
    """`.proto` files given on the command line (one group, each file's root found from its
    package) and the groups of accord.yaml's services (with their import roots)."""
    loose = tuple(dict.fromkeys(files))
    return [*([ProtoSources(loose, ())] if loose else []), *sources]
