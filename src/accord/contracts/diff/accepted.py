"""Accepted changes: a reviewed file of check id + operation (+ path, reason) that CI does not
fail on again. Format (YAML)::

    accepted:
      - check: response-property-type-changed
        operation: GET /pets/{id}
        path: $.age            # optional: only this place of the operation
        reason: v2 migration, approved in #123
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from accord.contracts.diff.model import Change
from accord.contracts.diff.normalize import path_shape
from accord.errors import InputError
from accord.report import Severity

__all__ = ["Acceptance", "apply_accepted", "load_accepted", "write_accepted"]


class Acceptance(NamedTuple):
    check: str
    operation: str
    path: str | None = None
    reason: str | None = None

    def matches(self, change: Change) -> bool:
        if self.check != change.check or _operation_key(self.operation) != _operation_key(change.operation):
            return False
        return self.path is None or self.path in change.where


def _operation_key(operation: str) -> str:
    method, _, path = operation.strip().partition(" ")
    return f"{method.upper()} {path_shape(path)}" if path.startswith("/") else operation.strip()


def load_accepted(path: Path) -> list[Acceptance]:
    """The accepted changes of a file; InputError naming the entry for anything malformed."""
    from accord.documents.loader import load_document

    document = load_document(path, require_mapping=False)
    data: Any = document.data
    entries = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError(
            "an accepted-changes file is a mapping with an `accepted:` list",
            file=path,
            line=1,
            hint="accepted:\n    - {check: operation-removed, operation: GET /pets, reason: ...}",
        )
    found = []
    for index, entry in enumerate(entries):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("check"), str)
            and isinstance(entry.get("operation"), str)
        ):
            where = document.locate(f"/accepted/{index}")
            raise InputError(
                "each accepted change needs `check` and `operation` (strings)",
                file=path,
                line=where.line,
                column=where.column,
            )
        found.append(
            Acceptance(entry["check"], entry["operation"], _opt(entry.get("path")), _opt(entry.get("reason")))
        )
    return found


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def apply_accepted(changes: list[Change], acceptances: list[Acceptance]) -> list[Change]:
    if not acceptances:
        return changes
    result = []
    for change in changes:
        match = next((a for a in acceptances if a.matches(change)), None)
        result.append(change._replace(accepted=match.reason or "accepted") if match else change)
    return result


def write_accepted(path: Path, changes: Iterable[Change], reason: str) -> int:
    """Add the breaking and may-break changes to the file (kept comments and entries); how many."""
    from io import StringIO

    from ruamel.yaml import YAML

    from accord.atomic import write_text_atomic

    yaml = YAML()
    existing = load_accepted(path) if path.exists() else []
    data = yaml.load(path.read_text("utf-8")) if path.exists() else None
    if data is None:
        data = yaml.load(
            "# Accepted breaking changes: `accord contracts diff` does not fail on these.\naccepted: []\n"
        )
    added = 0
    for change in changes:
        if change.severity is Severity.info or change.accepted is not None:
            continue
        entry = Acceptance(change.check, change.operation, _path_of(change.where), reason)
        if any(
            a.check == entry.check and a.operation == entry.operation and a.path == entry.path
            for a in existing
        ):
            continue
        existing.append(entry)
        item = {"check": entry.check, "operation": entry.operation}
        if entry.path:
            item["path"] = entry.path
        item["reason"] = reason
        data["accepted"].append(item)
        added += 1
    out = StringIO()
    yaml.dump(data, out)
    write_text_atomic(path, out.getvalue())
    return added


def _path_of(where: str) -> str | None:
    match = re.search(r"\$\S*$", where)
    return where if match is None else match.group(0)
