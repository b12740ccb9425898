"""Find the OpenAPI and AsyncAPI contracts in a folder: the YAML and JSON files whose top
level names their specification. Shared by every command that takes folders."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

__all__ = ["CONTRACT_SUFFIXES", "contracts_in", "looks_like_contract"]

CONTRACT_SUFFIXES = (".yaml", ".yml", ".json")
SKIPPED_FOLDERS = {"node_modules", "venv", "__pycache__"}  # and every hidden folder (.git, .accord, ...)
_SNIFF_BYTES = 64 * 1024
# YAML: a top-level `openapi:`/`swagger:`/`asyncapi:` key. JSON: the key anywhere near the top
# (a minified document has everything on its first line).
_YAML_KEY = re.compile(
    rb"""^(?:(?:openapi|swagger|asyncapi)\s*:|\s*["'](?:openapi|swagger|asyncapi)["']\s*:)""", re.M
)
_JSON_KEY = re.compile(rb'"(?:openapi|swagger|asyncapi)"\s*:')


def contracts_in(folder: Path) -> list[Path]:
    """Every contract below `folder`, sorted; hidden folders and dependency folders are skipped."""
    return [path for path in sorted(_files_below(folder)) if looks_like_contract(path)]


def _files_below(folder: Path) -> Iterator[Path]:
    for child in folder.iterdir():
        if child.is_dir() and child.name not in SKIPPED_FOLDERS and not child.name.startswith("."):
            yield from _files_below(child)
        elif child.is_file() and child.suffix.lower() in CONTRACT_SUFFIXES:
            yield child


def looks_like_contract(path: Path) -> bool:
    """Whether a file's top names OpenAPI, Swagger or AsyncAPI (an unreadable one: yes, so
    that loading it says what is wrong)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return True
    pattern = _JSON_KEY if path.suffix.lower() == ".json" else _YAML_KEY
    return pattern.search(head) is not None
