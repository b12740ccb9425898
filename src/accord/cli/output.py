"""What the commands write: results to stdout, notes and progress to stderr, one human layout.

Without typer: the plain hook command lines (`accord.cli.direct`) print through here, and
importing typer costs more than checking a small contract.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.atomic import write_text_atomic
from accord.report import Format, Report, human_pieces, render, render_human, summary_line

if TYPE_CHECKING:
    from accord.contracts.registry import Registry

__all__ = ["echo", "emit", "list_registry", "print_human"]


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write `text` (and a newline) to stdout, or to stderr with `err`, and flush it."""
    stream = sys.stderr if err else sys.stdout
    stream.write(f"{text}\n" if nl else text)
    stream.flush()


def emit(report: Report, fmt: Format, output: Path | None) -> None:
    """Render a report to the terminal or a file; with a file, say where it went. The report's
    notes go to stderr wherever the format has no place for them (stdout stays the report)."""
    if output is not None or fmt in (Format.human, Format.json, Format.sarif):
        for note in report.notes:
            echo(f"note: {note}", err=True)
    if output is not None:
        write_text_atomic(output, render(report, fmt))
        echo(f"{summary_line(report)} (report written to {output})")
        return
    if fmt is Format.human:
        print_human(report)
    else:
        echo(render(report, fmt), nl=False)


_STYLES = {
    "file": "bold",
    "error": "bold red",
    "warning": "yellow",
    "info": "cyan",
    "rule": "dim",
    "failed": "red",
    "passed": "green",
}


def print_human(report: Report) -> None:
    """The human layout of `report.render_human`, with colour where the terminal has it. Without
    a terminal (a pipe, a CI log) the same text is written plain: rich takes seconds on 100,000
    findings."""
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        # What rich writes without colour: its control codes dropped, tabs expanded.
        plain = render_human(report).translate(_RICH_STRIPS)
        echo(plain.expandtabs(8) if "\t" in plain else plain, nl=False)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    # One Text printed once: a print (and markup parse) per finding costs seconds on big contracts.
    out = Text()
    for text, role in human_pieces(report):
        out.append(text, style=_STYLES.get(role, ""))
    console.print(out, end="")


def list_registry(registry: Registry[Any], fmt: Format, *more: Registry[Any]) -> None:
    """Any registry (or several of one command, listed as one), listed the same way: a table
    of id, severity and why, or json (its `kind` the first registry's)."""
    rules = sorted((rule for each in (registry, *more) for rule in each.load()), key=lambda rule: rule.id)
    if fmt is Format.json:
        import json

        rows = [{"id": r.id, "severity": r.severity.value, "rationale": r.rationale} for r in rules]
        echo(json.dumps({"kind": registry.kind, "rules": rows}, indent=2))
        return
    width = max((len(r.id) for r in rules), default=0)
    echo("".join(f"{r.id:<{width}}  {r.severity.value:<7}  {r.rationale}\n" for r in rules), nl=False)


_RICH_STRIPS = dict.fromkeys((7, 8, 11, 12, 13))  # rich.control.STRIP_CONTROL_CODES
