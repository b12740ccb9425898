"""Run the lint rules over contracts: configuration, inline and path ignores, one report.

The sequence: find the contract files -> load each -> run every enabled rule -> drop what
`x-accord-ignore` or `lint.ignore` silences -> findings at their file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.contracts.collect import collect_contracts
from accord.contracts.findings_cache import FindingsCache
from accord.contracts.lint.base import IGNORE_KEY, LINT_RULES, Hit, LintContext
from accord.contracts.lint.config import LintConfig, lint_config
from accord.contracts.model import Contract, load_contract
from accord.documents.loader import Document, paused_gc, pointer_tokens
from accord.errors import ConfigError
from accord.report import Finding, Report, Severity, display_path

if TYPE_CHECKING:
    from accord.contracts.proto.sources import ProtoSources
    from accord.manifest import Workspace

__all__ = ["IGNORE_KEY", "lint_contract", "lint_paths", "lint_workspace_or_paths"]


def lint_paths(
    paths: Iterable[Path],
    config: LintConfig | None = None,
    cache: FindingsCache | None = None,
    *,
    protos: Sequence[ProtoSources] = (),
) -> Report:
    """Lint contract files (and folders of them) and groups of `.proto` files; an unreadable
    file raises InputError."""
    config = config or LintConfig()
    report = Report("lint")
    seen: set[Finding] = set()
    files = collect_contracts(paths)
    proto_files = [p for p in files if p.suffix == ".proto"]
    if proto_files or protos:  # .proto support is imported when there are .proto files
        from accord.contracts.lint.proto_engine import lint_protos
        from accord.contracts.proto.sources import proto_groups

        for group in proto_groups(proto_files, protos):
            report.checked.extend(display_path(p) for p in group.files)
            report.findings.extend(lint_protos(group, config))
    with paused_gc():
        for path in (p for p in files if p.suffix != ".proto"):
            salt = _config_salt(config, path)
            findings = cache.get("lint", path, salt) if cache else None
            if findings is None:
                contract = load_contract(path)
                findings = lint_contract(contract, config)
                if cache:
                    cache.put("lint", path, (d.name for d in contract.resolver.documents), findings, salt)
            report.checked.append(display_path(path))
            for finding in findings:
                if finding not in seen:
                    seen.add(finding)
                    report.findings.append(finding)
    return report


def _config_salt(config: LintConfig, path: Path) -> str:
    """What of the configuration decides a file's findings (part of the cache key)."""
    severities = sorted((rule, level.value if level else "off") for rule, level in config.severities.items())
    ignored = config.ignored_rules(path)
    return repr((LINT_RULES.load().ids(), severities, None if ignored is None else sorted(ignored)))


def lint_contract(contract: Contract, config: LintConfig | None = None) -> list[Finding]:
    """The findings of every enabled rule on one contract."""
    config = config or LintConfig()
    ignored = config.ignored_rules(contract.path)
    if ignored is not None and not ignored:
        return []
    ctx = LintContext(contract)
    silencer = _InlineIgnores(contract)
    places = _Places()
    findings: list[Finding] = []
    for rule in LINT_RULES.load():
        severity = config.severity(rule.id, rule.severity)
        if severity is None or (ignored and rule.id in ignored):
            continue
        for hit in rule.check(ctx):
            if not silencer.silenced(rule.id, hit):
                findings.append(places.finding(hit.document or contract.document, rule.id, severity, hit))
    return findings


class _Places:
    """Turns hits into findings, keeping one display name per document."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def finding(self, document: Document, rule_id: str, severity: Severity, hit: Hit) -> Finding:
        if document.name not in self._names:
            self._names[document.name] = display_path(document.path)
        name = self._names[document.name]
        where = document.locate(hit.pointer)
        return Finding(rule_id, severity, hit.message, name, where.line, where.column, hit.pointer or "/")


class _InlineIgnores:
    """`x-accord-ignore: [rule, ...]` on any mapping silences those rules there and below."""

    def __init__(self, contract: Contract) -> None:
        self.root = contract.document
        self.everywhere = _rules_of(contract.data)
        self._mentioned: dict[str, bool] = {}

    def silenced(self, rule_id: str, hit: Hit) -> bool:
        if rule_id in self.everywhere:
            return True
        document = hit.document or self.root
        if document.name not in self._mentioned:  # most files have no inline ignores at all
            self._mentioned[document.name] = IGNORE_KEY in document.text
        if not self._mentioned[document.name]:
            return False
        return rule_id in _ignores_along(document, hit.pointer)


def _rules_of(value: Any) -> frozenset[str]:
    rules = value.get(IGNORE_KEY) if isinstance(value, dict) else None
    if isinstance(rules, str):
        return frozenset({rules})
    if isinstance(rules, list):
        return frozenset(str(r) for r in rules)
    return frozenset()


def _ignores_along(document: Document, pointer: str) -> set[str]:
    """The rules ignored by the mappings on the way from the document's root to `pointer`."""
    value: Any = document.data
    found = set(_rules_of(value))
    for token in pointer_tokens(pointer):
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            break
        found |= _rules_of(value)
    return found


def lint_workspace_or_paths(
    paths: list[Path],
    *,
    workspace: Workspace | None = None,
    fail_on: Severity = Severity.error,
    cache: bool = True,
    protos: Sequence[ProtoSources] | None = None,
) -> Report:
    """What `accord contracts lint` does: the given paths, or every contract of accord.yaml.

    The `lint:` configuration comes from the workspace's accord.yaml; linting explicit paths
    works without one. Findings are cached by content hash in the one findings cache that
    validate uses too (`accord.contracts.findings_cache`). `protos` (default: with no paths,
    every service's `grpc:` files) are the `.proto` groups linted beside the paths.
    """
    found = workspace
    if found is None and not paths:
        raise ConfigError("no contracts given and no accord.yaml found", hint="pass contract paths")
    config = LintConfig()
    if found is not None:
        from accord.contracts.lint.proto_base import PROTO_LINT_RULES
        from accord.contracts.proto.sources import workspace_proto_sources

        known = set(LINT_RULES.load().ids()) | set(PROTO_LINT_RULES.load().ids())
        config = lint_config(found.manifest.lint, known=known, root=found.root, manifest=found.manifest_path)
        if not paths and protos is None:
            paths, protos = found.contracts(), workspace_proto_sources(found)
    report = lint_paths(paths, config, FindingsCache() if cache else None, protos=protos or ())
    report.fail_on = fail_on
    return report
