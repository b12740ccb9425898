"""The lines of a system repository's .gitignore that accord needs: its caches, logs and temp folders.

`.accord/scaffold/` is not among them: it holds the pristine renderings `scaffold update` merges
against and must be committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.atomic import write_text_atomic
from accord.errors import InputError

__all__ = ["IGNORED", "GitignoreUpdate", "ensure_gitignore", "planned_gitignore"]

IGNORED = (
    ".accord/cache/",
    ".accord/logs/",
    ".accord/tmp/",
    ".hypothesis/",
    "*.egg-info/",
    "__pycache__/",
)
HEADER = "# accord: caches, logs and temp folders (.accord/scaffold/ is committed)"


@dataclass(frozen=True)
class GitignoreUpdate:
    """The .gitignore with accord's missing lines added, ready to write."""

    path: Path
    text: str
    added: tuple[str, ...]
    new: bool  # no .gitignore was there

    def write(self) -> None:
        write_text_atomic(self.path, self.text)


def planned_gitignore(folder: Path) -> GitignoreUpdate | None:
    """What `folder`/.gitignore becomes with the lines accord needs (None: it has them all).
    Reads only, so a .gitignore accord cannot read stops `init` before it writes anything."""
    path = folder / ".gitignore"
    if path.is_dir():
        raise InputError("this is a folder, not a file to write", file=path, hint="give a file name")
    try:
        text = path.read_text("utf-8") if path.is_file() else ""
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=path, hint="save it as UTF-8") from None
    present = {line.strip() for line in text.splitlines()}
    missing = tuple(line for line in IGNORED if line not in present and f"/{line}" not in present)
    if not missing:
        return None
    if text and not text.endswith("\n"):
        text += "\n"
    block = "\n".join([HEADER, *missing]) + "\n"
    return GitignoreUpdate(path, f"{text}\n{block}" if text else block, missing, not path.exists())


def ensure_gitignore(folder: Path) -> tuple[str, ...]:
    """Add the lines accord needs to `folder`/.gitignore, keeping what is there; returns those added."""
    update = planned_gitignore(folder)
    if update is None:
        return ()
    update.write()
    return update.added
