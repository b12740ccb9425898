"""Load pact-python the way accord needs it: no analytics, quiet stdout, versions from git."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

__all__ = ["DEFAULT_TIMEOUT", "captured_stdout", "git_output", "load_pact", "redact_credentials"]

DEFAULT_TIMEOUT = 30.0
# `scheme://user:password@host`: everything between `//` and `@` is a secret.
_USER_INFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"<>]+@")


def redact_credentials(text: str) -> str:
    """The text with the user-info of every URL in it (`user:password@`) replaced by `***@`."""
    return _USER_INFO.sub(r"\1***@", text)


def load_pact() -> ModuleType:
    """The `pact` module, imported only after usage analytics are switched off."""
    # The Rust core reads this when it is loaded and would otherwise phone home.
    os.environ["PACT_DO_NOT_TRACK"] = "true"
    import pact

    return pact


@contextlib.contextmanager
def captured_stdout() -> Iterator[list[str]]:
    """Capture what native code writes to file descriptor 1 (the verifier prints there).

    The list yielded is filled with the captured text when the block ends; accord renders
    the verifier's results itself, so its raw console output must not reach our stdout.
    """
    sys.stdout.flush()
    captured: list[str] = []
    saved = os.dup(1)
    with tempfile.TemporaryFile(mode="w+b") as sink:
        os.dup2(sink.fileno(), 1)
        try:
            yield captured
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", "replace"))


def git_output(args: list[str], cwd: Path) -> str | None:
    """The stripped stdout of a git command, or None outside a repository or without git."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None
