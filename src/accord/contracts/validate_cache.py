"""A content-hash cache of validation results: an unchanged contract is not checked twice.

An entry is keyed by the root file's absolute path; it holds the sha256 of every file the
contract is made of, a fingerprint of the code that checked it (accord's contracts package and
the validator libraries) and the findings. It is used only while every one of
those files still has the same hash. Entries live in `$XDG_CACHE_HOME/accord/validate/`
(or `~/.cache/accord/validate/`); a broken entry is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.documents.reading import real_path
from accord.report import Finding, Severity

__all__ = ["ValidationCache", "cache_dir"]

_FORMAT = 2
# The libraries whose versions decide the findings, besides accord's own code.
_LIBRARIES = ("openapi_spec_validator", "jsonschema", "jsonschema_specifications", "yaml")


def _code() -> str:
    from accord.fingerprint import code_fingerprint

    return code_fingerprint("accord.contracts", _LIBRARIES, also=("accord.documents",))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accord" / "validate"


class ValidationCache:
    """Findings per contract, valid while the contract's files keep their content."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def default(cls) -> ValidationCache:
        return cls(cache_dir())

    def _entry_path(self, root: Path) -> Path:
        key = hashlib.sha256(str(real_path(root)).encode()).hexdigest()
        return self.folder / f"{key}.json"

    def get(self, root: Path) -> list[Finding] | None:
        try:
            entry = json.loads(self._entry_path(root).read_text("utf-8"))
            if entry.get("format") != _FORMAT or entry.get("code") != _code():
                return None
            for name, digest in entry["files"].items():
                if _digest(Path(name)) != digest:
                    return None
            return [_finding(item) for item in entry["findings"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, root: Path, files: list[Path], findings: list[Finding]) -> None:
        try:
            entry = {
                "format": _FORMAT,
                "code": _code(),
                "files": {str(real_path(path)): _digest(path) for path in files},
                "findings": [asdict(f) for f in findings],
            }
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self._entry_path(root), json.dumps(entry))
        except OSError:
            return  # a read-only or full disk only costs the next run its speed-up


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _finding(item: dict[str, Any]) -> Finding:
    return Finding(**{**item, "severity": Severity(item["severity"])})
