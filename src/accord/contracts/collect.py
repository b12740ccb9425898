"""The files a validate or lint run reads, from the paths the user gave: one way for both."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from accord.contracts.discover import contracts_in
from accord.errors import InputError

__all__ = ["collect_contracts"]


def collect_contracts(paths: Iterable[Path]) -> list[Path]:
    """The files of a validate or lint run: files given stay (even if they turn out not to be
    contracts; loading says why), folders give their contracts and `.proto` files. A missing
    path, or a folder with nothing to check, is bad input: a typo must not pass as "0 files"."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            from accord.contracts.proto.sources import proto_files_in

            inside = contracts_in(path) + proto_files_in(path)
            if not inside:
                raise InputError(
                    "this folder holds no OpenAPI or AsyncAPI contract and no .proto file",
                    file=path,
                    hint="give contract files, or a folder of files that start with `openapi:`/`asyncapi:`",
                )
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise InputError("no such file or folder", file=path, hint="check the path")
    return list(dict.fromkeys(found))  # each once, in order
