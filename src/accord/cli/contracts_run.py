"""What `accord contracts validate`, `lint` and `diff` do, from their options to the report and
the exit code: shared by the typer commands and the plain hook command lines
(`accord.cli.direct`), and free of typer, which those lines never import."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING

from accord.cli.output import echo, emit, list_registry
from accord.report import Format, Severity

if TYPE_CHECKING:
    from accord.contracts.diff.engine import DiffResult
    from accord.manifest import Workspace

__all__ = ["Category", "FailOn", "run_diff_command", "run_lint", "run_validate"]


class FailOn(enum.StrEnum):
    error = "error"
    warning = "warning"


class Category(enum.StrEnum):
    wire = "wire"
    wire_json = "wire-json"
    source = "source"


def _workspace(explicit: Path | None, *, required: bool) -> Workspace | None:
    """`accord.manifest.find_workspace`, with the manifest's model imported only when there is
    an accord.yaml to load: a hook's command line given files, outside any workspace, needs
    none of it (a tenth of the start-up of a plain `contracts diff OLD NEW`)."""
    from accord.documents.reading import find_manifest

    found = find_manifest(explicit=explicit, required=required)
    if found is None:
        return None
    from accord.manifest import load_workspace

    return load_workspace(found)


def run_validate(
    paths: list[Path] | None,
    *,
    allow_remote: bool = False,
    allow_outside_refs: bool = False,
    fmt: Format = Format.human,
    output: Path | None = None,
    list_rules: bool = False,
    lint: bool = False,
    no_cache: bool = False,
    workspace: Path | None = None,
    fail_on: Severity = Severity.error,
) -> int:
    """What `accord contracts validate` does, from its options to the report and exit code
    (also for a plain command line: `accord.cli.direct`)."""
    from accord.contracts.validate import validate_paths
    from accord.contracts.validation_rules import RULES
    from accord.documents.reading import using_policy

    if list_rules:
        list_registry(RULES, fmt)
        return 0
    from accord.contracts.model import shared_loads

    found = _workspace(workspace, required=not paths)
    protos = []
    if not paths:
        from accord.contracts.proto.sources import workspace_proto_sources

        assert found is not None
        paths, protos = found.contracts(), workspace_proto_sources(found)
    with using_policy(allow_remote=allow_remote, allow_outside=allow_outside_refs), shared_loads():
        report = validate_paths(paths, allow_remote=allow_remote, use_cache=not no_cache, protos=protos)
        if lint:
            from accord.contracts.lint.engine import lint_workspace_or_paths

            # The same files, in the same process: one interpreter start instead of two per commit.
            linted = lint_workspace_or_paths(list(paths), workspace=found, cache=not no_cache)
            report.tool = "validate+lint"
            report.extend(linted.findings)
    report.fail_on = fail_on
    emit(report, fmt, output)
    return report.exit_code


def run_lint(
    paths: list[Path] | None,
    *,
    fmt: Format = Format.human,
    output: Path | None = None,
    workspace: Path | None = None,
    fail_on: Severity = Severity.error,
    list_rules: bool = False,
    no_cache: bool = False,
    allow_outside_refs: bool = False,
) -> int:
    """What `accord contracts lint` does, from its options to the report and exit code (also
    run without typer for a plain command line: `accord.cli.direct`)."""
    if list_rules:
        from accord.contracts.lint import LINT_RULES, PROTO_LINT_RULES

        list_registry(LINT_RULES, fmt, PROTO_LINT_RULES)
        return 0
    from accord.contracts.lint import lint_workspace_or_paths
    from accord.documents.reading import using_policy

    found = _workspace(workspace, required=not paths)
    with using_policy(allow_outside=allow_outside_refs):
        report = lint_workspace_or_paths(paths or [], workspace=found, fail_on=fail_on, cache=not no_cache)
    emit(report, fmt, output)
    return report.exit_code


def run_diff_command(
    paths: list[Path],
    *,
    base_ref: str | None = None,
    fail_on: FailOn | None = None,
    fmt: Format = Format.human,
    output: Path | None = None,
    accepted: Path | None = None,
    accept: bool = False,
    reason: str = "accepted with --accept",
    level: list[str] | None = None,
    category: Category | None = None,
    list_checks: bool = False,
    workspace: Path | None = None,
    allow_outside_refs: bool = False,
) -> int:
    """What `accord contracts diff` does, from its options to the report and exit code (also
    run without typer for a plain `diff OLD NEW`: `accord.cli.direct`)."""
    from accord.contracts.diff.command import DiffRequest, run_diff
    from accord.documents.reading import using_policy

    if list_checks:
        from accord.contracts.diff.registry import CHECKS

        list_registry(CHECKS, fmt)
        return 0
    request = DiffRequest(
        paths=tuple(paths),
        base_ref=base_ref,
        workspace=_workspace(workspace, required=not paths),  # two files need none
        accepted=accepted,
        fail_on=Severity(fail_on) if fail_on else None,
        accept=accept,
        reason=reason,
        levels=tuple(level or ()),
        category=category.value if category else None,
    )
    with using_policy(allow_outside=allow_outside_refs):
        run = run_diff(request)
    report = run.result.report(run.fail_on)
    if accept:
        echo(f"{run.written} change(s) recorded in {run.accepted_file}", err=True)
    if fmt is Format.markdown:
        _emit_changelog(run.result, run.fail_on, output)
    else:
        emit(report, fmt, output)
    return report.exit_code


def _emit_changelog(result: DiffResult, fail_on: Severity, output: Path | None) -> None:
    from accord.atomic import write_text_atomic
    from accord.contracts.diff.markdown import render_changelog

    text = render_changelog(result, fail_on)
    if output is not None:
        write_text_atomic(output, text)
        echo(f"change log written to {output}")
    else:
        echo(text, nl=False)
