"""Lint `.proto` files: compile them, run every enabled proto rule, honour `lint:` in accord.yaml
(rule levels and path ignores, as for OpenAPI and AsyncAPI)."""

from __future__ import annotations

from pathlib import Path

from accord.contracts.lint.config import LintConfig
from accord.contracts.lint.proto_base import PROTO_LINT_RULES
from accord.contracts.proto.loader import build_protos
from accord.contracts.proto.model import ProtoApi
from accord.contracts.proto.sources import ProtoSources
from accord.report import Finding, display_path

__all__ = ["lint_protos"]


def lint_protos(group: ProtoSources, config: LintConfig | None = None) -> list[Finding]:
    """The findings of every enabled proto rule on one group of files."""
    config = config or LintConfig()
    api = ProtoApi.from_build(build_protos(group.files, group.import_roots))
    findings: list[Finding] = []
    for rule in PROTO_LINT_RULES:
        severity = config.severity(rule.id, rule.severity)
        if severity is None:
            continue
        for hit in rule.check(api):
            ignored = config.ignored_rules(Path(hit.file.source))
            if ignored is not None and (not ignored or rule.id in ignored):
                continue
            where = hit.file.locate(hit.pointer)
            shown = display_path(hit.file.source)
            findings.append(
                Finding(rule.id, severity, hit.message, shown, where.line, where.column, hit.pointer)
            )
    return findings
