"""Command groups loaded on first use: `accord contracts lint` builds only the `contracts`
group, and `accord --help` builds none (typer's introspection of every command's
signature cost 75 ms on each start, more than the rest of a hook run on a small file)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer._click.utils import make_default_short_help
from typer.core import TyperArgument

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
    SHORTEN_HELP = False  # a group whose commands were built eagerly showed their help shortened

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in self.LAZY if name not in self.commands)]

    def get_command(self, ctx: Any, name: str) -> Any:
        command = super().get_command(ctx, name)
        if command is None and name in self.LAZY:
            command = build_command(name, self.LAZY[name])
            self.commands[name] = command
        elif command is not None:
            readable_metavars(command)
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
            elif self.SHORTEN_HELP:  # as typer shortens the help of commands it built
                limit = formatter.width - 6 - max(map(len, self.list_commands(ctx)))
                rows.append((name, make_default_short_help(self.LAZY[name].short_help, limit)))
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
    command = typer.main.get_command(parent).commands[name]  # type: ignore[attr-defined]
    readable_metavars(command)
    return command


def readable_metavars(command: Any) -> None:
    """Name every value in help as a word (`--port PORT`, `SERVICE`), not as a type (`<int>`,
    `{service}`); an option with choices keeps showing them. Explicit metavars are kept."""
    for param in getattr(command, "params", ()):
        if isinstance(param, TyperArgument):
            param.__class__ = _WordArgument
        if param.metavar is not None or getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if isinstance(param, TyperArgument):
            param.metavar = (param.name or "value").upper()
        elif not _has_choices(param):
            longest = max(param.opts, key=len).lstrip("-")
            param.metavar = longest.replace("-", "_").upper()
    for sub in getattr(command, "commands", {}).values():
        readable_metavars(sub)


class _WordArgument(TyperArgument):
    """An argument shown as its word alone: `NAME`, `[PATHS]...` (typer writes `{name}` and a type)."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        if self.nargs != 1 and not name.rstrip("]").endswith("..."):
            name += "..."
        return name if self.required or name.startswith("[") else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _has_choices(param: Any) -> bool:
    descriptor = getattr(param, "type_descriptor", None)
    return bool(getattr(descriptor, "is_choice", False)) or hasattr(getattr(param, "type", None), "choices")
