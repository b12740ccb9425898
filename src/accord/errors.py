"""The one error model of accord: every mistake a user can make becomes an AccordError.

Hierarchy::

    AccordError          anything the user can fix; the CLI prints it and exits 2
    ├── InputError       a file that cannot be read or parsed (missing, binary, bad YAML, ...)
    ├── ConfigError      accord.yaml (or a command's options) is wrong
    ├── ContractError    a contract is unusable beyond what a finding can say (e.g. $ref cycle)
    └── ToolError        an external tool accord drives (nginx, pact, git) is missing or failed

Check failures (an invalid contract, a breaking change) are not errors: they are findings,
and their commands exit 1.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["AccordError", "ConfigError", "ContractError", "InputError", "ToolError"]


class AccordError(Exception):
    """A problem the user can act on: where it is, what is wrong, what to do."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def where(self) -> str:
        """`file:line:column`, as far as known."""
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.where()}: {self.message}" if self.file else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(AccordError):
    """A file accord was given cannot be read or parsed."""


class ConfigError(AccordError):
    """accord.yaml or the options of a command are wrong."""


class ContractError(AccordError):
    """A contract cannot be processed at all (as opposed to a finding about it)."""


class ToolError(AccordError):
    """An external tool accord drives is missing or failed."""
