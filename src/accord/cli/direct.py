"""`accord contracts validate FILE...` as hooks and CI run it, answered without typer.

Typer reads every option through pydantic: importing the two and building the command tree
costs more CPU than validating a small contract, on every commit. A command line made only
of file paths and the on/off flags of `contracts validate` runs here, through the same
`run_validate` and the same mapping of errors to exit codes as the typer command; anything
else (another option, `--help`, `--`, a path that starts with "-", shell completion) is
left to typer.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["run_plain_command"]

_VALIDATE_FLAGS = frozenset({"--lint", "--no-cache", "--allow-remote", "--allow-outside-refs"})
_INTERRUPTED = 130  # what typer exits with on Ctrl-C


def run_plain_command(argv: list[str]) -> int | None:
    """The exit code of a plain `contracts validate` command line, or None to leave it to typer."""
    if argv[:2] != ["contracts", "validate"] or "_ACCORD_COMPLETE" in os.environ:
        return None
    flags: set[str] = set()
    paths: list[Path] = []
    for arg in argv[2:]:
        if arg in _VALIDATE_FLAGS:
            flags.add(arg)
        elif not arg or arg.startswith("-"):
            return None
        else:
            paths.append(Path(arg))
    if not paths:
        return None  # every contract of accord.yaml: the typer command
    from accord.cli.contracts_validate import run_validate
    from accord.cli.errors import exit_code_for

    try:
        return run_validate(
            paths,
            lint="--lint" in flags,
            no_cache="--no-cache" in flags,
            allow_remote="--allow-remote" in flags,
            allow_outside_refs="--allow-outside-refs" in flags,
        )
    except KeyboardInterrupt:
        return _INTERRUPTED
    except Exception as exc:
        return exit_code_for(exc, debug=False)
