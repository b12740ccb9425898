"""A content-hash cache of lint findings in `.accord/cache/lint/` beside accord.yaml.

An entry holds the findings of one contract and the SHA-256 of every file they came from
(the contract and each file its `$ref`s reached). A second run over unchanged files reads
the findings back without parsing anything; any changed file, rule code, rule set or configuration
misses. The cache is only an optimisation: any trouble with it is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord.contracts.model import Contract
from accord.documents.reading import real_path
from accord.report import Finding, Severity

__all__ = ["LintCache"]

FORMAT = 1


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class LintCache:
    """Findings by contract path, valid while every file they depend on is unchanged."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.folder = folder
        from accord.fingerprint import code_fingerprint

        # The rules are accord's code: an edited rule misses even without a new version.
        self.salt = (
            f"{FORMAT}:{code_fingerprint('accord.contracts', ('yaml',), also=('accord.documents',))}:{salt}"
        )

    def _entry(self, path: Path, salt: str) -> Path:
        key = hashlib.sha256(f"{self.salt}:{salt}:{real_path(path)}".encode()).hexdigest()
        return self.folder / f"{key[:32]}.json"

    def get(self, path: Path, salt: str, display: Callable[[Path], str]) -> list[Finding] | None:
        """The cached findings of `path`, or None when anything they depend on changed."""
        try:
            entry = json.loads(self._entry(path, salt).read_text("utf-8"))
            for name, digest in entry["files"].items():
                if _sha(Path(name)) != digest:
                    return None
            return [_finding(item, display) for item in entry["findings"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(
        self, contract: Contract, salt: str, findings: list[Finding], display: Callable[[Path], str]
    ) -> None:
        """Remember the findings of a contract with the hashes of the files it read."""
        files = {str(real_path(doc.path)): _sha(doc.path) for doc in contract.resolver.documents}
        if None in files.values() or any("://" in name for name in files):
            return  # remote or vanished documents cannot be checked later
        absolute = {display(Path(name)): name for name in files}
        items = [{**f.to_dict(), "file": absolute.get(f.file or "", f.file)} for f in findings]
        try:
            from accord.atomic import write_text_atomic

            write_text_atomic(
                self._entry(contract.path, salt), json.dumps({"files": files, "findings": items})
            )
        except OSError:
            pass


def _finding(item: dict[str, Any], display: Callable[[Path], str]) -> Finding:
    return Finding(
        rule=item["rule"],
        severity=Severity(item["severity"]),
        message=item["message"],
        file=display(Path(item["file"])) if item["file"] else None,
        line=item["line"],
        column=item["column"],
        pointer=item["pointer"],
    )
