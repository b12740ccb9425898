"""`accord report`: work with the json reports other commands wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli.common import FormatOption, OutputOption
from accord.cli.output import emit
from accord.report import Format

app = typer.Typer(help="Merge the json reports of several CI jobs into one report.")


@app.command()
def merge(
    reports: Annotated[
        list[Path], typer.Argument(help="json reports (accord ci -f json -o FILE), one per job.")
    ],
    fmt: FormatOption = Format.human,
    output: OutputOption = None,
) -> None:
    """Merge the json reports of `accord ci --shard I/N` jobs into one report and one exit code."""
    from accord.report_merge import merge_reports

    report = merge_reports(reports)
    emit(report, fmt, output)
    raise typer.Exit(report.exit_code)
