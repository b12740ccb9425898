"""Write files whole or not at all, so an interrupted command never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["write_text_atomic"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it into place."""
    import tempfile  # here: every command imports this module, few write a file

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp creates 0600; give the file the mode an ordinary write would (or keep the old one).
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
