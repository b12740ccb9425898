"""One content-hash cache of findings, for validate and lint alike: an unchanged contract is
not checked twice.

An entry is keyed by what produced it (`validate`, or `lint` with the configuration that
decides its findings), the root file's real path and a fingerprint of the code that checked it
(accord's contracts and documents packages, the validator libraries). It holds the sha256 of
every file the findings came from (the root and each file its `$ref`s reached) and the
findings, with absolute file names; it is used only while every one of those files still has
the same hash. Entries live in `$XDG_CACHE_HOME/accord/findings/` (or
`~/.cache/accord/findings/`); a broken entry is ignored, never an error.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accord.atomic import write_text_atomic
from accord.documents.reading import real_path
from accord.errors import InputError
from accord.report import Finding, Severity, display_path

__all__ = ["FindingsCache", "cache_dir"]

_FORMAT = 3
# The libraries whose versions decide the findings, besides accord's own code.
_LIBRARIES = ("openapi_spec_validator", "jsonschema", "jsonschema_specifications", "yaml")


@functools.cache
def _code() -> str:
    from accord.fingerprint import code_fingerprint

    return code_fingerprint("accord.contracts", _LIBRARIES, also=("accord.documents",))


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accord" / "findings"


class FindingsCache:
    """Findings per (kind, settings, contract), valid while the contract's files keep their content."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_dir()

    def entry_path(self, kind: str, root: Path, settings: str = "") -> Path:
        import hashlib  # here: `--no-cache` runs never load OpenSSL

        key = f"{_FORMAT}\0{_code()}\0{kind}\0{settings}\0{real_path(root)}"
        return self.folder / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.json"

    def get(self, kind: str, root: Path, settings: str = "") -> list[Finding] | None:
        """The findings stored for `root`, named for the current folder, or None on any miss."""
        try:
            entry = json.loads(self.entry_path(kind, root, settings).read_text("utf-8"))
            for name, digest in entry["files"].items():
                if _digest(Path(name)) != digest:
                    return None
            return [_finding(item) for item in entry["findings"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(
        self, kind: str, root: Path, files: Iterable[str], findings: list[Finding], settings: str = ""
    ) -> None:
        """Remember `findings` with the hashes of `files` (a remote one is never cached)."""
        names = list(files)
        if any("://" in name for name in names):
            return  # remote documents can change without a local file changing
        hashes = {str(real_path(Path(name))): _digest(Path(name)) for name in names}
        if None in hashes.values():
            return  # a file that vanished cannot be checked later
        items = [{**f.to_dict(), "file": _absolute(f.file)} for f in findings]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            entry = {"files": hashes, "findings": items}
            write_text_atomic(self.entry_path(kind, root, settings), json.dumps(entry))
        except (OSError, InputError):  # InputError: write_text_atomic's word for an OSError
            return  # a read-only or full disk only costs the next run its speed-up


def _absolute(file: str | None) -> str | None:
    if file is None or "://" in file:
        return file
    return str(Path(file).absolute())


def _digest(path: Path) -> str | None:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _finding(item: dict[str, Any]) -> Finding:
    file = item["file"]
    return Finding(
        rule=item["rule"],
        severity=Severity(item["severity"]),
        message=item["message"],
        file=display_path(file) if file and "://" not in file else file,
        line=item["line"],
        column=item["column"],
        pointer=item["pointer"],
    )
