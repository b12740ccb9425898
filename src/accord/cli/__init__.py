"""The `accord` command line: thin typer commands over the core packages."""

from __future__ import annotations

import os
import sys

# Plain help is three times faster to print than rich's panels, and hooks and scripts call
# `accord` on every commit; TYPER_USE_RICH=1 brings the panels back.
os.environ.setdefault("TYPER_USE_RICH", "0")

__all__ = ["main"]


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        # Answer without building the command tree: version checks run in hooks and scripts.
        from accord import __version__

        print(f"accord {__version__}")
        return
    from accord.cli.direct import run_plain_command

    code = run_plain_command(sys.argv[1:])
    if code is not None:  # a hook's plain `contracts validate|lint|diff` line: no command tree
        sys.exit(code)
    from accord.cli.app import app

    app(prog_name="accord")
