"""Where a scaffolded service may go: inside the workspace, in a folder of its own.

`--force` replaces a service: the folder NAME is registered with, or one a template made (it
holds the recorded answers). Never accord.yaml, accord's own folders, the pacts or the gateway
output, another service's folder, or a folder of other files.
"""

from __future__ import annotations

from pathlib import Path

from accord.errors import ConfigError
from accord.manifest import Workspace
from accord.scaffold.names import check_inside
from accord.scaffold.render import ANSWERS_FILE

__all__ = ["plan_target"]

_OWN_FOLDER = "use a folder of its own, e.g. services/NAME"


def plan_target(workspace: Workspace, name: str, output: Path | None, *, force: bool) -> Path:
    """The service's folder; refuses an existing service or folder (without --force) and outside paths."""
    output = output or Path("services") / name
    target = check_inside(workspace.root, output, "output path")
    _refuse_overlap(workspace, name, output, target)
    if force:
        _refuse_foreign_files(workspace, name, output, target)
        return target
    if name in workspace.manifest.services:
        raise ConfigError(
            f"service {name!r} already exists in the manifest",
            file=workspace.manifest_path,
            hint="choose another name, or pass --force to replace it",
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(
            f"{target} already exists and is not empty",
            hint="choose another --into, or pass --force to replace it",
        )
    return target


def _refuse_overlap(workspace: Workspace, name: str, output: Path, target: Path) -> None:
    """Never accord.yaml or the folders the system keeps (nor a folder inside .accord or .git),
    nor another service's folder, nor a folder that holds one or lies inside one."""
    manifest = workspace.manifest
    root = workspace.root.resolve()
    kept = {
        "accord.yaml": workspace.manifest_path.resolve(),
        "the pacts folder": (root / manifest.pacts.dir).resolve(),
        "the gateway output": (root / manifest.gateway.output).resolve(),
    }
    private = {"accord's own folder .accord": root / ".accord", "the git repository": root / ".git"}
    for what, path in (kept | private).items():
        if path.is_relative_to(target) or (what in private and target.is_relative_to(path)):
            raise ConfigError(f"output path {output} is or holds {what}", hint=_OWN_FOLDER)
    for other in manifest.services.values():
        if other.name == name or not other.path:
            continue
        folder = workspace.resolve(other.path)
        if folder.is_relative_to(target) or target.is_relative_to(folder):
            raise ConfigError(
                f"output path {output} overlaps the folder of service {other.name!r} ({other.path})",
                file=workspace.manifest_path,
                hint=_OWN_FOLDER,
            )


def _refuse_foreign_files(workspace: Workspace, name: str, output: Path, target: Path) -> None:
    """--force replaces a service, not whatever else a folder holds."""
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        return
    service = workspace.manifest.services.get(name)
    if service is not None and service.path and workspace.resolve(service.path) == target:
        return
    if (target / ANSWERS_FILE).is_file():
        return
    raise ConfigError(
        f"output path {output} holds files that are not a scaffolded service (no {ANSWERS_FILE})",
        hint="--force replaces a service accord made; choose another --into, or empty the folder",
    )
