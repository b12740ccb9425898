"""Breaking-change detection between two versions of an OpenAPI or AsyncAPI contract."""

from __future__ import annotations

from accord.contracts.diff.accepted import Acceptance, load_accepted, write_accepted
from accord.contracts.diff.against_ref import diff_paths_against_ref, diff_workspace_against_ref
from accord.contracts.diff.engine import DiffResult, diff_contracts, diff_paths, list_checks
from accord.contracts.diff.markdown import render_changelog
from accord.contracts.diff.model import Change, Direction

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
