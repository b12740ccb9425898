"""Service names and the paths derived from them, checked before anything is written."""

from __future__ import annotations

import re
from pathlib import Path

from accord.errors import ConfigError

__all__ = ["check_inside", "check_service_name"]

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
