"""Options and output helpers shared by the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from accord.atomic import write_text_atomic
from accord.report import Format, Report, Severity, render, summary_line

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Folder with accord.yaml (default: search upwards from the current folder).",
        file_okay=True,
        dir_okay=True,
    ),
]
AllowRemoteOption = Annotated[
    bool, typer.Option("--allow-remote", help="Fetch http(s) `$ref`s (never fetched otherwise).")
]
AllowOutsideRefsOption = Annotated[
    bool,
    typer.Option(
        "--allow-outside-refs",
        help="Follow local `$ref`s to files outside the workspace (refused otherwise).",
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)]
FailOnOption = Annotated[
    Severity,
    typer.Option("--fail-on", help="Exit 1 when a finding is at least this severe.", case_sensitive=False),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to this file instead of the terminal."),
]


def emit(report: Report, fmt: Format, output: Path | None) -> None:
    """Render a report to the terminal or a file; with a file, say where it went. The report's
    notes go to stderr wherever the format has no place for them (stdout stays the report)."""
    if output is not None or fmt in (Format.human, Format.json, Format.sarif):
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
    if output is not None:
        write_text_atomic(output, render(report, fmt))
        typer.echo(f"{summary_line(report)} (report written to {output})")
        return
    if fmt is Format.human:
        print_human(report)
    else:
        typer.echo(render(report, fmt), nl=False)


def print_human(report: Report) -> None:
    """Findings with colour, grouped by file, then the summary line. Without a terminal (a pipe,
    a CI log) the same text is written plain: rich takes seconds on 100,000 findings."""
    if not sys.stdout.isatty() and not os.environ.get("FORCE_COLOR"):
        # What rich writes without colour: its control codes dropped, tabs expanded.
        plain = "".join(text for text, _ in _human_parts(report)).translate(_RICH_STRIPS)
        typer.echo(plain.expandtabs(8) if "\t" in plain else plain)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    # One Text printed once: a print (and markup parse) per finding costs seconds on big contracts.
    out = Text()
    for text, style in _human_parts(report):
        out.append(text, style=style)
    console.print(out)


_RICH_STRIPS = dict.fromkeys((7, 8, 11, 12, 13))  # rich.control.STRIP_CONTROL_CODES
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _human_parts(report: Report) -> Iterator[tuple[str, str | None]]:
    """(text, rich style) pieces of the human report."""
    current = None
    for finding in report.sorted_findings():
        if finding.file != current:
            current = finding.file
            yield f"{current or '-'}\n", "bold"
        where = f"{finding.line or '-'}:{finding.column or '-'}"
        sev = finding.severity.value
        yield f"  {where:>9}  ", None
        yield f"{sev:<7}", _STYLE[sev]
        yield f"  {finding.message}  ", None
        yield f"{finding.rule}\n", "dim"
    yield summary_line(report), "red" if report.failed else "green"
