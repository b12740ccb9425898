"""Options and output helpers shared by the commands."""

from __future__ import annotations

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
    """Findings with colour, grouped by file, then the summary line."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    style = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    # One Text printed once: a print (and markup parse) per finding costs seconds on big contracts.
    out = Text()
    current = None
    for finding in report.sorted_findings():
        if finding.file != current:
            current = finding.file
            out.append(f"{current or '-'}\n", style="bold")
        where = f"{finding.line or '-'}:{finding.column or '-'}"
        sev = finding.severity.value
        out.append(f"  {where:>9}  ")
        out.append(f"{sev:<7}", style=style[sev])
        out.append(f"  {finding.message}  ")
        out.append(f"{finding.rule}\n", style="dim")
    out.append(summary_line(report), style="red" if report.failed else "green")
    console.print(out)
