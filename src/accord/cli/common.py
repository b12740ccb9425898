"""Options and output helpers shared by the commands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.atomic import write_text_atomic
from accord.report import Format, Report, Severity, human_pieces, render, summary_line

if TYPE_CHECKING:
    from accord.contracts.registry import Registry

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
ListRulesOption = Annotated[
    bool,
    typer.Option(
        "--list-rules",
        "--list-checks",
        help="List every rule (id, severity, why) and exit; honours --format json.",
    ),
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
    """The human layout of `report.render_human`, with colour where the terminal has it."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    # One Text printed once: a print (and markup parse) per finding costs seconds on big contracts.
    out = Text()
    for text, role in human_pieces(report):
        out.append(text, style=_STYLES.get(role, ""))
    console.print(out, end="")


def list_registry(registry: Registry[Any], fmt: Format) -> None:
    """Any registry, listed the same way: a table of id, severity and why, or json."""
    rules = sorted(registry.load(), key=lambda rule: rule.id)
    if fmt is Format.json:
        import json

        rows = [{"id": r.id, "severity": r.severity.value, "rationale": r.rationale} for r in rules]
        typer.echo(json.dumps({"kind": registry.kind, "rules": rows}, indent=2))
        return
    width = max((len(r.id) for r in rules), default=0)
    typer.echo("".join(f"{r.id:<{width}}  {r.severity.value:<7}  {r.rationale}\n" for r in rules), nl=False)
