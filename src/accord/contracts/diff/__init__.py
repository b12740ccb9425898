"""Breaking-change detection between two versions of an OpenAPI or AsyncAPI contract."""

from __future__ import annotations

import typing

from accord.contracts.diff.accepted import Acceptance, load_accepted, write_accepted
from accord.contracts.diff.engine import DiffResult, diff_contracts, diff_paths, list_checks
from accord.contracts.diff.markdown import render_changelog
from accord.contracts.diff.model import Change, Direction

if typing.TYPE_CHECKING:
    from accord.contracts.diff.against_ref import diff_paths_against_ref, diff_workspace_against_ref

__all__ = [
    "Acceptance",
    "Change",
    "DiffResult",
    "Direction",
    "diff_contracts",
    "diff_paths",
    "diff_paths_against_ref",
    "diff_workspace_against_ref",
    "list_checks",
    "load_accepted",
    "render_changelog",
    "write_accepted",
]


_AGAINST_REF = ("diff_paths_against_ref", "diff_workspace_against_ref")


def __getattr__(name: str) -> typing.Any:
    """The diffs against a git ref, imported on first use: they bring git and the .proto
    readers, which a diff of two files does not need."""
    if name in _AGAINST_REF:
        from accord.contracts.diff import against_ref

        return getattr(against_ref, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
