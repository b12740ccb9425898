"""OLD from git: the contracts as they are at a base ref, in a temporary folder, so `$ref`s
between files resolve the way they did at that commit."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from accord.contracts.discover import CONTRACT_SUFFIXES
from accord.errors import InputError, ToolError

__all__ = ["Snapshot", "snapshot"]


@dataclass(frozen=True)
class Snapshot:
    """The contract files of the repository at `ref`, extracted under `folder`."""

    ref: str
    toplevel: Path
    folder: Path

    def path_for(self, current: Path) -> Path:
        """Where a working-tree file was at the ref (it may not exist there)."""
        try:
            relative = current.resolve().relative_to(self.toplevel)
        except ValueError:
            raise InputError(
                f"{current} is outside the git repository at {self.toplevel}", file=current
            ) from None
        return self.folder / relative

    def shown(self) -> dict[str, str]:
        """Snapshot paths as the user should read them: `REF:path`."""
        return {str(self.folder) + "/": f"{self.ref}:"}


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise ToolError("git is not installed", hint="install git, or pass OLD and NEW files")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


@contextmanager
def snapshot(ref: str, cwd: Path) -> Iterator[Snapshot]:
    """Extract every YAML/JSON file of `ref` into a temporary folder for the duration."""
    from accord.git_changes import repository_at

    hint = "--base-ref compares with a git commit; run it in a repository, or pass OLD and NEW"
    toplevel = repository_at(ref, cwd, outside_hint=hint)
    listing = _git(["ls-tree", "-r", "-z", "--name-only", ref], toplevel)
    names = [
        n for n in listing.stdout.decode("utf-8", "replace").split("\0") if n.endswith(CONTRACT_SUFFIXES)
    ]
    with tempfile.TemporaryDirectory(prefix="accord-base-") as folder:
        if names:
            archive = _git(["archive", "--format=tar", ref, "--", *names], toplevel)
            if archive.returncode != 0:
                raise ToolError(
                    f"git archive {ref} failed: {archive.stderr.decode(errors='replace').strip()}"
                )
            with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
                tar.extractall(folder, filter="data")
        yield Snapshot(ref, toplevel, Path(folder).resolve())
