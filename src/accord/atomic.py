"""Write files whole or not at all, so an interrupted command never leaves half a file."""

from __future__ import annotations

import os
from pathlib import Path

from accord.errors import InputError

__all__ = ["write_text_atomic"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it into place (its folders
    made first). A place that cannot take a file (a folder, a device, no permission) is an
    InputError naming it, with nothing left behind."""
    import tempfile  # here: every command imports this module, few write a file

    if path.is_dir():
        raise InputError("this is a folder, not a file to write", file=path, hint="give a file name")
    if path.exists() and not path.is_file():
        # A device, a FIFO or a socket (`-o /dev/null`): renaming over it would replace the node
        # itself with a regular file, which as root breaks the system's /dev.
        raise InputError(
            "not a regular file: accord writes only files it can replace whole",
            file=path,
            hint="give a file name (without -o the report goes to stdout)",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        # mkstemp creates 0600; give the file the mode an ordinary write would (or keep the old one).
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(path, exc) from None
        raise


def _unwritable(path: Path, exc: OSError) -> InputError:
    # Folders cannot be made below a file; the system's word for it ("File exists") says little.
    below = next((folder for folder in path.parents if folder.exists()), None)
    reason = f"{below} is a file, not a folder" if below and not below.is_dir() else exc.strerror or str(exc)
    return InputError(
        f"cannot write this file: {reason}", file=path, hint="check the path and its permissions"
    )
