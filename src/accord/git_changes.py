"""The files a branch changed since a git ref: what `accord ci --changed-since REF` starts from.

Committed changes are `git diff REF...HEAD` (since the merge base, as a pull request shows
them); uncommitted ones (staged, unstaged and untracked files) count too, so a run on a
developer's machine sees what CI will see after the commit.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from accord.errors import InputError, ToolError

__all__ = ["changed_files", "repository_at"]


def changed_files(ref: str, cwd: Path) -> set[Path]:
    """Absolute paths of every file added, modified, deleted or renamed (both names) since `ref`."""
    toplevel = repository_at(
        ref, cwd, outside_hint="--changed-since compares with a git commit; run accord ci in the repository"
    )
    names: set[str] = set()
    for args in (
        ["diff", "--name-only", "--no-renames", "-z", f"{ref}...HEAD"],
        ["diff", "--name-only", "--no-renames", "-z", "HEAD"],
        ["ls-files", "--others", "--exclude-standard", "-z"],
    ):
        done = _git(args, toplevel)
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip()
            raise ToolError(f"git {' '.join(args[:2])} failed: {detail}", hint="is the ref related to HEAD?")
        names.update(n for n in done.stdout.decode("utf-8", "replace").split("\0") if n)
    return {toplevel / name for name in names}


def repository_at(ref: str, cwd: Path, *, outside_hint: str) -> Path:
    """The top folder of the git repository around `cwd`, once `ref` is known to name a commit."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise InputError(
            "not inside a git repository",
            file=cwd,
            hint=outside_hint,
        )
    toplevel = Path(top.stdout.decode().strip()).resolve()
    if (
        ref.startswith("-")
        or _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], toplevel).returncode
    ):
        raise InputError(
            f"unknown git ref {ref!r}",
            hint="fetch it first (git fetch origin main; a shallow clone needs its history, e.g. "
            "fetch-depth: 0) or name a branch, tag or commit that exists",
        )
    return toplevel


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise ToolError("git is not installed", hint="install git, or run accord ci without --changed-since")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
