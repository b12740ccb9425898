"""Contract health per service, read from a json report (`{"findings": [...], "summary": {...}}`).

Findings are matched to services by file path (the service's contracts, then its folder, then
pact files named after it); rule ids tell breaking changes and pact failures apart.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from accord.errors import InputError
from accord.graph.model import ServiceHealth, Status
from accord.manifest import Service, Workspace

__all__ = ["health_from_report", "load_report_findings"]

BREAKING_PREFIXES = ("diff", "breaking")
PACT_PREFIXES = ("pact", "pact-check", "pact-verify")
MAX_MESSAGES = 8


def load_report_findings(path: Path) -> list[dict[str, Any]]:
    """The findings of a json report written by any accord check command (or `accord ci`)."""
    from accord.documents.reading import read_regular_file

    if not path.exists():
        raise InputError("report not found", file=path, hint="write one with `--format json --output FILE`")
    try:
        payload = json.loads(read_regular_file(path).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read the report: {exc}", file=path) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not a json report: {exc.msg}", file=path, line=exc.lineno, column=exc.colno
        ) from None
    except RecursionError:
        raise InputError("not a json report: it is nested too deeply", file=path) from None
    findings = payload.get("findings") if isinstance(payload, dict) else None
    if not isinstance(findings, list) or not all(isinstance(f, dict) and "rule" in f for f in findings):
        raise InputError(
            'not an accord json report: expected {"findings": [{"rule": ..., ...}], "summary": {...}}',
            file=path,
            hint="write one with `accord ci --format json --output FILE`",
        )
    return findings


def health_from_report(workspace: Workspace, findings: list[dict[str, Any]]) -> dict[str, ServiceHealth]:
    """Each service's health; a service no finding names is valid."""
    matched: dict[str, list[dict[str, Any]]] = {name: [] for name in workspace.manifest.services}
    for finding in findings:
        for name in _services_of(workspace, finding):
            matched[name].append(finding)
    return {name: _health(items) for name, items in matched.items()}


def _services_of(workspace: Workspace, finding: dict[str, Any]) -> list[str]:
    file = finding.get("file")
    if not isinstance(file, str) or not file:
        return []
    target = _relative(workspace, file)
    services = list(workspace.manifest.services.values())
    for match in (_by_contract, _by_folder):
        names = [s.name for s in services if match(s, target)]
        if names:
            return names
    if _rule_prefix(str(finding.get("rule", ""))) in PACT_PREFIXES or target.suffix == ".json":
        # Pact files are named consumer-provider.json: the pact concerns both sides.
        parts = target.stem.split("-")
        return [s.name for s in services if s.name in parts or s.name == target.stem]
    return []


def _relative(workspace: Workspace, file: str) -> PurePosixPath:
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(workspace.root)
        except ValueError:
            return PurePosixPath(path.as_posix())
    return PurePosixPath(path.as_posix())


def _by_contract(service: Service, target: PurePosixPath) -> bool:
    contracts = [PurePosixPath(c) for c in (service.openapi, service.asyncapi) if c]
    return any(target == c or str(target).endswith(f"/{c}") for c in contracts)


def _by_folder(service: Service, target: PurePosixPath) -> bool:
    if not service.path:
        return False
    folder = PurePosixPath(service.path)
    return folder in target.parents or f"/{folder}/" in f"/{target}"


def _rule_prefix(rule: str) -> str:
    """`diff/openapi.path-removed` -> `diff`; `pact.missing-route` -> `pact`."""
    for separator in ("/", ":", "."):
        if separator in rule:
            return rule.split(separator, 1)[0]
    return rule


def _health(findings: list[dict[str, Any]]) -> ServiceHealth:
    errors = [f for f in findings if f.get("severity") == "error"]
    warnings = [f for f in findings if f.get("severity") == "warning"]
    breaking = [f for f in errors if _rule_prefix(str(f["rule"])) in BREAKING_PREFIXES]
    pacts = [f for f in errors if _rule_prefix(str(f["rule"])) in PACT_PREFIXES]
    if pacts:
        status = Status.pact_failing
    elif breaking:
        status = Status.breaking
    elif errors:
        status = Status.errors
    elif warnings:
        status = Status.warnings
    else:
        status = Status.valid
    worst_first = [*errors, *warnings]
    messages = tuple(
        f"[{f['rule']}] {(str(f.get('message') or '').splitlines() or [''])[0]}" for f in worst_first
    )
    return ServiceHealth(status, len(errors), len(warnings), len(breaking), messages[:MAX_MESSAGES])
