"""The lines of a system repository's .gitignore that accord needs: its caches, logs and temp folders.

`.accord/scaffold/` is not among them: it holds the pristine renderings `scaffold update` merges
against and must be committed.
"""

from __future__ import annotations

from pathlib import Path

from accord.atomic import write_text_atomic

__all__ = ["IGNORED", "ensure_gitignore"]

IGNORED = (
    ".accord/cache/",
    ".accord/logs/",
    ".accord/tmp/",
    ".hypothesis/",
    "*.egg-info/",
    "__pycache__/",
)
HEADER = "# accord: caches, logs and temp folders (.accord/scaffold/ is committed)"


def ensure_gitignore(folder: Path) -> tuple[str, ...]:
    """Add the lines accord needs to `folder`/.gitignore, keeping what is there; returns those added."""
    path = folder / ".gitignore"
    text = path.read_text("utf-8") if path.is_file() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = tuple(line for line in IGNORED if line not in present and f"/{line}" not in present)
    if not missing:
        return ()
    if text and not text.endswith("\n"):
        text += "\n"
    block = "\n".join([HEADER, *missing]) + "\n"
    write_text_atomic(path, f"{text}\n{block}" if text else block)
    return missing
