"""Put a scaffolded service in place so that a kill at any moment can be undone.

Everything is prepared in a run folder under `.accord/tmp/` named after the process
(`run-<pid>-…`), with a journal listing each install (prepared source -> destination, with a
backup place for what the destination held). Installs are renames; registering the service in
accord.yaml is the last step, one atomic rename: the commit. A run that dies before it is undone
by the next one (its process is gone): every install is reversed, whatever point it reached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["COMMITTED", "Run", "clean_stale", "guarded", "pause_point", "run_folder", "sha"]

JOURNAL = "journal.json"
COMMITTED = "committed"
STALE_AFTER = 86400  # seconds: a folder of a live pid this old belongs to a reused pid
STALE_UNOWNED = 600  # seconds: a temp folder without a pid in its name is debris after this
PAUSE_ENV = "ACCORD_TEST_PAUSE_AT"
_PID = re.compile(r"-(\d+)-")


@dataclass
class Run:
    """The run folder and the journal of installs planned in it."""

    folder: Path
    manifest: Path
    manifest_sha: str = ""
    registered_before: bool = False
    name: str = ""
    installs: list[tuple[str, str, str]] = field(default_factory=list)  # (source, destination, backup)

    def stage(self, destination: Path) -> Path:
        """A place in the run folder to prepare what will be installed at `destination`."""
        index = len(self.installs)
        source = self.folder / f"new-{index}"
        self.installs.append((str(source), str(destination), str(self.folder / f"old-{index}")))
        return source

    def install(self) -> None:
        """Write the journal, then install every staged path in order (each a backup and a rename)."""
        (self.folder / JOURNAL).write_text(self.journal(), "utf-8")
        for index, (source, destination, backup) in enumerate(self.installs):
            pause_point(f"install-{index}", self.folder)
            if Path(destination).exists() or Path(destination).is_symlink():
                Path(destination).rename(backup)
            Path(destination).parent.mkdir(parents=True, exist_ok=True)
            Path(source).rename(destination)

    def journal(self) -> str:
        data = {
            "manifest": str(self.manifest),
            "manifest_sha": self.manifest_sha,
            "registered_before": self.registered_before,
            "name": self.name,
            "installs": self.installs,
        }
        return json.dumps(data, indent=2)


def run_folder(scratch: Path) -> Path:
    scratch.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=scratch))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def undo(folder: Path) -> None:
    """Reverse the installs of the run in `folder` (last first); each step is safe to repeat."""
    data = json.loads((folder / JOURNAL).read_text("utf-8"))
    for source, destination, backup in reversed(data["installs"]):
        src, dest, old = Path(source), Path(destination), Path(backup)
        if not src.exists():  # installed: remove what the run put there
            _remove(dest)
        if old.exists() or old.is_symlink():
            _remove(dest)
            old.rename(dest)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def committed(folder: Path) -> bool:
    """The run got as far as writing accord.yaml."""
    if (folder / COMMITTED).exists():
        return True
    data = json.loads((folder / JOURNAL).read_text("utf-8"))
    manifest = Path(data["manifest"])
    if not manifest.is_file():
        return False
    text = manifest.read_text("utf-8")
    if sha(text) == data["manifest_sha"]:
        return True
    if data["registered_before"]:
        return False
    from accord.manifest import load_manifest

    with contextlib.suppress(Exception):
        return str(data["name"]) in load_manifest(manifest).services
    return False


def clean_stale(scratch: Path) -> list[Path]:
    """Undo and remove the run folders (and stray temp folders) of processes that are gone."""
    if not scratch.is_dir():
        return []
    cleaned = []
    for folder in sorted(scratch.iterdir()):
        if not _stale(folder):
            continue
        if (folder / JOURNAL).is_file() and not committed(folder):
            undo(folder)
        _remove(folder)
        cleaned.append(folder)
    return cleaned


def _stale(folder: Path) -> bool:
    try:
        age = time.time() - folder.lstat().st_mtime
    except FileNotFoundError:
        return False
    owner = _PID.search(folder.name)
    if owner is None:
        return age > STALE_UNOWNED
    return age > STALE_AFTER or not _alive(int(owner.group(1)))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pause_point(step: str, folder: Path) -> None:
    """Stop here, for the crash tests, when ACCORD_TEST_PAUSE_AT names this step; otherwise nothing.

    The process writes `paused` in its run folder and sleeps until it is killed.
    """
    if os.environ.get(PAUSE_ENV) != step:
        return
    (folder / "paused").write_text(step, "utf-8")
    while True:
        time.sleep(60)


@contextlib.contextmanager
def guarded(run: Run) -> Iterator[None]:
    """Undo the run's installs if anything fails before the commit; remove the run folder after."""
    try:
        yield
    except BaseException:
        if (run.folder / JOURNAL).is_file() and not (run.folder / COMMITTED).exists():
            undo(run.folder)
        raise
    finally:
        shutil.rmtree(run.folder, ignore_errors=True)
