"""OLD from git: the contracts as they are at a base ref, in a temporary folder, so `$ref`s
between files resolve the way they did at that commit."""

from __future__ import annotations

import datetime
import os
import posixpath
import re
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import InputError, ToolError

if TYPE_CHECKING:
    import subprocess

__all__ = ["Snapshot", "snapshot"]


class Snapshot:
    """The files of the repository at `ref`, written under `folder` as they are asked for: a
    contract and, transitively, the files its `$ref`s name. Nothing else of the tree is read,
    so a repository of 40,000 JSON files costs no more than one of ten."""

    def __init__(self, ref: str, toplevel: Path, folder: Path, blobs: _BlobReader) -> None:
        self.ref = ref
        self.toplevel = toplevel
        self.folder = folder
        self._blobs = blobs
        self._done: set[str] = set()

    def path_for(self, current: Path) -> Path:
        """Where a file was at the ref (it may not exist there): a working-tree path, or one
        already inside the snapshot (as a manifest at the ref names them)."""
        resolved = Path(os.path.realpath(current))
        base = self.folder if resolved.is_relative_to(self.folder) else self.toplevel
        try:
            relative = resolved.relative_to(base)
        except ValueError:
            raise InputError(
                f"{current} is outside the git repository at {self.toplevel}", file=current
            ) from None
        self._extract(relative.as_posix())
        return self.folder / relative

    def _extract(self, name: str) -> None:
        todo = [name]
        while todo:
            name = todo.pop()
            if name in self._done:
                continue
            self._done.add(name)
            blob = self._blobs.read(f"{self.ref}:{name}")
            if blob is None:
                continue
            target = self.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
            todo.extend(_referenced_files(name, blob))

    def date(self) -> datetime.date:
        """The committer date of the ref (UTC)."""
        done = _git(["show", "-s", "--format=%ct", self.ref], self.toplevel)
        seconds = done.stdout.decode().strip() if done.returncode == 0 else ""
        if not seconds.isdigit():
            raise InputError(
                f"cannot read the date of git ref {self.ref!r}", hint="pass a commit, branch or tag"
            )
        return datetime.datetime.fromtimestamp(int(seconds), datetime.UTC).date()

    def folder_for(self, current: Path, suffix: str = ".proto") -> Path:
        """A working-tree folder as it was at the ref: its files ending in `suffix`, all of
        them (`.proto` imports name files by import root, not by a path a file can follow)."""
        target = self.path_for(current)
        relative = target.relative_to(self.folder).as_posix()
        listed = _git(["ls-tree", "-r", "--name-only", "-z", self.ref, "--", f"{relative}/"], self.toplevel)
        for name in listed.stdout.decode("utf-8", "replace").split("\0"):
            if name.endswith(suffix):
                self._extract(name)
        return target

    def shown(self) -> dict[str, str]:
        """Snapshot paths as the user should read them: `REF:path`."""
        return {str(self.folder) + "/": f"{self.ref}:"}


# `$ref: 'file.yaml#/x'` in YAML or JSON; a file named here that is not one costs one lookup.
_REF = re.compile(rb"""["']?\$ref["']?\s*:\s*["']?([^"'#\s,}]+)""")


def _referenced_files(name: str, blob: bytes) -> list[str]:
    folder = posixpath.dirname(name)
    found = []
    for match in _REF.finditer(blob):
        target = match.group(1).decode("utf-8", "replace")
        if "://" in target or target.startswith("/"):
            continue
        joined = posixpath.normpath(posixpath.join(folder, urllib.parse.unquote(target)))
        if not joined.startswith("../"):
            found.append(joined)
    return found


class _BlobReader:
    """`git cat-file --batch`: one process answers every lookup of a run."""

    def __init__(self, toplevel: Path) -> None:
        import subprocess  # here: diffs of two files never start git

        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=toplevel, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def read(self, spec: str) -> bytes | None:
        """The blob at `REF:path`, or None if there is none (missing, or a folder)."""
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(spec.encode() + b"\n")
        stdin.flush()
        header = stdout.readline().split()
        if len(header) != 3:
            return None  # "<spec> missing" (or ambiguous)
        content = stdout.read(int(header[2]) + 1)[:-1]
        return content if header[1] == b"blob" else None

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        raise ToolError("git is not installed", hint="install git, or pass OLD and NEW files")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


@contextmanager
def snapshot(ref: str, cwd: Path) -> Iterator[Snapshot]:
    """The files of `ref`, extracted on demand into a temporary folder for the duration."""
    from accord.git_changes import repository_at

    hint = "--base-ref compares with a git commit; run it in a repository, or pass OLD and NEW"
    toplevel = repository_at(ref, cwd, outside_hint=hint)
    import tempfile

    blobs = _BlobReader(toplevel)
    try:
        with tempfile.TemporaryDirectory(prefix="accord-base-") as folder:
            yield Snapshot(ref, toplevel, Path(os.path.realpath(folder)), blobs)
    finally:
        blobs.close()
