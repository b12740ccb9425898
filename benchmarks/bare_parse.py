"""The floor a checker cannot go under: read and parse a contract's files, nothing else.

    python benchmarks/bare_parse.py FILE...   # parse each file, as one process

`files(contract)` lists the files a contract is made of (a text search for `$ref`s, done
before the timed process starts). JSON with the standard library, YAML with yaml_rs (the
parser accord itself uses).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml_rs

_FILE_REF = re.compile(r"""\$ref["']?\s*:\s*["']?([^"'#\s,}]+)""")


def files(contract: Path) -> list[Path]:
    """The contract and every file its `$ref`s reach, transitively."""
    found = {contract.resolve()}
    todo = list(found)
    while todo:
        current = todo.pop()
        for target in _FILE_REF.findall(current.read_text(encoding="utf-8")):
            path = (current.parent / target).resolve()
            if path not in found and path.is_file():
                found.add(path)
                todo.append(path)
    return sorted(found)


def parse(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml_rs.loads(text, parse_datetime=False)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        parse(Path(name))
