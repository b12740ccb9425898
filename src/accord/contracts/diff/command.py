"""One entry point for `accord contracts diff`: pick what to compare (two files, files against
a git ref, or every contract of accord.yaml against a git ref), then apply accepted changes."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from accord.contracts.diff.accepted import load_accepted, write_accepted
from accord.contracts.diff.engine import DiffResult, diff_paths
from accord.contracts.diff.levels import apply_levels, levels_from_manifest, levels_from_options
from accord.errors import ConfigError, InputError
from accord.report import Severity

if TYPE_CHECKING:
    from accord.manifest import Workspace

__all__ = ["DEFAULT_ACCEPTED", "DiffRequest", "DiffRun", "run_diff"]

DEFAULT_ACCEPTED = "accord-accepted.yaml"


class DiffRequest:
    """What to compare and how: two files (`paths`), files against `base_ref`, or with no paths
    every contract of `workspace` against `base_ref`."""

    def __init__(
        self,
        *,
        paths: tuple[Path, ...] = (),
        base_ref: str | None = None,
        workspace: Workspace | None = None,
        accepted: Path | None = None,
        fail_on: Severity | None = None,
        accept: bool = False,
        reason: str = "accepted with --accept",
        git_cwd: Path | None = None,
        levels: tuple[str, ...] = (),
        category: str | None = None,
    ) -> None:
        self.paths = paths
        self.base_ref = base_ref
        self.workspace = workspace  # the system, for its diff settings and accepted changes
        self.accepted = accepted
        self.fail_on = fail_on
        self.accept = accept
        self.reason = reason
        self.git_cwd = git_cwd  # where PATHS' repository is found (default: the current folder)
        self.levels = levels
        self.category = category  # what .proto changes may not break: wire, wire-json, source


class DiffRun(NamedTuple):
    """The result, the threshold in force and, after `--accept`, how many entries were written."""

    result: DiffResult
    fail_on: Severity
    accepted_file: Path | None
    written: int = 0


def run_diff(request: DiffRequest) -> DiffRun:
    workspace = request.workspace
    settings = workspace.manifest.diff if workspace else {}
    levels = levels_from_manifest(settings, workspace.manifest_path) if workspace else {}
    levels.update(levels_from_options(request.levels))
    days = _deprecation_days(settings, workspace.manifest_path if workspace else None)
    category = request.category or str(settings.get("category", "source"))
    if request.base_ref is None:
        if len(request.paths) != 2:
            raise ConfigError(
                f"expected OLD and NEW contract files, got {len(request.paths)} path(s)",
                hint="accord contracts diff OLD NEW, or --base-ref REF [PATH...]",
            )
        result = diff_paths(*request.paths, deprecation_days=days, category=category)
    elif request.paths:
        from accord.contracts.diff.against_ref import diff_paths_against_ref  # git and .proto: only here

        cwd = request.git_cwd or Path.cwd()
        result = diff_paths_against_ref(list(request.paths), request.base_ref, cwd, days, category=category)
    else:
        if workspace is None:
            raise ConfigError(
                "no accord.yaml found", hint="pass contract paths, or run in a system with accord.yaml"
            )
        from accord.contracts.diff.against_ref import diff_workspace_against_ref

        result = diff_workspace_against_ref(workspace, request.base_ref, days, category=category)
    result.changes = apply_levels(result.changes, levels)
    fail_on = request.fail_on or Severity(settings.get("fail_on", "error"))
    accepted_file = request.accepted
    if accepted_file is None and workspace is not None:
        accepted_file = workspace.resolve(str(settings.get("accepted") or DEFAULT_ACCEPTED))
    if request.accept:
        accepted_file = accepted_file or (workspace.root if workspace else Path.cwd()) / DEFAULT_ACCEPTED
        written = write_accepted(accepted_file, result.changes, request.reason)
        result.accept(load_accepted(accepted_file))
        return DiffRun(result, fail_on, accepted_file, written)
    if accepted_file is not None:
        if not accepted_file.exists():
            if request.accepted is not None:
                raise InputError(
                    "no such file", file=accepted_file, hint="create it with --accept, or fix the path"
                )
        else:
            result.accept(load_accepted(accepted_file))
    return DiffRun(result, fail_on, accepted_file)


def _deprecation_days(settings: Mapping[str, object], manifest: Path | None) -> int | None:
    """`diff.deprecation_days`: the notice an operation deprecated without `x-sunset` gets."""
    value = settings.get("deprecation_days")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(
            f"diff.deprecation_days: expected a whole number of days (0 or more), got {value!r}",
            file=manifest,
            hint="e.g. deprecation_days: 90",
        )
    return value
