"""The `accord` command line: thin typer commands over the core packages."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        # Answer without building the command tree: version checks run in hooks and scripts.
        from accord import __version__

        print(f"accord {__version__}")
        return
    from accord.cli.app import app

    app(prog_name="accord")
