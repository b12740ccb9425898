"""Command groups loaded on first use: `accord contracts lint` builds only the `contracts`
group, and `accord --help` builds none (typer's introspection of every command's
signature cost 75 ms on each start, more than the rest of a hook run on a small file)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer

from accord.cli.errors import AccordGroup

__all__ = ["LazyCommand", "LazyGroup"]


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (`module:attribute`: a typer app or a command function) and its
    one-line help, shown by `accord --help` without importing the module."""

    target: str
    short_help: str


class LazyGroup(AccordGroup):
    """The root group: eager commands as typer builds them, plus `LAZY` ones built on demand."""

    LAZY: dict[str, LazyCommand] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in self.LAZY if name not in self.commands)]

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.LAZY:
            command = build_command(name, self.LAZY[name])
            self.commands[name] = command
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
            else:
                rows.append((name, self.LAZY[name].short_help))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def build_command(name: str, lazy: LazyCommand) -> Any:
    """The click command of a typer app or a command function, built as typer builds a
    sub-command (a typer app of one command stays a group, as `add_typer` makes it)."""
    module_name, _, attribute = lazy.target.partition(":")
    target = getattr(importlib.import_module(module_name), attribute)
    parent = typer.Typer()
    parent.callback()(lambda: None)
    if isinstance(target, typer.Typer):
        parent.add_typer(target, name=name)
    else:
        parent.command(name)(target)
    return typer.main.get_command(parent).commands[name]  # type: ignore[attr-defined]
