"""The typer options the commands share (their output: `accord.cli.output`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.report import Format, Severity

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
