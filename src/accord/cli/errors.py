"""Turn exceptions into the exit codes of the error model: 2 for user errors, 70 for bugs."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from accord.errors import AccordError

INTERNAL_ERROR = 70
SIGPIPE_EXIT = 141
DEBUG_KEY = "accord.debug"


def _is_cli_control_flow(exc: BaseException) -> bool:
    """Exit, Abort and usage errors of typer/click: they carry their own exit codes."""
    return type(exc).__module__.split(".")[0] in {"click", "typer"}


def _plain_usage_message(exc: BaseException) -> None:
    """A bad option value reads "'x' is not one of ...", without the validator's "Value error, "."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message.startswith("Value error, "):
        exc.message = message.removeprefix("Value error, ")  # type: ignore[attr-defined]


def exit_code_for(exc: Exception, *, debug: bool) -> int:
    """Say what went wrong and give the exit code for what a command raised; re-raise what
    is not ours to map (typer's and click's own exits and usage errors, and with `debug`,
    the bugs)."""
    if isinstance(exc, AccordError):
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`accord ... | head`): not an error of accord. Exit as a
        # process killed by SIGPIPE would, without a second error while flushing stdout.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return SIGPIPE_EXIT
    if _is_cli_control_flow(exc):
        _plain_usage_message(exc)
        raise exc
    if debug or os.environ.get("ACCORD_DEBUG"):
        raise exc
    typer.echo(
        f"internal error: {type(exc).__name__}: {exc}\n"
        "  This is a bug in accord. Run again with --debug for the traceback and report it.",
        err=True,
    )
    return INTERNAL_ERROR


class AccordGroup(TyperGroup):
    """The root command group: runs a command and maps what it raises to an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            ctx.exit(exit_code_for(exc, debug=bool(ctx.meta.get(DEBUG_KEY))))
        return None  # pragma: no cover
