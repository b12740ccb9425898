"""`accord contracts validate FILE...`, `accord contracts lint FILE...` and `accord contracts
diff OLD NEW` as hooks and CI run them, answered without typer.

Typer reads every option through pydantic: importing the two and building the command tree
costs more CPU than validating a small contract, on every commit. A command line made only
of file paths and on/off flags runs here, through the same function as the typer command
(`run_validate`, `run_lint`, `run_diff_command`) and the same mapping of errors to exit
codes; anything else (another option, `--help`, `--`, a path that starts with "-", shell
completion) is left to typer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

__all__ = ["run_plain_command"]

_VALIDATE_FLAGS = frozenset({"--lint", "--no-cache", "--allow-remote", "--allow-outside-refs"})
_LINT_FLAGS = frozenset({"--no-cache", "--allow-outside-refs"})
_DIFF_FLAGS = frozenset({"--accept", "--allow-outside-refs"})
_FLAGS = {"validate": _VALIDATE_FLAGS, "lint": _LINT_FLAGS, "diff": _DIFF_FLAGS}
_INTERRUPTED = 130  # what typer exits with on Ctrl-C


def run_plain_command(argv: list[str]) -> int | None:
    """The exit code of a plain `contracts validate`, `lint` or `diff` command line, or None to
    leave it to typer."""
    if argv[:1] != ["contracts"] or len(argv) < 2 or argv[1] not in _FLAGS:
        return None
    if "_ACCORD_COMPLETE" in os.environ:
        return None
    command = argv[1]
    known = _FLAGS[command]
    flags: set[str] = set()
    paths: list[Path] = []
    for arg in argv[2:]:
        if arg in known:
            flags.add(arg)
        elif not arg or arg.startswith("-"):
            return None
        else:
            paths.append(Path(arg))
    if not paths:
        return None  # every contract of accord.yaml: the typer command
    try:
        return _RUNS[command](paths, flags)
    except KeyboardInterrupt:
        return _INTERRUPTED
    except Exception as exc:
        from accord.cli.errors import exit_code_for

        return exit_code_for(exc, debug=False)


def _validate(paths: list[Path], flags: set[str]) -> int:
    from accord.cli.contracts_run import run_validate

    return run_validate(
        paths,
        lint="--lint" in flags,
        no_cache="--no-cache" in flags,
        allow_remote="--allow-remote" in flags,
        allow_outside_refs="--allow-outside-refs" in flags,
    )


def _lint(paths: list[Path], flags: set[str]) -> int:
    from accord.cli.contracts_run import run_lint

    return run_lint(paths, no_cache="--no-cache" in flags, allow_outside_refs="--allow-outside-refs" in flags)


def _diff(paths: list[Path], flags: set[str]) -> int:
    from accord.cli.contracts_run import run_diff_command

    return run_diff_command(
        paths, accept="--accept" in flags, allow_outside_refs="--allow-outside-refs" in flags
    )


_RUNS: dict[str, Callable[[list[Path], set[str]], int]] = {
    "validate": _validate,
    "lint": _lint,
    "diff": _diff,
}
