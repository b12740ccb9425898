"""The `lint:` section of accord.yaml: rule severities (or off) and per-path ignores.

Unknown rule ids are a ConfigError naming the line, so a typo never silently disables a rule.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from accord.documents.loader import child_pointer
from accord.errors import ConfigError
from accord.report import Severity

__all__ = ["LintConfig", "PathIgnore", "lint_config"]

OFF = "off"


class PathIgnore(NamedTuple):
    """Rules (all of them when `rules` is None) not to run on files matching a glob."""

    glob: str
    rules: frozenset[str] | None = None

    def matches(self, relative: str) -> bool:
        return fnmatch.fnmatch(relative, self.glob) or fnmatch.fnmatch(relative, self.glob.removeprefix("./"))


class LintConfig(NamedTuple):
    """Which rules run, at what severity, and where they are ignored."""

    severities: Mapping[str, Severity | None] = MappingProxyType({})
    ignores: tuple[PathIgnore, ...] = ()
    root: Path | None = None

    def severity(self, rule_id: str, default: Severity) -> Severity | None:
        """The severity a rule reports at; None when it is turned off."""
        return self.severities.get(rule_id, default)

    def ignored_rules(self, path: Path) -> frozenset[str] | None:
        """Rules ignored for a file: None for none, an empty set meaning *all*."""
        relative = _relative(path, self.root)
        found: set[str] = set()
        for ignore in self.ignores:
            if ignore.matches(relative):
                if ignore.rules is None:
                    return frozenset()
                found |= ignore.rules
        return frozenset(found) if found else None


def _relative(path: Path, root: Path | None) -> str:
    from accord.documents.reading import real_path

    resolved = real_path(path)  # not Path.resolve: a loop of links must reach the loader's message
    if root is not None and resolved.is_relative_to(real_path(root)):
        return resolved.relative_to(real_path(root)).as_posix()
    return path.as_posix()


def lint_config(section: Mapping[str, Any], *, known: set[str], root: Path, manifest: Path) -> LintConfig:
    """Build the configuration from the manifest's `lint:` mapping (already schema-checked)."""
    severities: dict[str, Severity | None] = {}
    for rule_id, level in (section.get("rules") or {}).items():
        _check_known(rule_id, known, manifest, child_pointer("/lint/rules", rule_id))
        severities[rule_id] = None if level in (OFF, False) else Severity(level)
    ignores: list[PathIgnore] = []
    for index, entry in enumerate(section.get("ignore") or []):
        rules = entry.get("rules")
        for position, rule_id in enumerate(rules or []):
            _check_known(rule_id, known, manifest, child_pointer("/lint/ignore", index, "rules", position))
        ignores.append(PathIgnore(entry["path"], None if rules is None else frozenset(rules)))
    return LintConfig(severities, tuple(ignores), root)


def _check_known(rule_id: str, known: set[str], manifest: Path, pointer: str) -> None:
    if rule_id in known:
        return
    from difflib import get_close_matches

    from accord.documents.loader import load_document

    location = load_document(manifest, require_mapping=False).locate(pointer)
    close = get_close_matches(rule_id, sorted(known), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ConfigError(
        f"lint: unknown rule {rule_id!r}",
        file=manifest,
        line=location.line,
        column=location.column,
        hint=hint + "`accord contracts lint --list-rules` lists the rules",
    )
