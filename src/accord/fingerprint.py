"""What a cached result depends on besides its input files: accord's own code and the libraries it calls.

accord's version alone is not enough: an editable install changes a rule without a new version,
and an upgraded validator library can change the findings.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import util
from pathlib import Path

from accord import __version__

__all__ = ["code_fingerprint"]


@cache
def code_fingerprint(package: str, libraries: tuple[str, ...] = (), *, also: tuple[str, ...] = ()) -> str:
    """A hash of accord's version, the installed `libraries` (top-level module names) and every
    .py file of `package` and of the packages `also` names. A library counts by the path, size
    and mtime of its `__init__.py`: reading distribution metadata would cost a quarter of a
    second, more than a cache hit saves."""
    digest = hashlib.sha256(f"accord=={__version__}\n".encode())
    for name in libraries:
        found = util.find_spec(name)  # finds, does not import
        origin = found.origin if found and found.origin else None
        stat = Path(origin).stat() if origin else None
        digest.update(f"{name}:{origin}:{stat and stat.st_size}:{stat and stat.st_mtime_ns}\n".encode())
    for name in (package, *also):
        spec = util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            root = Path(folder)
            for path in sorted(root.rglob("*.py")):
                digest.update(f"{name}/{path.relative_to(root).as_posix()}\0".encode() + path.read_bytes())
    return digest.hexdigest()
