"""Service names and the paths derived from them, checked before anything is written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import ConfigError

if TYPE_CHECKING:
    from accord.manifest import Workspace

__all__ = ["check_inside", "check_service_name", "scaffold_workspace"]

# The manifest schema's name: a DNS label, so it works as a Kubernetes Service and host name.
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def check_service_name(name: str) -> str:
    if len(name) > 63 or not _NAME.fullmatch(name):
        raise ConfigError(
            f"{name!r} is not a valid service name",
            hint="use lower-case letters, digits and single dashes, starting with a letter "
            "(at most 63 characters), e.g. orders or order-history",
        )
    return name


def check_inside(root: Path, path: Path, what: str) -> Path:
    """`path` resolved, refusing anything outside the workspace (`..`, absolute paths, symlinks)."""
    resolved = (root / path).resolve()
    if resolved != root and root not in resolved.parents:
        raise ConfigError(
            f"{what} {path} is outside the workspace {root}"
            + (f" (it leads to {resolved})" if not path.is_absolute() and ".." not in path.parts else ""),
            hint="give a path inside the folder of accord.yaml; a symlink may not lead out of it",
        )
    if resolved == root:
        raise ConfigError(f"{what} cannot be the workspace root itself", hint="use e.g. services/NAME")
    return resolved


def scaffold_workspace(explicit: Path | None = None) -> Workspace:
    """The workspace to scaffold in; refuses an accord.yaml that is a symlink to another folder.

    Every write of scaffold lands beside the manifest, so a linked manifest would carry them all
    to wherever the link leads.
    """
    from accord.documents.reading import MANIFEST_NAME
    from accord.manifest import find_workspace

    found = find_workspace(explicit=explicit)
    if explicit is not None:
        entry = explicit / MANIFEST_NAME if explicit.is_dir() else explicit
    else:
        here = Path.cwd().absolute()
        entry = next(f / MANIFEST_NAME for f in (here, *here.parents) if (f / MANIFEST_NAME).is_file())
    if entry.is_symlink() and entry.parent.resolve() != found.root:
        raise ConfigError(
            f"{entry} is a symlink to {found.manifest_path}: scaffold would write into {found.root}",
            hint=f"replace the link with the file, or run accord in {found.root}",
        )
    return found
